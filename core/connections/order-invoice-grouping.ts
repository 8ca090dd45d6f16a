import type { AuditLog, Db } from '../store';

/**
 * How a connection on "Orders as invoices" makes its invoices, as A2X and Link My Books offer it: one per
 * shipped order, or one summary invoice per marketplace per day (and refunds likewise).
 */
export const ORDER_INVOICE_GROUPINGS = ['per-order', 'daily-summary'] as const;
export type OrderInvoiceGrouping = (typeof ORDER_INVOICE_GROUPINGS)[number];

export const DEFAULT_ORDER_INVOICE_GROUPING: OrderInvoiceGrouping = 'per-order';

export interface OrderInvoiceGroupingSetting {
  grouping: OrderInvoiceGrouping;
  /** Null while the connection keeps the default. */
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The invoice grouping of each ERP connection (migration 235); every change is an audited decision. */
export class OrderInvoiceGroupings {
  constructor(private readonly db: Db, private readonly audit: AuditLog) {}

  get(connectionId: string): OrderInvoiceGroupingSetting {
    const row = this.db.prepare('SELECT grouping, updated_at, updated_by FROM order_invoice_grouping WHERE connection_id = ?').get(connectionId) as
      | { grouping: OrderInvoiceGrouping; updated_at: string; updated_by: string }
      | undefined;
    return row ? { grouping: row.grouping, updatedAt: row.updated_at, updatedBy: row.updated_by } : { grouping: DEFAULT_ORDER_INVOICE_GROUPING, updatedAt: null, updatedBy: null };
  }

  /** Returns whether the grouping changed; choosing the one a connection already has records nothing. */
  set(connectionId: string, grouping: OrderInvoiceGrouping, actor: string, now: Date, detail: Record<string, unknown> = {}): boolean {
    return this.db.transaction(() => {
      const before = this.get(connectionId).grouping;
      if (before === grouping) return false;
      this.db.prepare(`INSERT INTO order_invoice_grouping (connection_id, grouping, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (connection_id) DO UPDATE SET grouping = excluded.grouping, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(connectionId, grouping, now.toISOString(), actor);
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'connection.order-invoice-grouping', actor, connectionId,
        subjectType: 'connection', subjectId: connectionId, detail: { from: before, to: grouping, ...detail },
      });
      return true;
    })();
  }
}
