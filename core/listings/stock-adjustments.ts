import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import type { AuditLog, Db } from '../store';

export type AdjustmentState = 'held' | 'approved' | 'sending' | 'posted' | 'failed' | 'withdrawn';

/** An ERP item brought to what Amazon counts for its FBA SKU, from the comparison that found it to the ERP's document. */
export interface StockAdjustment {
  id: number;
  amazonConnectionId: string;
  marketplaceId: string;
  erpConnectionId: string;
  sku: string;
  itemNumber: string;
  /** The two counts the proposal (and its approval) stand on. */
  amazonTotal: number;
  erpStock: number;
  /** Units added (> 0, a receipt) or taken out (< 0, an issue) in the ERP: amazonTotal − erpStock. */
  quantity: number;
  naturalKey: string;
  state: AdjustmentState;
  approvedBy: string | null;
  approvedAt: string | null;
  documentNumber: string | null;
  /** The ERP's words when it refused (failed) or could not be reached (still sending). */
  error: string | null;
  withdrawnReason: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface AdjustmentScope { amazonConnectionId: string; marketplaceId: string }

export interface CountedItem { erpConnectionId: string; sku: string; itemNumber: string; amazonTotal: number; erpStock: number }

interface Row {
  id: number; amazon_connection_id: string; marketplace_id: string; erp_connection_id: string; sku: string; item_number: string; amazon_total: number; erp_stock: number;
  quantity: number; natural_key: string; state: AdjustmentState; approved_by: string | null; approved_at: string | null; document_number: string | null; error: string | null;
  withdrawn_reason: string | null; attempts: number; created_at: string; updated_at: string;
}

const fromRow = (r: Row): StockAdjustment => ({
  id: r.id, amazonConnectionId: r.amazon_connection_id, marketplaceId: r.marketplace_id, erpConnectionId: r.erp_connection_id, sku: r.sku, itemNumber: r.item_number,
  amazonTotal: r.amazon_total, erpStock: r.erp_stock, quantity: r.quantity, naturalKey: r.natural_key, state: r.state, approvedBy: r.approved_by, approvedAt: r.approved_at,
  documentNumber: r.document_number, error: r.error, withdrawnReason: r.withdrawn_reason, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at,
});

/**
 * The stock adjustments outbox. A proposal is written held; a person approves it (bound to the two counts it
 * stood on) or withdraws it; it is marked sending before its request leaves and posted with the ERP's number
 * after. Every move is audited in the same transaction.
 */
export class StockAdjustments {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date) {}

  get(id: number): StockAdjustment | null {
    const r = this.db.prepare('SELECT * FROM stock_adjustment WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(scope: AdjustmentScope, states?: readonly AdjustmentState[], limit = 1_000): StockAdjustment[] {
    const wanted = states ?? ['held', 'approved', 'sending', 'posted', 'failed', 'withdrawn'];
    return (this.db.prepare(`SELECT * FROM stock_adjustment WHERE amazon_connection_id = ? AND marketplace_id = ? AND state IN (${wanted.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT ?`)
      .all(scope.amazonConnectionId, scope.marketplaceId, ...wanted, limit) as Row[]).map(fromRow);
  }

  open(scope: AdjustmentScope, sku: string): StockAdjustment | null {
    const r = this.db.prepare(`SELECT * FROM stock_adjustment WHERE amazon_connection_id = ? AND marketplace_id = ? AND sku = ? AND state IN ('held', 'approved', 'sending')`)
      .get(scope.amazonConnectionId, scope.marketplaceId, sku) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /**
   * What a comparison found for one SKU. The open proposal on the same two counts stays as it is (with its
   * approval, which approved exactly these); one on other counts is withdrawn, saying so, and a new one is
   * held when the counts still differ. One already on its way to the ERP is left alone.
   */
  propose(scope: AdjustmentScope, counted: CountedItem, actor: string): { adjustment: StockAdjustment | null; withdrawn: StockAdjustment | null } {
    return this.db.transaction(() => {
      const open = this.open(scope, counted.sku);
      if (open?.state === 'sending') return { adjustment: open, withdrawn: null };
      const same = open && open.erpConnectionId === counted.erpConnectionId && open.itemNumber === counted.itemNumber && open.amazonTotal === counted.amazonTotal && open.erpStock === counted.erpStock;
      if (same) return { adjustment: open, withdrawn: null };
      const at = this.now().toISOString();
      let withdrawn: StockAdjustment | null = null;
      if (open) {
        const was = open.approvedBy ? `approved by ${open.approvedBy}` : 'held';
        const now = counted.amazonTotal === counted.erpStock ? `Amazon and the ERP now agree at ${counted.erpStock}` : `Amazon ${counted.amazonTotal}, ERP ${counted.erpStock}`;
        this.withdrawIn(open, `A newer comparison found other counts (${now} in place of Amazon ${open.amazonTotal}, ERP ${open.erpStock}); this adjustment, ${was}, was not posted.`, actor, at);
        withdrawn = this.get(open.id);
      }
      const quantity = counted.amazonTotal - counted.erpStock;
      if (quantity === 0) return { adjustment: null, withdrawn };
      const key = `FBA-ADJ-${randomBytes(4).toString('hex').toUpperCase()}`;
      const id = Number(this.db.prepare(`INSERT INTO stock_adjustment (amazon_connection_id, marketplace_id, erp_connection_id, sku, item_number, amazon_total, erp_stock, quantity,
          natural_key, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?, ?)`)
        .run(scope.amazonConnectionId, scope.marketplaceId, counted.erpConnectionId, counted.sku, counted.itemNumber, counted.amazonTotal, counted.erpStock, quantity, key, at, at).lastInsertRowid);
      this.audit.record({
        kind: 'state_change', system: 'app', operation: 'stock-adjustment.proposed', actor, connectionId: counted.erpConnectionId, subjectType: 'stock-adjustment', subjectId: key,
        status: 'held', detail: { id, sku: counted.sku, item: counted.itemNumber, amazonTotal: counted.amazonTotal, erpStock: counted.erpStock, quantity },
      });
      return { adjustment: this.get(id), withdrawn };
    })();
  }

  /** A person lets held adjustments (or failed ones, once the cause is fixed) go, with who and when; each is checked against both counts again before it is posted. */
  approve(ids: readonly number[], actor: string): StockAdjustment[] {
    return this.db.transaction(() => ids.map((id) => {
      const a = this.require(id);
      if (a.state !== 'held' && a.state !== 'failed') throw new DomainError('conflict', `The adjustment of SKU ${a.sku} is ${a.state}: only a held or failed adjustment is approved.`);
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE stock_adjustment SET state = 'approved', approved_by = ?, approved_at = ?, error = NULL, updated_at = ? WHERE id = ?`).run(actor, at, at, id);
      this.audit.record({ kind: 'decision', system: 'app', operation: 'stock-adjustment.approve', actor, connectionId: a.erpConnectionId, subjectType: 'stock-adjustment', subjectId: a.naturalKey, detail: { id, sku: a.sku, item: a.itemNumber, amazonTotal: a.amazonTotal, erpStock: a.erpStock, quantity: a.quantity } });
      return this.get(id)!;
    }))();
  }

  /** Takes held or approved adjustments out before they are posted, with why (a person's choice, or counts that moved). */
  withdraw(ids: readonly number[], reason: string, actor: string): StockAdjustment[] {
    return this.db.transaction(() => ids.map((id) => {
      const a = this.require(id);
      if (a.state !== 'held' && a.state !== 'approved' && a.state !== 'failed') throw new DomainError('conflict', `The adjustment of SKU ${a.sku} is ${a.state}: it can no longer be withdrawn.`);
      this.withdrawIn(a, reason, actor, this.now().toISOString());
      return this.get(id)!;
    }))();
  }

  /** Written before the request leaves: after a crash the adjustment is looked up in the ERP before it is created again. */
  markSending(id: number, actor: string): void {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE stock_adjustment SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state IN ('approved', 'sending')`).run(at, id);
      const a = this.get(id)!;
      this.audit.record({ kind: 'state_change', system: 'app', operation: 'stock-adjustment.sending', actor, connectionId: a.erpConnectionId, subjectType: 'stock-adjustment', subjectId: a.naturalKey, status: 'sending', detail: { id, attempts: a.attempts } });
    })();
  }

  markPosted(id: number, documentNumber: string, alreadyExisted: boolean, actor: string): void {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE stock_adjustment SET state = 'posted', document_number = ?, error = NULL, updated_at = ? WHERE id = ?`).run(documentNumber, at, id);
      const a = this.get(id)!;
      this.audit.record({ kind: 'state_change', system: 'erp', operation: 'stock-adjustment.posted', actor, connectionId: a.erpConnectionId, subjectType: 'stock-adjustment', subjectId: a.naturalKey, status: 'posted', detail: { id, sku: a.sku, item: a.itemNumber, quantity: a.quantity, documentNumber, alreadyExisted } });
    })();
  }

  /** The ERP refused it (failed, in its words) or could not be reached (stays sending: the next send looks it up first). */
  markFailed(id: number, error: string, retryable: boolean, actor: string): void {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE stock_adjustment SET state = ?, error = ?, updated_at = ? WHERE id = ?`).run(retryable ? 'sending' : 'failed', error, at, id);
      const a = this.get(id)!;
      this.audit.record({ kind: 'state_change', system: 'erp', operation: 'stock-adjustment.failed', actor, connectionId: a.erpConnectionId, subjectType: 'stock-adjustment', subjectId: a.naturalKey, status: retryable ? 'retry' : 'failed', detail: { id, error } });
    })();
  }

  private require(id: number): StockAdjustment {
    const a = this.get(id);
    if (!a) throw new DomainError('not_found', `There is no stock adjustment ${id}; a newer comparison may have replaced it.`);
    return a;
  }

  private withdrawIn(a: StockAdjustment, reason: string, actor: string, at: string): void {
    this.db.prepare(`UPDATE stock_adjustment SET state = 'withdrawn', withdrawn_reason = ?, updated_at = ? WHERE id = ?`).run(reason, at, a.id);
    this.audit.record({ kind: 'state_change', system: 'app', operation: 'stock-adjustment.withdrawn', actor, connectionId: a.erpConnectionId, subjectType: 'stock-adjustment', subjectId: a.naturalKey, status: 'withdrawn', detail: { id: a.id, sku: a.sku, reason, approvedBy: a.approvedBy } });
  }
}
