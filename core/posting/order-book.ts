import type { Order } from '../amazon/orders';
import type { Db } from '../store';
import type { OrderInvoiceDecision, UnmappedForOrders } from './order-invoices';

interface ItemProductView { sellerSku?: unknown }

/** The order's seller SKUs, once each, in item order. */
export function skusOf(order: Order): string[] {
  const skus = order.orderItems.map((i) => (i.product as ItemProductView | undefined)?.sellerSku).filter((s): s is string => typeof s === 'string' && s !== '');
  return [...new Set(skus)];
}

/** The order without who bought it and where it went: nothing an invoice to the marketplace customer needs. */
function withoutBuyer(order: Order): Record<string, unknown> {
  const { buyer: _buyer, recipient: _recipient, ...kept } = order as Record<string, unknown>;
  return kept;
}

/** Keeps the order as read (its latest copy wins) for finding it later by id or SKU. */
export function recordOrder(db: Db, amazonConnectionId: string, order: Order, readAt: Date): void {
  const status = (order.fulfillment as { fulfillmentStatus?: unknown } | undefined)?.fulfillmentStatus;
  db.prepare(`INSERT INTO amazon_order (amazon_connection_id, order_id, marketplace_id, fulfillment_status, created_time, last_updated_time, skus, data, read_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (amazon_connection_id, order_id) DO UPDATE SET marketplace_id = excluded.marketplace_id, fulfillment_status = excluded.fulfillment_status,
      last_updated_time = excluded.last_updated_time, skus = excluded.skus, data = excluded.data, read_at = excluded.read_at
    WHERE excluded.last_updated_time >= amazon_order.last_updated_time`)
    .run(amazonConnectionId, order.orderId, order.salesChannel.marketplaceId ?? null, typeof status === 'string' ? status : null,
      order.createdTime, order.lastUpdatedTime, JSON.stringify(skusOf(order)), JSON.stringify(withoutBuyer(order)), readAt.toISOString());
}

export type DecisionOutcome = 'queued' | 'cancelled' | 'not-shipped' | 'refused';

/** What became of the order for the connection the last time it was read. */
export function recordDecision(db: Db, erpConnectionId: string, d: OrderInvoiceDecision, at: Date): void {
  const outcome: DecisionOutcome = d.outcome === 'enqueued' || d.outcome === 'already-enqueued' ? 'queued' : d.outcome;
  const refused = d.outcome === 'refused' ? d : null;
  db.prepare(`INSERT INTO order_invoice_decision (erp_connection_id, order_id, outcome, reasons, unmapped, decided_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (erp_connection_id, order_id) DO UPDATE SET outcome = excluded.outcome, reasons = excluded.reasons, unmapped = excluded.unmapped, decided_at = excluded.decided_at`)
    .run(erpConnectionId, d.orderId, outcome, JSON.stringify(refused?.reasons ?? []), JSON.stringify(refused?.unmapped ?? { skus: [], marketplaces: [] }), at.toISOString());
}

export interface StoredDecision {
  erpConnectionId: string;
  orderId: string;
  outcome: DecisionOutcome;
  reasons: string[];
  unmapped: UnmappedForOrders;
  decidedAt: string;
}

interface DecisionRow { erp_connection_id: string; order_id: string; outcome: DecisionOutcome; reasons: string; unmapped: string; decided_at: string }

const decisionOf = (r: DecisionRow): StoredDecision => ({
  erpConnectionId: r.erp_connection_id, orderId: r.order_id, outcome: r.outcome,
  reasons: JSON.parse(r.reasons) as string[], unmapped: JSON.parse(r.unmapped) as UnmappedForOrders, decidedAt: r.decided_at,
});

/** Every connection's decision on one order. */
export function decisionsOf(db: Db, orderId: string): StoredDecision[] {
  return (db.prepare('SELECT * FROM order_invoice_decision WHERE order_id = ? ORDER BY erp_connection_id').all(orderId) as DecisionRow[]).map(decisionOf);
}

/** The orders a connection refused, newest decision first. */
export function refusedOrders(db: Db, erpConnectionId: string): StoredDecision[] {
  return (db.prepare(`SELECT * FROM order_invoice_decision WHERE erp_connection_id = ? AND outcome = 'refused' ORDER BY decided_at DESC, order_id`).all(erpConnectionId) as DecisionRow[]).map(decisionOf);
}

export interface StoredOrder {
  amazonConnectionId: string;
  orderId: string;
  marketplaceId: string | null;
  fulfillmentStatus: string | null;
  createdTime: string;
  lastUpdatedTime: string;
  skus: string[];
  data: Record<string, unknown>;
}

interface OrderRow { amazon_connection_id: string; order_id: string; marketplace_id: string | null; fulfillment_status: string | null; created_time: string; last_updated_time: string; skus: string; data: string }

export function storedOrder(db: Db, orderId: string): StoredOrder | null {
  const r = db.prepare('SELECT * FROM amazon_order WHERE order_id = ? ORDER BY last_updated_time DESC LIMIT 1').get(orderId) as OrderRow | undefined;
  return r ? {
    amazonConnectionId: r.amazon_connection_id, orderId: r.order_id, marketplaceId: r.marketplace_id, fulfillmentStatus: r.fulfillment_status,
    createdTime: r.created_time, lastUpdatedTime: r.last_updated_time, skus: JSON.parse(r.skus) as string[], data: JSON.parse(r.data) as Record<string, unknown>,
  } : null;
}

/**
 * The order ids a search finds: an order id as typed (whole or its start), or a seller SKU, among the orders
 * read from Amazon and the settlements' order lines, newest first.
 */
export function findOrderIds(db: Db, query: string, limit: number): string[] {
  const q = query.trim();
  if (!q) {
    return (db.prepare(`SELECT order_id FROM amazon_order GROUP BY order_id ORDER BY MAX(last_updated_time) DESC LIMIT ?`).all(limit) as { order_id: string }[]).map((r) => r.order_id);
  }
  const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db.prepare(`
    SELECT order_id, MAX(at) AS at FROM (
      SELECT order_id, last_updated_time AS at FROM amazon_order
        WHERE order_id LIKE @prefix ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(amazon_order.skus) s WHERE s.value = @q COLLATE NOCASE)
      UNION ALL
      SELECT l.order_id, l.posted_date AS at FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id AND v.status = 'current'
        WHERE l.order_id IS NOT NULL AND l.order_id <> '' AND (l.order_id LIKE @prefix ESCAPE '\\' OR l.sku = @q COLLATE NOCASE)
    ) GROUP BY order_id ORDER BY at DESC, order_id LIMIT @limit`).all({ prefix, q, limit }) as { order_id: string }[];
  return rows.map((r) => r.order_id);
}
