import { DomainError } from '../errors/domain-error';
import type { AuditLog, Db } from '../store';

export type VendorReviewKind = 'unmapped' | 'changed-after-shipment' | 'shortage' | 'price-difference' | 'unpaid-past-terms' | 'invoice-rejected' | 'acknowledgement-rejected' | 'shipment-rejected';
export type VendorReviewState = 'open' | 'resolved' | 'approved' | 'posted';

/**
 * accept: the difference is right (Amazon's deduction stands) and posts to its mapped account with the payment.
 * dispute: the vendor chases it with Amazon; the payment posts, the deduction does not.
 * dismiss: nothing to post (an unmapped PO mapped since, a change handled in the ERP by hand).
 */
export type VendorResolution = { action: 'accept' | 'dispute' | 'dismiss'; note: string };

export interface VendorReviewItem {
  id: number;
  erpConnectionId: string;
  key: string;
  kind: VendorReviewKind;
  vendorCode: string;
  poNumber: string | null;
  invoiceNumber: string | null;
  title: string;
  /** Both sides' documents: Amazon's (PO, remittance header) and the ERP's (sales order, posted invoice). */
  facts: Record<string, unknown>;
  amount: number | null;
  currency: string | null;
  state: VendorReviewState;
  resolution: VendorResolution | null;
  resolvedBy: string | null;
  approvedBy: string | null;
  updatedAt: string;
}

interface Row {
  id: number; erp_connection_id: string; key: string; kind: VendorReviewKind; vendor_code: string; po_number: string | null; invoice_number: string | null;
  title: string; facts: string; amount: number | null; currency: string | null; state: VendorReviewState; resolution: string | null;
  resolved_by: string | null; approved_by: string | null; updated_at: string;
}

const itemOf = (r: Row): VendorReviewItem => ({
  id: r.id, erpConnectionId: r.erp_connection_id, key: r.key, kind: r.kind, vendorCode: r.vendor_code, poNumber: r.po_number, invoiceNumber: r.invoice_number,
  title: r.title, facts: JSON.parse(r.facts) as Record<string, unknown>, amount: r.amount, currency: r.currency, state: r.state,
  resolution: r.resolution ? (JSON.parse(r.resolution) as VendorResolution) : null, resolvedBy: r.resolved_by, approvedBy: r.approved_by, updatedAt: r.updated_at,
});

export class VendorReviewError extends DomainError {
  constructor(message: string, code: 'not_found' | 'conflict' = 'conflict') {
    super(code, message);
  }
}

export interface RaiseReview {
  key: string;
  kind: VendorReviewKind;
  vendorCode: string;
  poNumber?: string;
  invoiceNumber?: string;
  title: string;
  facts: Record<string, unknown>;
  amount?: number;
  currency?: string;
}

/**
 * Differences between Amazon and the ERP that wait for a person: raised once per key (raising it again
 * while open refreshes what it shows), resolved with a decision and a note, approved, and only then
 * acted on. Every step is audited with who did it.
 */
export class VendorReviews {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date) {}

  raise(erpConnectionId: string, r: RaiseReview): VendorReviewItem {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const facts = JSON.stringify(r.facts);
      const inserted = this.db.prepare(`INSERT INTO vendor_review_item (erp_connection_id, key, kind, vendor_code, po_number, invoice_number, title, facts, amount, currency, state, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (erp_connection_id, key) DO NOTHING`)
        .run(erpConnectionId, r.key, r.kind, r.vendorCode, r.poNumber ?? null, r.invoiceNumber ?? null, r.title, facts, r.amount ?? null, r.currency ?? null, at, at).changes === 1;
      if (inserted) this.log('vendor.review-raised', erpConnectionId, r.key, null, { kind: r.kind, title: r.title, amount: r.amount ?? null, currency: r.currency ?? null });
      else this.db.prepare(`UPDATE vendor_review_item SET title = ?, facts = ?, amount = ?, currency = ?, updated_at = ? WHERE erp_connection_id = ? AND key = ? AND state = 'open' AND facts <> ?`)
        .run(r.title, facts, r.amount ?? null, r.currency ?? null, at, erpConnectionId, r.key, facts);
      return this.byKey(erpConnectionId, r.key)!;
    })();
  }

  byKey(erpConnectionId: string, key: string): VendorReviewItem | null {
    const r = this.db.prepare('SELECT * FROM vendor_review_item WHERE erp_connection_id = ? AND key = ?').get(erpConnectionId, key) as Row | undefined;
    return r ? itemOf(r) : null;
  }

  get(id: number): VendorReviewItem {
    const r = this.db.prepare('SELECT * FROM vendor_review_item WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new VendorReviewError(`No Vendor Central review item ${id}.`, 'not_found');
    return itemOf(r);
  }

  list(filter: { erpConnectionId?: string; state?: VendorReviewState } = {}): VendorReviewItem[] {
    return (this.db.prepare('SELECT * FROM vendor_review_item WHERE (@c IS NULL OR erp_connection_id = @c) AND (@s IS NULL OR state = @s) ORDER BY id')
      .all({ c: filter.erpConnectionId ?? null, s: filter.state ?? null }) as Row[]).map(itemOf);
  }

  resolve(id: number, resolution: VendorResolution, actor: string): VendorReviewItem {
    if (!resolution.note.trim()) throw new VendorReviewError(`Review item ${id}: say why (a note) when you resolve it.`);
    const item = this.get(id);
    if (resolution.action === 'accept' && !['shortage', 'price-difference'].includes(item.kind)) {
      throw new VendorReviewError(`Review item ${id} (${item.kind}) has no deduction to accept; dispute or dismiss it.`);
    }
    return this.step(id, ['open', 'resolved'], 'resolved', { resolution: JSON.stringify(resolution), resolved_by: actor, resolved_at: this.now().toISOString(), approved_by: null, approved_at: null }, actor, { resolution });
  }

  /** The go-ahead for what the resolution posts, recorded with who gave it (a one-person team approves its own). */
  approve(id: number, actor: string): VendorReviewItem {
    return this.step(id, ['resolved'], 'approved', { approved_by: actor, approved_at: this.now().toISOString() }, actor, {});
  }

  /** An item the app itself saw resolved (an unmapped PO mapped since): closed with why, nothing to post. */
  closeResolved(id: number, note: string): VendorReviewItem {
    const at = this.now().toISOString();
    return this.step(id, ['open'], 'posted', { resolution: JSON.stringify({ action: 'dismiss', note }), resolved_by: 'ml-connector', resolved_at: at }, null, { note });
  }

  posted(id: number, detail: Record<string, unknown>): VendorReviewItem {
    return this.step(id, ['approved'], 'posted', {}, null, detail);
  }

  private step(id: number, from: VendorReviewState[], to: VendorReviewState, set: Record<string, string | null>, actor: string | null, detail: Record<string, unknown>): VendorReviewItem {
    return this.db.transaction(() => {
      const item = this.get(id);
      if (!from.includes(item.state)) throw new VendorReviewError(`Review item ${id} is ${item.state}; only an item that is ${from.join(' or ')} can become ${to}.`);
      const cols = Object.keys(set);
      this.db.prepare(`UPDATE vendor_review_item SET state = @to, updated_at = @at${cols.map((c) => `, ${c} = @${c}`).join('')} WHERE id = @id`)
        .run({ ...set, to, at: this.now().toISOString(), id });
      this.log(`vendor.review-${to}`, item.erpConnectionId, item.key, actor, { id, from: item.state, to, ...detail });
      return this.get(id);
    })();
  }

  private log(operation: string, connectionId: string, key: string, actor: string | null, detail: Record<string, unknown>): void {
    this.audit.record({ kind: actor ? 'decision' : 'state_change', system: 'app', operation, subjectType: 'vendor-review', subjectId: key, actor, connectionId, detail });
  }
}
