import { getPurchaseOrders, PURCHASE_ORDER_WINDOW_MS, type PurchaseOrder } from '../amazon/vendor';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { SalesOrderDocument } from '../erp/erp-connector';
import type { AuditLog, Db } from '../store';
import { changedAtOf, salesOrderFromPurchaseOrder, vendorCodeOf, wholePoCancelled, type PoLineRef } from './purchase-order-document';
import type { VendorMappings } from './vendor-mappings';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/** A sales order in the vendor outbox: the ERP document and which PO line each of its lines is. */
export interface SalesOrderIntent {
  vendorCode: string;
  poNumber: string;
  salesOrder: SalesOrderDocument;
  lines: PoLineRef[];
  /** Amazon cancelled the whole PO: the sales order is deleted while nothing of it has shipped. */
  cancelled?: true;
}

export type PoDecision =
  | { vendorCode: string; poNumber: string; outcome: 'new' | 'same' | 'revised' | 'cancelled' }
  | { vendorCode: string; poNumber: string; outcome: 'refused'; reasons: string[] };

export interface ReadPurchaseOrders {
  db: Db;
  audit: AuditLog;
  client: SpApiClient;
  amazonConnectionId: string;
  erpConnectionId: string;
  /**
   * The vendor codes to read, each by orderingVendorCode; ALL_VENDOR_CODES reads every vendor code of the
   * vendor group at once ("If not included in the filter, all purchase orders for all of the vendor codes
   * that exist in the vendor group ... are returned", vendorOrders.json), so a code nobody mapped is seen too.
   * A code without a customer mapping gets its POs held for review.
   */
  vendorCodes: readonly string[];
  mappings: VendorMappings;
  outbox: VendorOutbox;
  reviews: VendorReviews;
  /** Where the first read of a vendor code starts (Amazon keeps 6 months). */
  firstReadFrom: Date;
  now: () => Date;
  signal?: AbortSignal;
}

export const ALL_VENDOR_CODES = '*';

export const salesOrderKey = (vendorCode: string, poNumber: string) => `${vendorCode}:${poNumber}`;

export function vendorReadCursor(db: Db, amazonConnectionId: string, vendorCode: string): string | null {
  const row = db.prepare('SELECT changed_before FROM vendor_read_cursor WHERE amazon_connection_id = ? AND vendor_code = ?').get(amazonConnectionId, vendorCode) as { changed_before: string } | undefined;
  return row?.changed_before ?? null;
}

/**
 * Reads new and changed purchase orders per vendor code in windows of at most 7 days ("The date range
 * must not exceed 7 days", getPurchaseOrders, vendorOrders.json; NOTES §8), paced by the client's
 * usage-plan limiter (10/s). Each window's POs are stored, turned into sales orders in the vendor outbox
 * (or review items saying what to map) and the cursor moved past it in one transaction, so a stop resumes
 * at the first window not stored and a window read twice enqueues nothing twice.
 */
export async function readPurchaseOrders(o: ReadPurchaseOrders): Promise<{ windows: number; decisions: PoDecision[] }> {
  const decisions: PoDecision[] = [];
  let windows = 0;
  const end = o.now().getTime();
  for (const vendorCode of o.vendorCodes) {
    const cursor = vendorReadCursor(o.db, o.amazonConnectionId, vendorCode);
    for (let from = cursor ? Date.parse(cursor) : o.firstReadFrom.getTime(); from < end; from += PURCHASE_ORDER_WINDOW_MS) {
      const to = Math.min(from + PURCHASE_ORDER_WINDOW_MS, end);
      const orders = await getPurchaseOrders(o.client, { from: new Date(from), to: new Date(to), ...(vendorCode === ALL_VENDOR_CODES ? {} : { vendorCode }), ...(o.signal ? { signal: o.signal } : {}) });
      decisions.push(...o.db.transaction(() => storeWindow(o, vendorCode, orders, new Date(to).toISOString()))());
      windows++;
    }
  }
  return { windows, decisions };
}

function storeWindow(o: ReadPurchaseOrders, vendorCode: string, orders: readonly PurchaseOrder[], changedBefore: string): PoDecision[] {
  const at = o.now().toISOString();
  const out: PoDecision[] = [];
  for (const po of orders) {
    const code = vendorCodeOf(po) ?? vendorCode;
    o.db.prepare(`INSERT INTO vendor_purchase_order (amazon_connection_id, vendor_code, po_number, po_state, changed_at, body, read_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (amazon_connection_id, vendor_code, po_number) DO UPDATE SET po_state = excluded.po_state, changed_at = excluded.changed_at, body = excluded.body, read_at = excluded.read_at`)
      .run(o.amazonConnectionId, code, po.purchaseOrderNumber, po.purchaseOrderState, changedAtOf(po), JSON.stringify(po), at);
    out.push(decide(o, code, po));
  }
  o.db.prepare(`INSERT INTO vendor_read_cursor (amazon_connection_id, vendor_code, changed_before, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (amazon_connection_id, vendor_code) DO UPDATE SET changed_before = excluded.changed_before, updated_at = excluded.updated_at`)
    .run(o.amazonConnectionId, vendorCode, changedBefore, at);
  return out;
}

type Deciding = Pick<ReadPurchaseOrders, 'mappings' | 'outbox' | 'reviews' | 'erpConnectionId'>;

/**
 * POs refused for a missing mapping are not read again until Amazon changes them, so each is tried again
 * from the PO as stored: one that now builds is queued as a sales order and its review item closes.
 */
export function retryUnmappedPurchaseOrders(o: Deciding & { db: Db }): string[] {
  const closed: string[] = [];
  for (const item of o.reviews.list({ erpConnectionId: o.erpConnectionId, state: 'open' })) {
    if (item.kind !== 'unmapped' || !item.poNumber) continue;
    const row = o.db.prepare('SELECT body FROM vendor_purchase_order WHERE vendor_code = ? AND po_number = ?').get(item.vendorCode, item.poNumber) as { body: string } | undefined;
    if (!row) continue;
    const decision = o.db.transaction(() => decide(o, item.vendorCode, JSON.parse(row.body) as PurchaseOrder))();
    if (decision.outcome === 'refused') continue;
    o.reviews.closeResolved(item.id, `Mapped since: PO ${item.poNumber} is queued as a sales order.`);
    closed.push(salesOrderKey(item.vendorCode, item.poNumber));
  }
  return closed;
}

function decide(o: Deciding, vendorCode: string, po: PurchaseOrder): PoDecision {
  const poNumber = po.purchaseOrderNumber;
  const key = salesOrderKey(vendorCode, poNumber);
  if (wholePoCancelled(po)) {
    // A PO cancelled before its sales order was queued has nothing in the ERP to undo.
    const existing = o.outbox.get<SalesOrderIntent>(o.erpConnectionId, 'sales-order', key);
    if (!existing) return { vendorCode, poNumber, outcome: 'cancelled' };
    const outcome = o.outbox.enqueue(o.erpConnectionId, 'sales-order', key, key, { ...existing.document, cancelled: true } satisfies SalesOrderIntent);
    return { vendorCode, poNumber, outcome: outcome === 'revised' ? 'cancelled' : outcome };
  }
  const built = salesOrderFromPurchaseOrder(po, o.mappings);
  if ('reasons' in built) {
    o.reviews.raise(o.erpConnectionId, {
      key: `unmapped:${vendorCode}:${poNumber}`, kind: 'unmapped', vendorCode, poNumber,
      title: `PO ${poNumber} (vendor code ${vendorCode}) cannot become a sales order: ${built.reasons[0]}${built.reasons.length > 1 ? ` (+${built.reasons.length - 1} more)` : ''}`,
      facts: { reasons: built.reasons, amazon: po },
    });
    return { vendorCode, poNumber, outcome: 'refused', reasons: built.reasons };
  }
  const intent: SalesOrderIntent = { vendorCode, poNumber, salesOrder: built.document, lines: built.lines };
  const outcome = o.outbox.enqueue(o.erpConnectionId, 'sales-order', key, key, intent);
  return { vendorCode, poNumber, outcome };
}
