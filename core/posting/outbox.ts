import type { AuditLog, Db } from '../store';
import { ErpError } from '../erp/erp-error';
import { isDocumentKind, POSTERS, type DocumentKind, type DocumentOf } from './posters';
import { DomainError, errorMessage } from '../errors/domain-error';

/** awaiting: the ERP created the document, a person still has to post it there (the sync engine watches for it). */
export type OutboxState = 'pending' | 'posting' | 'awaiting' | 'posted' | 'failed' | 'cancelled';

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
  seq: number;
  /** The ERP connection the document is for; null only for an older document whose connection could not be told (migration 101). */
  connectionId: string | null;
  kind: DocumentKind;
  naturalKey: string;
  settlementId: string;
  document: DocumentOf<DocumentKind>;
  state: OutboxState;
  /** Failed only: the ERP was unreachable or throttling, so a replay needs no fix first. */
  retryable: boolean;
  /** Posted: the ERP's number. Awaiting: the ERP's own key of the document not yet posted there. */
  erpDocumentNumber: string | null;
  error: PostingFailure | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Which document: its natural key, for one ERP connection (and kind, journal unless said). A bare natural
 * key names the one document that carries it, and is refused when two connections hold it.
 */
export type DocumentRef = string | { connectionId: string | null; naturalKey: string; kind?: DocumentKind };

interface Row {
  seq: number; connection_id: string | null; natural_key: string; kind: string; settlement_id: string; document: string; state: OutboxState; retryable: number;
  erp_document_number: string | null; error: string | null; attempts: number; created_at: string; updated_at: string;
}

/** A change the outbox refuses: no such document (not_found), or not in a state that allows it (conflict). */
export class OutboxError extends DomainError {
  constructor(message: string, readonly naturalKey: string, code: 'not_found' | 'conflict' = 'conflict') {
    super(code, message);
  }
}

export function failureOf(err: unknown): PostingFailure {
  if (err instanceof ErpError) {
    return { message: err.message, kind: err.kind, httpStatus: err.httpStatus, erpCode: err.erpCode, erpMessage: err.erpMessage, operation: err.operation, line: err.line };
  }
  const message = errorMessage(err);
  return { message, kind: 'internal', httpStatus: null, erpCode: null, erpMessage: null, operation: null, line: null };
}

/**
 * The posting outbox (DESIGN.md §5). The intent is written here before anything reaches the ERP, so a
 * crash at any point leaves a row that tells the next run what may already be in the ERP. Every state
 * change is written to the audit log in the same transaction as the change itself.
 */
export class PostingOutbox {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date = () => new Date()) {}

  /**
   * Records the intent to post a journal to an ERP connection. The same natural key twice for the same
   * connection changes nothing; returns whether it was new.
   */
  enqueueJournal(connectionId: string, settlementId: string, document: DocumentOf<'journal'>, actor: string | null = null): boolean {
    return this.enqueue(connectionId, 'journal', settlementId, document, actor);
  }

  private enqueue<K extends DocumentKind>(connectionId: string, kind: K, settlementId: string, document: DocumentOf<K>, actor: string | null): boolean {
    const key = POSTERS[kind].naturalKeyOf(document);
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const inserted = this.db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (connection_id, kind, natural_key) DO NOTHING`)
        .run(connectionId, kind, key, settlementId, JSON.stringify(document), at, at).changes === 1;
      if (inserted) this.log('posting.enqueued', settlementId, { naturalKey: key, connectionId, kind, documentNumber: document.documentNumber, lines: document.lines.length }, actor);
      return inserted;
    })();
  }

  /** The document, or null when the outbox has none with that key (for that connection). */
  get(ref: DocumentRef): OutboxEntry | null {
    const row = this.find(ref);
    return row ? entryOf(row) : null;
  }

  list(filter: { settlementId?: string; state?: OutboxState; connectionId?: string } = {}): OutboxEntry[] {
    const rows = this.db.prepare(`SELECT * FROM posting_outbox
      WHERE (@settlementId IS NULL OR settlement_id = @settlementId) AND (@state IS NULL OR state = @state)
        AND (@connectionId IS NULL OR connection_id = @connectionId) ORDER BY seq`)
      .all({ settlementId: filter.settlementId ?? null, state: filter.state ?? null, connectionId: filter.connectionId ?? null }) as Row[];
    return rows.map(entryOf);
  }

  /**
   * What a run for one ERP connection has to do, in order: first what a crash left in `posting` (it may
   * already be in the ERP), then what waits. Another connection's documents are never in it.
   */
  workList(connectionId: string): OutboxEntry[] {
    const rows = this.db.prepare(`SELECT * FROM posting_outbox WHERE connection_id = ? AND state IN ('posting', 'pending')
      ORDER BY CASE state WHEN 'posting' THEN 0 ELSE 1 END, seq`).all(connectionId) as Row[];
    return rows.map(entryOf);
  }

  /** pending -> posting, before the first request for this document leaves. */
  begin(ref: DocumentRef): OutboxEntry {
    return this.transition(ref, ['pending', 'posting'], 'posting', 'posting.started', {}, (e) => ({ resumed: e.state === 'posting' }),
      'attempts = attempts + 1');
  }

  /** posting (or awaiting, once the ERP says it is posted) -> posted with the ERP's document number. */
  posted(ref: DocumentRef, erpDocumentNumber: string, how: 'created' | 'found-in-erp' | 'posted-in-erp'): OutboxEntry {
    return this.transition(ref, ['posting', 'awaiting'], 'posted', 'posting.posted', { erp_document_number: erpDocumentNumber, error: null, retryable: 0 },
      () => ({ erpDocumentNumber, how }));
  }

  /** posting -> awaiting: the ERP created the document under its own key and a person posts it there. */
  awaiting(ref: DocumentRef, erpKey: string): OutboxEntry {
    return this.transition(ref, ['posting'], 'awaiting', 'posting.awaiting-erp', { erp_document_number: erpKey, error: null, retryable: 0 },
      () => ({ erpKey }));
  }

  /** posting (or awaiting, when the ERP no longer holds it) -> failed, with the ERP's full answer. */
  failed(ref: DocumentRef, failure: PostingFailure, retryable: boolean): OutboxEntry {
    return this.transition(ref, ['posting', 'awaiting'], 'failed', 'posting.failed', { error: JSON.stringify(failure), retryable: retryable ? 1 : 0 },
      () => ({ retryable, error: failure }));
  }

  /**
   * failed -> pending after the user fixed the cause. A corrected document (rebuilt after a mapping fix)
   * may replace the stored one, but only under the same natural key: a different key is a different document.
   */
  replay(ref: DocumentRef, corrected?: DocumentOf<DocumentKind>, actor: string | null = null): OutboxEntry {
    const naturalKey = typeof ref === 'string' ? ref : ref.naturalKey;
    if (corrected && corrected.externalDocumentNumber !== naturalKey) {
      throw new OutboxError(`Cannot replay ${naturalKey} with a document whose natural key is ${corrected.externalDocumentNumber}; enqueue it as its own document.`, naturalKey);
    }
    return this.transition(ref, ['failed'], 'pending', 'posting.replayed', corrected ? { document: JSON.stringify(corrected) } : {},
      (e) => ({ previousError: e.error, documentReplaced: corrected !== undefined }), undefined, actor);
  }

  /** pending or failed -> cancelled: the user decided this document will not be posted. */
  cancel(ref: DocumentRef, actor: string | null = null, reason?: string): OutboxEntry {
    return this.transition(ref, ['pending', 'failed'], 'cancelled', 'posting.cancelled', {}, () => ({ reason: reason ?? null }), undefined, actor);
  }

  /**
   * posted -> cancelled once the ERP booked the entry that reverses it (a re-issued settlement replaces
   * this version): it no longer counts as the settlement's posting, and the audit says how it was undone.
   */
  reversed(ref: DocumentRef, reversal: { reversalDocumentNumber: string | null; alreadyReversed: boolean }, actor: string | null): OutboxEntry {
    return this.transition(ref, ['posted'], 'cancelled', 'posting.reversed', {}, (e) => ({ erpDocumentNumber: e.erpDocumentNumber, ...reversal }), undefined, actor);
  }

  /** Writes a decision that changes no state (e.g. "found in the ERP, not creating"). */
  note(entry: OutboxEntry, operation: string, detail: Record<string, unknown>): void {
    this.log(operation, entry.settlementId, { naturalKey: entry.naturalKey, connectionId: entry.connectionId, ...detail }, null);
  }

  private find(ref: DocumentRef): Row | undefined {
    if (typeof ref !== 'string') {
      return this.db.prepare('SELECT * FROM posting_outbox WHERE connection_id IS ? AND kind = ? AND natural_key = ?')
        .get(ref.connectionId, ref.kind ?? 'journal', ref.naturalKey) as Row | undefined;
    }
    const rows = this.db.prepare('SELECT * FROM posting_outbox WHERE natural_key = ? ORDER BY seq').all(ref) as Row[];
    if (rows.length > 1) {
      throw new OutboxError(`${rows.length} ERP connections hold a document with natural key ${ref} in the posting outbox; say which connection.`, ref);
    }
    return rows[0];
  }

  private transition(
    ref: DocumentRef, from: OutboxState[], to: OutboxState, operation: string, set: Record<string, string | number | null>,
    detail: (before: OutboxEntry) => Record<string, unknown>, extraSql?: string, actor: string | null = null,
  ): OutboxEntry {
    return this.db.transaction(() => {
      const row = this.find(ref);
      const naturalKey = typeof ref === 'string' ? ref : ref.naturalKey;
      if (!row) throw new OutboxError(`No document with natural key ${naturalKey} in the posting outbox.`, naturalKey, 'not_found');
      const before = entryOf(row);
      if (!from.includes(before.state)) {
        throw new OutboxError(`Document ${naturalKey} is ${before.state}; only a document that is ${from.join(' or ')} can become ${to}.`, naturalKey);
      }
      const columns = Object.keys(set);
      const assignments = ['state = @to', 'updated_at = @at', ...columns.map((c) => `${c} = @${c}`), ...(extraSql ? [extraSql] : [])];
      this.db.prepare(`UPDATE posting_outbox SET ${assignments.join(', ')} WHERE seq = @seq`)
        .run({ ...set, to, at: this.now().toISOString(), seq: row.seq });
      this.log(operation, before.settlementId, { naturalKey, connectionId: before.connectionId, from: before.state, to, ...detail(before) }, actor);
      return entryOf(this.db.prepare('SELECT * FROM posting_outbox WHERE seq = ?').get(row.seq) as Row);
    })();
  }

  private log(operation: string, settlementId: string, detail: Record<string, unknown>, actor: string | null): void {
    const connectionId = typeof detail.connectionId === 'string' ? detail.connectionId : null;
    this.audit.record({ kind: 'state_change', system: 'app', operation, subjectType: 'settlement', subjectId: settlementId, actor, connectionId, detail });
  }
}

function entryOf(r: Row): OutboxEntry {
  if (!isDocumentKind(r.kind)) {
    throw new OutboxError(`Document ${r.natural_key} in the posting outbox is of kind "${r.kind}", which this version of ml-connector cannot post.`, r.natural_key);
  }
  return {
    seq: r.seq, connectionId: r.connection_id, kind: r.kind, naturalKey: r.natural_key, settlementId: r.settlement_id,
    document: JSON.parse(r.document) as DocumentOf<DocumentKind>,
    state: r.state, retryable: r.retryable === 1, erpDocumentNumber: r.erp_document_number,
    error: r.error ? (JSON.parse(r.error) as PostingFailure) : null, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
