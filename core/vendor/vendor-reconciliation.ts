import type { Db } from '../store';
import type { VendorOutbox } from './vendor-outbox';
import { vendorOverview, type VendorPoRow } from './vendor-overview';
import type { VendorReviews } from './vendor-reviews';

/**
 * What an accounts-receivable team looks at each morning, per vendor code and currency (currencies are
 * never added together), all amounts in minor units:
 * open: POs not invoiced yet (not cancelled) and their ordered value · invoiced: invoices sent to Amazon,
 * not rejected · paid: what Amazon paid on them · deducted: deductions accepted and posted with a payment ·
 * disputed: differences the vendor chases with Amazon · in review: differences nobody has decided yet ·
 * outstanding: invoiced less paid and deducted (what Amazon still owes, disputed amounts included).
 */
export interface VendorReconciliationRow {
  vendorCode: string;
  currency: string;
  openPurchaseOrders: number;
  openAmount: number;
  invoices: number;
  invoiced: number;
  paid: number;
  deducted: number;
  disputed: number;
  inReview: number;
  outstanding: number;
}

export interface VendorReconciliation {
  /** The day the report is for (UTC), and the moment it was made. */
  asOf: string;
  generatedAt: string;
  rows: VendorReconciliationRow[];
  /** The POs behind the rows, for the detail sheet of the exports. */
  purchaseOrders: Array<VendorPoRow & { currency: string }>;
}

const DIFFERENCES = new Set(['shortage', 'price-difference', 'unpaid-past-terms']);

/** A PO's currency: its sales order's, else the first priced item's on the PO as Amazon sent it. */
function currencyOf(db: Db, row: VendorPoRow): string | null {
  if (row.currency) return row.currency;
  const r = db.prepare('SELECT body FROM vendor_purchase_order WHERE vendor_code = ? AND po_number = ?').get(row.vendorCode, row.poNumber) as { body: string } | undefined;
  const items = (JSON.parse(r?.body ?? '{}') as { orderDetails?: { items?: Array<{ netCost?: { currencyCode?: string } }> } }).orderDetails?.items ?? [];
  return items.find((i) => i.netCost?.currencyCode)?.netCost?.currencyCode ?? null;
}

export function vendorReconciliation(db: Db, outbox: VendorOutbox, reviews: VendorReviews, now: Date): VendorReconciliation {
  const overview = vendorOverview(db, outbox, reviews);
  const rows = new Map<string, VendorReconciliationRow>();
  const rowOf = (vendorCode: string, currency: string) => {
    const key = `${vendorCode}\u0000${currency}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { vendorCode, currency, openPurchaseOrders: 0, openAmount: 0, invoices: 0, invoiced: 0, paid: 0, deducted: 0, disputed: 0, inReview: 0, outstanding: 0 }));
    return r;
  };
  const purchaseOrders: VendorReconciliation['purchaseOrders'] = [];
  for (const po of overview.purchaseOrders) {
    const currency = currencyOf(db, po);
    if (!currency) continue;
    purchaseOrders.push({ ...po, currency });
    const r = rowOf(po.vendorCode, currency);
    const cancelled = po.salesOrder?.state === 'cancelled';
    const invoice = po.invoice && po.invoice.state !== 'rejected' ? po.invoice : null;
    if (!invoice && !cancelled) {
      r.openPurchaseOrders++;
      r.openAmount += po.total ?? 0;
    }
    if (invoice) {
      r.invoices++;
      r.invoiced += invoice.total;
    }
    if (po.payment) {
      r.paid += po.payment.paid;
      r.deducted += po.payment.deducted;
    }
  }
  for (const item of overview.reviews) {
    if (!DIFFERENCES.has(item.kind) || item.amount === null || !item.currency || item.resolution?.action === 'dismiss') continue;
    const r = rowOf(item.vendorCode, item.currency);
    if (item.resolution?.action === 'dispute') r.disputed += item.amount;
    // Accepted but not yet approved and posted is still in review: nothing of it is booked.
    else if (item.state !== 'posted') r.inReview += item.amount;
  }
  for (const r of rows.values()) r.outstanding = r.invoiced - r.paid - r.deducted;
  return {
    asOf: now.toISOString().slice(0, 10),
    generatedAt: now.toISOString(),
    rows: [...rows.values()].sort((a, b) => a.vendorCode.localeCompare(b.vendorCode) || a.currency.localeCompare(b.currency)),
    purchaseOrders,
  };
}
