import { createHash } from 'node:crypto';
import type { Db } from '../store';

export type McfOrderState = 'pending' | 'held' | 'submitted' | 'shipped' | 'closed';

export interface McfOrder {
  id: number;
  erpConnectionId: string;
  erpOrderNumber: string;
  sellerFulfillmentOrderId: string;
  state: McfOrderState;
  amazonStatus: string | null;
  tracking: string | null;
  trackingWrittenAt: string | null;
  /** When the order was first seen: one seen before the connection's first go-ahead is one of its first orders. */
  createdAt: string;
}

interface Row {
  id: number; erp_connection_id: string; erp_order_number: string; seller_fulfillment_order_id: string; state: McfOrderState;
  amazon_status: string | null; tracking: string | null; tracking_written_at: string | null; created_at: string;
}
const fromRow = (r: Row): McfOrder => ({
  id: r.id, erpConnectionId: r.erp_connection_id, erpOrderNumber: r.erp_order_number, sellerFulfillmentOrderId: r.seller_fulfillment_order_id,
  state: r.state, amazonStatus: r.amazon_status, tracking: r.tracking, trackingWrittenAt: r.tracking_written_at, createdAt: r.created_at,
});

/**
 * Amazon's id for an ERP order: "MLC-", six hex digits of the ERP connection (two companies may both have
 * an order S-ORD1001), then the order number with anything but letters, digits, "-" and "_" replaced,
 * since "+" and double spaces break getFulfillmentOrder (amzn/selling-partner-api-models#5374, #1845).
 * At most 40 characters (sellerFulfillmentOrderId maxLength); a longer number ends in a hash of itself.
 */
export function sellerFulfillmentOrderIdOf(erpConnectionId: string, orderNumber: string): string {
  const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
  const clean = orderNumber.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = `MLC-${hash(erpConnectionId, 6)}-${clean}`;
  return id.length <= 40 && clean === orderNumber ? id : `${id.slice(0, 31)}-${hash(orderNumber, 8)}`;
}

/** The outbox of fulfilment orders (mcf_order): one row per ERP order, whatever happens to it. */
export class McfOutbox {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  /** The order's row, made pending the first time the order is seen. */
  ensure(erpConnectionId: string, orderNumber: string): McfOrder {
    const at = this.now().toISOString();
    this.db
      .prepare(`INSERT INTO mcf_order (erp_connection_id, erp_order_number, seller_fulfillment_order_id, state, created_at, updated_at)
                VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (erp_connection_id, erp_order_number) DO NOTHING`)
      .run(erpConnectionId, orderNumber, sellerFulfillmentOrderIdOf(erpConnectionId, orderNumber), at, at);
    return this.find(erpConnectionId, orderNumber)!;
  }

  find(erpConnectionId: string, orderNumber: string): McfOrder | null {
    const r = this.db.prepare('SELECT * FROM mcf_order WHERE erp_connection_id = ? AND erp_order_number = ?').get(erpConnectionId, orderNumber) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(erpConnectionId: string, state?: McfOrderState): McfOrder[] {
    return (this.db.prepare(`SELECT * FROM mcf_order WHERE erp_connection_id = ? ${state ? 'AND state = ?' : ''} ORDER BY id`).all(...(state ? [erpConnectionId, state] : [erpConnectionId])) as Row[]).map(fromRow);
  }

  /** Orders in these states on every ERP connection (the Dashboard's counts). */
  count(states: readonly McfOrderState[]): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM mcf_order WHERE state IN (${states.map(() => '?').join(', ')})`).get(...states) as { n: number }).n;
  }

  mark(id: number, state: McfOrderState, fields: { amazonStatus?: string; tracking?: string; trackingWritten?: boolean; submitted?: boolean } = {}): void {
    const at = this.now().toISOString();
    this.db
      .prepare(`UPDATE mcf_order SET state = @state, updated_at = @at, amazon_status = COALESCE(@status, amazon_status), tracking = COALESCE(@tracking, tracking),
                tracking_written_at = CASE WHEN @written THEN @at ELSE tracking_written_at END, submitted_at = CASE WHEN @submitted THEN @at ELSE submitted_at END WHERE id = @id`)
      .run({ id, state, at, status: fields.amazonStatus ?? null, tracking: fields.tracking ?? null, written: fields.trackingWritten ? 1 : 0, submitted: fields.submitted ? 1 : 0 });
  }
}
