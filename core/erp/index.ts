export * from './erp-connector';
export { ErpError, type ErpErrorKind } from './erp-error';
export { ConcurrencyGate } from './concurrency-gate';
export { EntraTokenCache } from './entra-token';
export { ErpHttpClient, auditToLog, type CallAuditor, type CallRecord } from './http-client';
export * from './odata';
export { decimalToMinor, minorToDecimalString, minorToWireNumber } from './wire-decimal';
export * from './erp-capabilities';
