import { auditRowHash, CHAIN_START, CHAINED_COLUMNS, verifyAuditChain, type AuditVerification } from './audit-chain';
import type { Db } from './database';
import { redactBody, redactValue } from './redact';

export type AuditKind = 'external_call' | 'decision' | 'state_change';

export interface AuditEventInput {
  kind: AuditKind;
  system: string;
  operation: string;
  actor?: string | null;
  connectionId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  status?: string | number | null;
  durationMs?: number | null;
  correlationId?: string | null;
  /** Request summary (method, path, query, a body). Secrets and buyer PII are removed before storing. */
  request?: unknown;
  /** Response body exactly as received; secrets and buyer PII are removed before storing. */
  response?: string | null;
  /** Anything else worth keeping: retries, rate-limit header, reason for a decision. */
  detail?: unknown;
}

export interface AuditEvent {
  id: number;
  at: string;
  kind: AuditKind;
  system: string;
  operation: string;
  actor: string | null;
  connectionId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  status: string | null;
  durationMs: number | null;
  correlationId: string | null;
  request: string | null;
  response: string | null;
  detail: string | null;
}

export interface AuditFilter {
  system?: string;
  kind?: AuditKind;
  status?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  limit?: number;
  beforeId?: number;
}

const MAX_LIST = 1_000_000;

/**
 * A value as a TEXT column gives it back, so the chain hashes exactly what is stored: a number passed as
 * a subject id is stored as text, and a lone UTF-16 surrogate (from a JSON escape) cannot be stored in
 * UTF-8, so it becomes U+FFFD here rather than three different characters in the file.
 */
function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return (String(v) as string & { toWellFormed(): string }).toWellFormed();
}

type StoredRow = Record<(typeof CHAINED_COLUMNS)[number], string | number | null>;

/**
 * The append-only audit trail. Triggers refuse UPDATE, DELETE and REPLACE (migrations 1 and 80); each row
 * is chained to the one before by a SHA-256 hash (audit-chain.ts), so edits made by other means show in verify.
 */
export class AuditLog {
  private readonly append: (row: Omit<StoredRow, 'id'>) => number;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    const insert = db.prepare(`INSERT INTO audit_event
      (id, at, kind, system, operation, actor, connection_id, subject_type, subject_id, status, duration_ms,
       correlation_id, request, response, detail, chain_hash)
      VALUES (@id, @at, @kind, @system, @operation, @actor, @connection_id, @subject_type, @subject_id, @status,
       @duration_ms, @correlation_id, @request, @response, @detail, @chain_hash)`);
    // A few single-row lookups: the highest id ever given (AUTOINCREMENT's, so an id is never reused after
    // a removal) and the last row's hash. Read inside the write transaction rather than kept from the last
    // insert, so a second process or the import worker writing the same workspace chains onto what is there.
    const head = db.prepare(`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'), 0),
        coalesce((SELECT max(id) FROM audit_event), 0)) AS seq,
      (SELECT chain_hash FROM audit_event ORDER BY id DESC LIMIT 1) AS hash`);
    const appendInTransaction = db.transaction((row: Omit<StoredRow, 'id'>) => {
      const last = head.get() as { seq: number; hash: string | null };
      const stored: StoredRow = { ...row, id: last.seq + 1 };
      const chainHash = auditRowHash(last.hash ?? CHAIN_START, CHAINED_COLUMNS.map((c) => stored[c]));
      insert.run({ ...stored, chain_hash: chainHash });
      return stored.id as number;
    });
    // IMMEDIATE takes the write lock before reading the head, so two writers cannot chain onto the same row.
    this.append = (row) => appendInTransaction.immediate(row);
  }

  record(e: AuditEventInput): number {
    const request =
      e.request === undefined || e.request === null
        ? null
        : typeof e.request === 'string'
          ? redactBody(e.request)
          : JSON.stringify(redactValue(e.request));
    return this.append({
      at: this.now().toISOString(),
      kind: e.kind,
      system: text(e.system),
      operation: text(e.operation),
      actor: text(e.actor),
      connection_id: text(e.connectionId),
      subject_type: text(e.subjectType),
      subject_id: text(e.subjectId),
      status: text(e.status),
      duration_ms: e.durationMs ?? null,
      correlation_id: text(e.correlationId),
      request: text(request),
      response: e.response == null ? null : text(redactBody(e.response)),
      detail: e.detail === undefined ? null : JSON.stringify(redactValue(e.detail)),
    });
  }

  /** Walks the whole log and names the first row that was changed, removed or added by other means. */
  verify(): AuditVerification {
    return verifyAuditChain(this.db);
  }

  /** Distinct systems and statuses, for filter pick lists. */
  facets(): { systems: string[]; statuses: string[] } {
    const col = (c: 'system' | 'status') =>
      (this.db.prepare(`SELECT DISTINCT ${c} AS v FROM audit_event WHERE ${c} IS NOT NULL ORDER BY ${c}`).all() as { v: string }[]).map((r) => r.v);
    return { systems: col('system'), statuses: col('status') };
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const eq = (column: string, key: keyof AuditFilter) => {
      if (filter[key] !== undefined) {
        where.push(`${column} = @${key}`);
        params[key] = filter[key];
      }
    };
    eq('system', 'system');
    eq('kind', 'kind');
    eq('status', 'status');
    eq('subject_type', 'subjectType');
    eq('subject_id', 'subjectId');
    if (filter.from) { where.push('at >= @from'); params.from = filter.from; }
    if (filter.to) { where.push('at < @to'); params.to = filter.to; }
    if (filter.beforeId) { where.push('id < @beforeId'); params.beforeId = filter.beforeId; }
    params.limit = Math.min(filter.limit ?? 200, MAX_LIST);
    const sql = `SELECT id, at, kind, system, operation, actor, connection_id AS connectionId,
        subject_type AS subjectType, subject_id AS subjectId, status, duration_ms AS durationMs,
        correlation_id AS correlationId, request, response, detail
      FROM audit_event ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY id DESC LIMIT @limit`;
    return this.db.prepare(sql).all(params) as AuditEvent[];
  }
}
