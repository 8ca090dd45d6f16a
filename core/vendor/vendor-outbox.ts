import type { AuditLog, Db } from '../store';

export type VendorDocumentKind = 'sales-order' | 'invoice' | 'payment' | 'acknowledgement' | 'shipment';
/**
 * pending: to send · sending: a request may have left (a restart looks before it sends again) · sent: the
 * ERP holds it, or Amazon took the invoice or acknowledgement and its transaction is being polled · accepted /
 * rejected: Amazon's verdict on it · held: waits for a person (a review item says why) · failed: refused or unreachable.
 */
export type VendorOutboxState = 'pending' | 'sending' | 'sent' | 'accepted' | 'rejected' | 'held' | 'failed' | 'cancelled';

export interface VendorOutboxEntry<D = unknown> {
  seq: number;
  connectionId: string;
  kind: VendorDocumentKind;
  naturalKey: string;
  /** Vendor code and PO number, "VC:PO". */
  subject: string;
  document: D;
  revision: number;
  state: VendorOutboxState;
  /** The ERP's document number, or Amazon's transaction id. */
  result: string | null;
  detail: unknown;
  attempts: number;
  updatedAt: string;
}

interface Row {
  seq: number; connection_id: string; kind: VendorDocumentKind; natural_key: string; subject: string; document: string; revision: number;
  state: VendorOutboxState; result: string | null; detail: string | null; attempts: number; updated_at: string;
}

const entryOf = <D>(r: Row): VendorOutboxEntry<D> => ({
  seq: r.seq, connectionId: r.connection_id, kind: r.kind, naturalKey: r.natural_key, subject: r.subject, document: JSON.parse(r.document) as D,
  revision: r.revision, state: r.state, result: r.result, detail: r.detail ? (JSON.parse(r.detail) as unknown) : null, attempts: r.attempts, updatedAt: r.updated_at,
});

/**
 * The Vendor Central outbox (DESIGN.md §5): the intent is written before anything leaves, under a natural
 * key unique per connection and kind (a sales order: vendor code + PO number; an invoice: vendor code +
 * invoice number; a payment: vendor code + invoice number + remittance id), so a crash and a restart end
 * with each document sent once. Every change is audited in the same transaction.
 */
export class VendorOutbox {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date) {}

  /**
   * Records a document once. A sales order whose PO changed replaces the stored document (a new revision,
   * pending again) unless it is being sent; invoices and payments are never replaced.
   */
  enqueue(connectionId: string, kind: VendorDocumentKind, naturalKey: string, subject: string, document: unknown, initial: 'pending' | 'held' = 'pending'): 'new' | 'same' | 'revised' {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const text = JSON.stringify(document);
      const existing = this.row(connectionId, kind, naturalKey);
      if (!existing) {
        this.db.prepare(`INSERT INTO vendor_outbox (connection_id, kind, natural_key, subject, document, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(connectionId, kind, naturalKey, subject, text, initial, at, at);
        this.log('vendor.enqueued', connectionId, subject, { kind, naturalKey, state: initial });
        return 'new';
      }
      if (kind !== 'sales-order' || existing.document === text || existing.state === 'sending' || existing.state === 'cancelled') return 'same';
      this.db.prepare(`UPDATE vendor_outbox SET document = ?, revision = revision + 1, state = 'pending', detail = NULL, updated_at = ? WHERE seq = ?`).run(text, at, existing.seq);
      this.log('vendor.revised', connectionId, subject, { kind, naturalKey, revision: existing.revision + 1, from: existing.state });
      return 'revised';
    })();
  }

  get<D>(connectionId: string, kind: VendorDocumentKind, naturalKey: string): VendorOutboxEntry<D> | null {
    const r = this.row(connectionId, kind, naturalKey);
    return r ? entryOf<D>(r) : null;
  }

  list<D>(filter: { connectionId?: string; kind?: VendorDocumentKind; state?: VendorOutboxState } = {}): VendorOutboxEntry<D>[] {
    return (this.db.prepare(`SELECT * FROM vendor_outbox WHERE (@c IS NULL OR connection_id = @c) AND (@k IS NULL OR kind = @k) AND (@s IS NULL OR state = @s) ORDER BY seq`)
      .all({ c: filter.connectionId ?? null, k: filter.kind ?? null, s: filter.state ?? null }) as Row[]).map((r) => entryOf<D>(r));
  }

  /** What a run sends, a crash's leftovers (sending) first. */
  workList<D>(connectionId: string, kind: VendorDocumentKind): VendorOutboxEntry<D>[] {
    return (this.db.prepare(`SELECT * FROM vendor_outbox WHERE connection_id = ? AND kind = ? AND state IN ('sending', 'pending') ORDER BY CASE state WHEN 'sending' THEN 0 ELSE 1 END, seq`)
      .all(connectionId, kind) as Row[]).map((r) => entryOf<D>(r));
  }

  /** pending or sending -> sending, before the first request for it leaves. */
  begin(e: VendorOutboxEntry): void {
    this.move(e, ['pending', 'sending'], 'sending', {}, 'attempts = attempts + 1');
  }

  move(e: VendorOutboxEntry, from: VendorOutboxState[], to: VendorOutboxState, set: { result?: string | null; detail?: unknown; document?: unknown }, extraSql?: string): void {
    this.db.transaction(() => {
      const now = this.db.prepare('SELECT * FROM vendor_outbox WHERE seq = ?').get(e.seq) as Row | undefined;
      if (!now || !from.includes(now.state)) throw new Error(`Vendor document ${e.naturalKey} is ${now?.state ?? 'gone'}; only ${from.join(' or ')} can become ${to}.`);
      const detail = set.detail === undefined ? now.detail : set.detail === null ? null : JSON.stringify(set.detail);
      const result = set.result === undefined ? now.result : set.result;
      const document = set.document === undefined ? now.document : JSON.stringify(set.document);
      this.db.prepare(`UPDATE vendor_outbox SET state = ?, result = ?, detail = ?, document = ?, updated_at = ?${extraSql ? `, ${extraSql}` : ''} WHERE seq = ?`)
        .run(to, result, detail, document, this.now().toISOString(), e.seq);
      this.log(`vendor.${to}`, now.connection_id, now.subject, { kind: now.kind, naturalKey: now.natural_key, from: now.state, to, result, ...(set.detail !== undefined ? { detail: set.detail } : {}) });
    })();
  }

  private row(connectionId: string, kind: VendorDocumentKind, naturalKey: string): Row | undefined {
    return this.db.prepare('SELECT * FROM vendor_outbox WHERE connection_id = ? AND kind = ? AND natural_key = ?').get(connectionId, kind, naturalKey) as Row | undefined;
  }

  private log(operation: string, connectionId: string, subject: string, detail: Record<string, unknown>): void {
    this.audit.record({ kind: 'state_change', system: 'app', operation, subjectType: 'vendor-po', subjectId: subject, actor: null, connectionId, detail });
  }
}
