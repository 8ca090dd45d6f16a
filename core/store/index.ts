export { openDatabase, workspaceDatabasePath, DATABASE_FILE, type Db, type OpenOptions } from './database';
export { AuditLog, type AuditEvent, type AuditEventInput, type AuditFilter, type AuditKind } from './audit-log';
export type { AuditVerification, VerifyOptions } from './audit-chain';
export { isDatabaseBusy, StoreError } from './errors';
export { redactBody, redactValue, REDACTED } from './redact';
export type { Migration } from './migration';
export { Leases, type LeaseClaim, type LeaseHolder, type LeaseOptions } from './lease';
