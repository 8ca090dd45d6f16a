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

interface OutboxEntryFields {
  seq: number;
  /** The ERP connection the document is for; null only for an older document whose connection could not be told (migration 101). */
  connectionId: string | null;
  naturalKey: string;
  /** What the document comes from: the settlement id of a journal, the Amazon order id of an order's invoice. */
  settlementId: string;
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

/** A document with its kind, so the kind says which document it is. */
export type KindedDocument = { [K in DocumentKind]: { kind: K; document: DocumentOf<K> } }[DocumentKind];
/** One document of the outbox: its kind says which document it carries. */
export type OutboxEntry = OutboxEntryFields & KindedDocument;
/** An entry of one kind (the settlement screens read journals only). */
export type OutboxEntryOf<K extends DocumentKind> = Extract<OutboxEntry, { kind: K }>;

export function isJournalEntry(e: OutboxEntry): e is OutboxEntryOf<'journal'> {
  return e.kind === 'journal';
}

/** What the audit log keeps of a document when it is enqueued. */
function summaryOf(e: KindedDocument): Record<string, unknown> {
  if (e.kind === 'journal') return { documentNumber: e.document.documentNumber, lines: e.document.lines.length };
  if (e.kind === 'settlementPayment') return { documentNumber: e.document.payment.documentNumber, customerNumber: e.document.payment.customerNumber, applications: e.document.payment.applications.length };
  if (e.kind === 'salesCreditNote') return { marketplaceId: e.document.marketplaceId, orderId: e.document.orderId, refundId: e.document.refundId, invoiceNumber: e.document.creditNote.invoiceNumber, lines: e.document.creditNote.lines.length };
  return { marketplaceId: e.document.marketplaceId, orderId: e.document.orderId, customerNumber: e.document.invoice.customerNumber, lines: e.document.invoice.lines.length };
}

function naturalKeyOf(e: KindedDocument): string {
  if (e.kind === 'journal') return POSTERS.journal.naturalKeyOf(e.document);
  if (e.kind === 'settlementPayment') return POSTERS.settlementPayment.naturalKeyOf(e.document);
  return e.kind === 'salesCreditNote' ? POSTERS.salesCreditNote.naturalKeyOf(e.document) : POSTERS.salesInvoice.naturalKeyOf(e.document);
}

/**
 * Which document: its natural key, for one ERP connection (and kind, when said: the kinds' keys never look
 * alike, a journal's ends in -V<version>, an order invoice's in :invoice). A bare natural key names the one
 * document that carries it, and is refused when two connections hold it.
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
    return this.enqueue(connectionId, settlementId, { kind: 'journal', document }, actor);
  }

  /** Records the intent to post an Amazon order as a sales invoice; its subject is the order id. */
  enqueueOrderInvoice(connectionId: string, document: DocumentOf<'salesInvoice'>, actor: string | null = null): boolean {
    return this.enqueue(connectionId, document.orderId, { kind: 'salesInvoice', document }, actor);
  }

  /** Records the intent to post a refund as a credit note against its order's invoice; its subject is the order id. */
  enqueueOrderCreditNote(connectionId: string, document: DocumentOf<'salesCreditNote'>, actor: string | null = null): boolean {
    return this.enqueue(connectionId, document.orderId, { kind: 'salesCreditNote', document }, actor);
  }

  /** Records the intent to apply a settlement's payout to its orders' invoices and credit notes; its subject is the settlement id. */
  enqueueSettlementPayment(connectionId: string, document: DocumentOf<'settlementPayment'>, actor: string | null = null): boolean {
    return this.enqueue(connectionId, document.settlementId, { kind: 'settlementPayment', document }, actor);
  }

  private enqueue(connectionId: string, subjectId: string, doc: KindedDocument, actor: string | null): boolean {
    const key = naturalKeyOf(doc);
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const inserted = this.db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (connection_id, kind, natural_key) DO NOTHING`)
        .run(connectionId, doc.kind, key, subjectId, JSON.stringify(doc.document), at, at).changes === 1;
      if (inserted) this.log('posting.enqueued', doc.kind, subjectId, { naturalKey: key, connectionId, kind: doc.kind, ...summaryOf(doc) }, actor);
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
    const correctedKey = corrected === undefined ? undefined
      : 'payment' in corrected ? POSTERS.settlementPayment.naturalKeyOf(corrected)
      : 'invoice' in corrected ? POSTERS.salesInvoice.naturalKeyOf(corrected)
        : 'creditNote' in corrected ? POSTERS.salesCreditNote.naturalKeyOf(corrected) : POSTERS.journal.naturalKeyOf(corrected);
    if (correctedKey !== undefined && correctedKey !== naturalKey) {
      throw new OutboxError(`Cannot replay ${naturalKey} with a document whose natural key is ${correctedKey}; enqueue it as its own document.`, naturalKey);
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
    this.log(operation, entry.kind, entry.settlementId, { naturalKey: entry.naturalKey, connectionId: entry.connectionId, ...detail }, null);
  }

  private find(ref: DocumentRef): Row | undefined {
    // Each form its own statement, so each finds its row through an index (the unique key, or migration 295's).
    if (typeof ref !== 'string' && ref.kind) {
      return this.db.prepare('SELECT * FROM posting_outbox WHERE connection_id IS ? AND kind = ? AND natural_key = ?')
        .get(ref.connectionId, ref.kind, ref.naturalKey) as Row | undefined;
    }
    if (typeof ref !== 'string') {
      const rows = this.db.prepare('SELECT * FROM posting_outbox WHERE natural_key = ? AND connection_id IS ? ORDER BY seq').all(ref.naturalKey, ref.connectionId) as Row[];
      return rows[0];
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
      this.log(operation, before.kind, before.settlementId, { naturalKey, connectionId: before.connectionId, from: before.state, to, ...detail(before) }, actor);
      return entryOf(this.db.prepare('SELECT * FROM posting_outbox WHERE seq = ?').get(row.seq) as Row);
    })();
  }

  private log(operation: string, kind: DocumentKind, subjectId: string, detail: Record<string, unknown>, actor: string | null): void {
    const connectionId = typeof detail.connectionId === 'string' ? detail.connectionId : null;
    this.audit.record({ kind: 'state_change', system: 'app', operation, subjectType: POSTERS[kind].subject, subjectId, actor, connectionId, detail });
  }
}

function entryOf(r: Row): OutboxEntry {
  if (!isDocumentKind(r.kind)) {
    throw new OutboxError(`Document ${r.natural_key} in the posting outbox is of kind "${r.kind}", which this version of ml-connector cannot post.`, r.natural_key);
  }
  return {
    seq: r.seq, connectionId: r.connection_id, kind: r.kind, naturalKey: r.natural_key, settlementId: r.settlement_id,
    // Written by enqueue from a document of this kind; `never` because TS cannot tie the parsed value to r.kind.
    document: JSON.parse(r.document) as never,
    state: r.state, retryable: r.retryable === 1, erpDocumentNumber: r.erp_document_number,
    error: r.error ? (JSON.parse(r.error) as PostingFailure) : null, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
