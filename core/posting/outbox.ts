import type { AuditLog, Db } from '../store';
import type { JournalDocument } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';

export type OutboxState = 'pending' | 'posting' | 'posted' | 'failed' | 'cancelled';

/** What the ERP said when it refused or could not be reached, kept whole for the user and support. */
export interface PostingFailure {
  message: string;
  kind: string;
  httpStatus: number | null;
  erpCode: string | null;
  erpMessage: string | null;
  operation: string | null;
  line: number | null;
}

export interface OutboxEntry {
  naturalKey: string;
  kind: 'journal';
  settlementId: string;
  document: JournalDocument;
  state: OutboxState;
  /** Failed only: the ERP was unreachable or throttling, so a replay needs no fix first. */
  retryable: boolean;
  erpDocumentNumber: string | null;
  error: PostingFailure | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  natural_key: string; kind: 'journal'; settlement_id: string; document: string; state: OutboxState; retryable: number;
  erp_document_number: string | null; error: string | null; attempts: number; created_at: string; updated_at: string;
}

export class OutboxError extends Error {
  constructor(message: string, readonly naturalKey: string) {
    super(message);
    this.name = 'OutboxError';
  }
}

export function failureOf(err: unknown): PostingFailure {
  if (err instanceof ErpError) {
    return { message: err.message, kind: err.kind, httpStatus: err.httpStatus, erpCode: err.erpCode, erpMessage: err.erpMessage, operation: err.operation, line: err.line };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message, kind: 'internal', httpStatus: null, erpCode: null, erpMessage: null, operation: null, line: null };
}

/**
 * The posting outbox (DESIGN.md §5). The intent is written here before anything reaches the ERP, so a
 * crash at any point leaves a row that tells the next run what may already be in the ERP. Every state
 * change is written to the audit log in the same transaction as the change itself.
 */
export class PostingOutbox {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date = () => new Date()) {}

  /** Records the intent to post. The same natural key twice changes nothing; returns whether it was new. */
  enqueueJournal(settlementId: string, document: JournalDocument, actor: string | null = null): boolean {
    const key = document.externalDocumentNumber;
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const inserted = this.db.prepare(`INSERT INTO posting_outbox (natural_key, kind, settlement_id, document, state, created_at, updated_at)
        VALUES (?, 'journal', ?, ?, 'pending', ?, ?) ON CONFLICT (natural_key) DO NOTHING`).run(key, settlementId, JSON.stringify(document), at, at).changes === 1;
      if (inserted) this.log('posting.enqueued', settlementId, { naturalKey: key, documentNumber: document.documentNumber, lines: document.lines.length }, actor);
      return inserted;
    })();
  }

  get(naturalKey: string): OutboxEntry | null {
    const row = this.db.prepare('SELECT * FROM posting_outbox WHERE natural_key = ?').get(naturalKey) as Row | undefined;
    return row ? entryOf(row) : null;
  }

  list(filter: { settlementId?: string; state?: OutboxState } = {}): OutboxEntry[] {
    const rows = this.db.prepare(`SELECT * FROM posting_outbox
      WHERE (@settlementId IS NULL OR settlement_id = @settlementId) AND (@state IS NULL OR state = @state) ORDER BY seq`)
      .all({ settlementId: filter.settlementId ?? null, state: filter.state ?? null }) as Row[];
    return rows.map(entryOf);
  }

  /**
   * What a run has to do, in order: first what a crash left in `posting` (it may already be in the ERP),
   * then what waits.
   */
  workList(): OutboxEntry[] {
    const rows = this.db.prepare(`SELECT * FROM posting_outbox WHERE state IN ('posting', 'pending')
      ORDER BY CASE state WHEN 'posting' THEN 0 ELSE 1 END, seq`).all() as Row[];
    return rows.map(entryOf);
  }

  /** pending -> posting, before the first request for this document leaves. */
  begin(naturalKey: string): OutboxEntry {
    return this.transition(naturalKey, ['pending', 'posting'], 'posting', 'posting.started', {}, (e) => ({ resumed: e.state === 'posting' }),
      'attempts = attempts + 1');
  }

  /** posting -> posted with the ERP's document number. */
  posted(naturalKey: string, erpDocumentNumber: string, how: 'created' | 'found-in-erp'): OutboxEntry {
    return this.transition(naturalKey, ['posting'], 'posted', 'posting.posted', { erp_document_number: erpDocumentNumber, error: null, retryable: 0 },
      () => ({ erpDocumentNumber, how }));
  }

  /** posting -> failed, with the ERP's full answer. */
  failed(naturalKey: string, failure: PostingFailure, retryable: boolean): OutboxEntry {
    return this.transition(naturalKey, ['posting'], 'failed', 'posting.failed', { error: JSON.stringify(failure), retryable: retryable ? 1 : 0 },
      () => ({ retryable, error: failure }));
  }

  /**
   * failed -> pending after the user fixed the cause. A corrected document (rebuilt after a mapping fix)
   * may replace the stored one, but only under the same natural key: a different key is a different document.
   */
  replay(naturalKey: string, corrected?: JournalDocument, actor: string | null = null): OutboxEntry {
    if (corrected && corrected.externalDocumentNumber !== naturalKey) {
      throw new OutboxError(`Cannot replay ${naturalKey} with a document whose natural key is ${corrected.externalDocumentNumber}; enqueue it as its own document.`, naturalKey);
    }
    return this.transition(naturalKey, ['failed'], 'pending', 'posting.replayed', corrected ? { document: JSON.stringify(corrected) } : {},
      (e) => ({ previousError: e.error, documentReplaced: corrected !== undefined }), undefined, actor);
  }

  /** pending or failed -> cancelled: the user decided this document will not be posted. */
  cancel(naturalKey: string, actor: string | null = null, reason?: string): OutboxEntry {
    return this.transition(naturalKey, ['pending', 'failed'], 'cancelled', 'posting.cancelled', {}, () => ({ reason: reason ?? null }), undefined, actor);
  }

  /** Writes a decision that changes no state (e.g. "found in the ERP, not creating"). */
  note(entry: OutboxEntry, operation: string, detail: Record<string, unknown>): void {
    this.log(operation, entry.settlementId, { naturalKey: entry.naturalKey, ...detail }, null);
  }

  private transition(
    naturalKey: string, from: OutboxState[], to: OutboxState, operation: string, set: Record<string, string | number | null>,
    detail: (before: OutboxEntry) => Record<string, unknown>, extraSql?: string, actor: string | null = null,
  ): OutboxEntry {
    return this.db.transaction(() => {
      const before = this.get(naturalKey);
      if (!before) throw new OutboxError(`No document with natural key ${naturalKey} in the posting outbox.`, naturalKey);
      if (!from.includes(before.state)) {
        throw new OutboxError(`Document ${naturalKey} is ${before.state}; only a document that is ${from.join(' or ')} can become ${to}.`, naturalKey);
      }
      const columns = Object.keys(set);
      const assignments = ['state = @to', 'updated_at = @at', ...columns.map((c) => `${c} = @${c}`), ...(extraSql ? [extraSql] : [])];
      this.db.prepare(`UPDATE posting_outbox SET ${assignments.join(', ')} WHERE natural_key = @naturalKey`)
        .run({ ...set, to, at: this.now().toISOString(), naturalKey });
      this.log(operation, before.settlementId, { naturalKey, from: before.state, to, ...detail(before) }, actor);
      return this.get(naturalKey)!;
    })();
  }

  private log(operation: string, settlementId: string, detail: Record<string, unknown>, actor: string | null): void {
    this.audit.record({ kind: 'state_change', system: 'app', operation, subjectType: 'settlement', subjectId: settlementId, actor, detail });
  }
}

function entryOf(r: Row): OutboxEntry {
  return {
    naturalKey: r.natural_key, kind: r.kind, settlementId: r.settlement_id, document: JSON.parse(r.document) as JournalDocument,
    state: r.state, retryable: r.retryable === 1, erpDocumentNumber: r.erp_document_number,
    error: r.error ? (JSON.parse(r.error) as PostingFailure) : null, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
