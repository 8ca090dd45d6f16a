import { ordersUpdatedByWindow, type OrderWindow } from '../amazon/orders';
import type { SpApiClient } from '../amazon/sp-api-client';
import { recordDecision, recordOrder } from '../posting/order-book';
import { enqueueOrderInvoices, type OrderInvoiceDecision, type OrderMappings } from '../posting/order-invoices';
import { closeSummaryDays } from '../posting/order-summary-invoices';
import type { PostingOutbox } from '../posting/outbox';
import type { AuditLog, Db } from '../store';

export interface QueueShippedOrders {
  db: Db;
  audit: AuditLog;
  outbox: PostingOutbox;
  client: SpApiClient;
  amazonConnectionId: string;
  erpConnectionId: string;
  erpName: string;
  marketplaceIds: string[];
  mappings: OrderMappings;
  actor: string;
  /** Where the very first read starts, when this pair of connections has no cursor yet. */
  firstReadFrom: Date;
  /** Length of each update window (default one day). */
  windowMs?: number;
  now: () => Date;
  signal?: AbortSignal;
  /** After each window's invoices and cursor are committed: `enqueued` documents newly queued. */
  onWindow?: (w: { lastUpdatedAfter: string; lastUpdatedBefore: string; orders: number; enqueued: number }) => void;
}

/** Where reading orders for this pair of connections stopped, or null before the first read. */
export function orderReadCursor(db: Db, amazonConnectionId: string, erpConnectionId: string): string | null {
  const row = db.prepare('SELECT last_updated_before FROM order_read_cursor WHERE amazon_connection_id = ? AND erp_connection_id = ?')
    .get(amazonConnectionId, erpConnectionId) as { last_updated_before: string } | undefined;
  return row?.last_updated_before ?? null;
}

/**
 * Reads the orders updated since the cursor, window by window (with their fulfilment, and their proceeds:
 * the shipping, gift wrap, promotions and tax the invoice carries), and queues each window's shipped orders
 * as sales invoices (or files them for their day's summary invoice, made once a window ends past the
 * day). A window's invoices and the cursor past it are written in one transaction: a stop
 * (cancel, crash, Amazon unreachable) resumes at the first window not queued, and a window read twice
 * queues nothing twice (the outbox's natural key).
 */
export async function queueShippedOrders(o: QueueShippedOrders): Promise<{ windows: number; decisions: OrderInvoiceDecision[] }> {
  const cursor = orderReadCursor(o.db, o.amazonConnectionId, o.erpConnectionId);
  const since = cursor ? new Date(cursor) : o.firstReadFrom;
  const decisions: OrderInvoiceDecision[] = [];
  let windows = 0;
  const windowsRead = ordersUpdatedByWindow(o.client, {
    since, marketplaceIds: o.marketplaceIds, includedData: ['FULFILLMENT', 'PROCEEDS'], ...(o.windowMs ? { windowMs: o.windowMs } : {}), sizeToOrders: true,
  }, o.signal);
  for await (const w of windowsRead) {
    const decided = o.db.transaction(() => queueWindow(o, w))();
    decisions.push(...decided);
    windows++;
    o.onWindow?.({ lastUpdatedAfter: w.lastUpdatedAfter, lastUpdatedBefore: w.lastUpdatedBefore, orders: w.orders.length, enqueued: decided.filter((d) => d.outcome === 'enqueued').length });
  }
  return { windows, decisions };
}

function queueWindow(o: QueueShippedOrders, w: OrderWindow): OrderInvoiceDecision[] {
  const decided = enqueueOrderInvoices({
    db: o.db, audit: o.audit, outbox: o.outbox, connectionId: o.erpConnectionId, connectionName: o.erpName, mappings: o.mappings, actor: o.actor, now: o.now,
  }, w.orders);
  // Every order last updated before the window's end is read: the days before it are complete.
  closeSummaryDays({ db: o.db, audit: o.audit, outbox: o.outbox, connectionId: o.erpConnectionId, actor: o.actor }, w.lastUpdatedBefore.slice(0, 10));
  const at = o.now();
  for (const order of w.orders) recordOrder(o.db, o.amazonConnectionId, order, at);
  for (const d of decided) recordDecision(o.db, o.erpConnectionId, d, at);
  o.db.prepare(`INSERT INTO order_read_cursor (amazon_connection_id, erp_connection_id, last_updated_before, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (amazon_connection_id, erp_connection_id) DO UPDATE SET last_updated_before = excluded.last_updated_before, updated_at = excluded.updated_at`)
    .run(o.amazonConnectionId, o.erpConnectionId, w.lastUpdatedBefore, o.now().toISOString());
  return decided;
}
