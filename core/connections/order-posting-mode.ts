import type { AuditLog, Db } from '../store';

/**
 * How an ERP connection books Amazon orders, as A2X and Link My Books offer it: from the settlement
 * journal only, or each shipped order as a sales invoice (the settlement then books fees, reserves and
 * the payout).
 */
export const ORDER_POSTING_MODES = ['settlement-only', 'orders-as-invoices'] as const;
export type OrderPostingMode = (typeof ORDER_POSTING_MODES)[number];

/** What a connection never set: what every connection did before orders could be invoiced. */
export const DEFAULT_ORDER_POSTING_MODE: OrderPostingMode = 'settlement-only';

export interface OrderPostingSetting {
  mode: OrderPostingMode;
  /** Null while the connection keeps the default. */
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The order posting mode of each ERP connection (migration 160); every change is an audited decision. */
export class OrderPostingModes {
  constructor(private readonly db: Db, private readonly audit: AuditLog) {}

  get(connectionId: string): OrderPostingSetting {
    const row = this.db.prepare('SELECT mode, updated_at, updated_by FROM order_posting_mode WHERE connection_id = ?').get(connectionId) as
      | { mode: OrderPostingMode; updated_at: string; updated_by: string }
      | undefined;
    return row ? { mode: row.mode, updatedAt: row.updated_at, updatedBy: row.updated_by } : { mode: DEFAULT_ORDER_POSTING_MODE, updatedAt: null, updatedBy: null };
  }

  /** Returns whether the mode changed; setting the mode a connection already has records nothing. */
  set(connectionId: string, mode: OrderPostingMode, actor: string, now: Date): boolean {
    return this.db.transaction(() => {
      const before = this.get(connectionId).mode;
      if (before === mode) return false;
      this.db.prepare(`INSERT INTO order_posting_mode (connection_id, mode, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (connection_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(connectionId, mode, now.toISOString(), actor);
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'connection.order-posting-mode', actor, connectionId,
        subjectType: 'connection', subjectId: connectionId, detail: { from: before, to: mode },
      });
      return true;
    })();
  }
}
