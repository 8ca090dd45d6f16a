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

/** The append-only audit trail (a trigger in migration 1 rejects UPDATE and DELETE). */
export class AuditLog {
  private readonly insert;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare(`INSERT INTO audit_event
      (at, kind, system, operation, actor, connection_id, subject_type, subject_id, status, duration_ms,
       correlation_id, request, response, detail)
      VALUES (@at, @kind, @system, @operation, @actor, @connectionId, @subjectType, @subjectId, @status,
       @durationMs, @correlationId, @request, @response, @detail)`);
  }

  record(e: AuditEventInput): number {
    const request =
      e.request === undefined || e.request === null
        ? null
        : typeof e.request === 'string'
          ? redactBody(e.request)
          : JSON.stringify(redactValue(e.request));
    const result = this.insert.run({
      at: this.now().toISOString(),
      kind: e.kind,
      system: e.system,
      operation: e.operation,
      actor: e.actor ?? null,
      connectionId: e.connectionId ?? null,
      subjectType: e.subjectType ?? null,
      subjectId: e.subjectId ?? null,
      status: e.status === undefined || e.status === null ? null : String(e.status),
      durationMs: e.durationMs ?? null,
      correlationId: e.correlationId ?? null,
      request,
      response: e.response == null ? null : redactBody(e.response),
      detail: e.detail === undefined ? null : JSON.stringify(redactValue(e.detail)),
    });
    return Number(result.lastInsertRowid);
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
