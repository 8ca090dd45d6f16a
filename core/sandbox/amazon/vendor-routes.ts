import { randomUUID } from 'node:crypto';
import type { SeedSeller } from './seed-data';
import type { EmulatorState, Reply, VendorStore } from './emulator-state';

/**
 * Vendor retail procurement in the emulator: purchase orders in windows of at most 7 days
 * (getPurchaseOrders, vendorOrders.json), invoices accepted asynchronously with a transaction id
 * (vendorInvoices.json) that stays Processing for 10 emulated seconds (the emulator's choice) and then
 * succeeds, or fails when the invoice number was already submitted.
 */

const DAY = 86_400_000;
const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message }] } });

export function getPurchaseOrders(state: EmulatorState, seller: SeedSeller, url: URL, page: (all: unknown[], sig: string) => Reply | { items: unknown[]; next?: string }): Reply {
  const q = url.searchParams;
  const byCreated = q.has('createdAfter') || q.has('createdBefore');
  const after = Date.parse(q.get(byCreated ? 'createdAfter' : 'changedAfter') ?? '');
  const before = Date.parse(q.get(byCreated ? 'createdBefore' : 'changedBefore') ?? '') || state.clock.now();
  if (Number.isNaN(after)) return invalid(`${byCreated ? 'createdAfter' : 'changedAfter'} is required`);
  // "The date range must not exceed 7 days" (getPurchaseOrders, vendorOrders.json).
  if (before - after > 7 * DAY) return invalid('The date range must not exceed 7 days.');
  const field = byCreated ? 'purchaseOrderDate' : 'purchaseOrderChangedDate';
  const vendorCode = q.get('orderingVendorCode');
  const all = (seller.purchaseOrders ?? []).filter((o) => {
    const d = (o.orderDetails as Record<string, string> | undefined) ?? {};
    // orderingVendorCode "should be same as 'sellingParty.partyId' in the purchase order" (vendorOrders.json).
    if (vendorCode && (o.orderDetails as { sellingParty?: { partyId?: string } } | undefined)?.sellingParty?.partyId !== vendorCode) return false;
    const t = Date.parse(d[field] ?? d.purchaseOrderDate ?? '');
    return t >= after && t < before;
  });
  const result = page(all, [...q.entries()].filter(([k]) => k !== 'nextToken').map(([k, v]) => `${k}=${v}`).sort().join('&'));
  if ('status' in result) return result;
  return { status: 200, body: { payload: { orders: result.items, ...(result.next ? { pagination: { nextToken: result.next } } : {}) } } };
}

export function submitInvoices(state: EmulatorState, store: VendorStore, seller: SeedSeller, body: Buffer): Reply {
  let request: { invoices?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as typeof request;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  const invoices = Array.isArray(request.invoices) ? (request.invoices as Record<string, unknown>[]) : [];
  // Invoice required fields: invoiceType, id, date, remitToParty, invoiceTotal (vendorInvoices.json).
  const missing = invoices.length === 0 || invoices.some((i) => !['Invoice', 'CreditNote'].includes(String(i.invoiceType)) || typeof i.id !== 'string' || typeof i.date !== 'string' || !i.remitToParty || !i.invoiceTotal);
  if (missing) return invalid('Each invoice needs invoiceType, id, date, remitToParty and invoiceTotal');
  const errors: { code: string; message: string }[] = [];
  for (const i of invoices) {
    const id = String(i.id);
    if (store.invoiceIds.has(id)) errors.push({ code: 'DuplicateInvoice', message: `Invoice ${id} was already submitted.` });
    // An invoice line must name a PO Amazon issued to this vendor group (codes and wording [UNVERIFIED]; the
    // model only says purchaseOrderNumber is "mandatory only when invoiceType is Invoice").
    const known = new Set((seller.purchaseOrders ?? []).map((o) => o.purchaseOrderNumber));
    for (const item of Array.isArray(i.items) ? (i.items as Record<string, unknown>[]) : []) {
      const po = item.purchaseOrderNumber;
      if (i.invoiceType === 'Invoice' && known.size && (typeof po !== 'string' || !known.has(po))) {
        errors.push({ code: 'InvalidPurchaseOrder', message: `Invoice ${id}, item ${String(item.itemSequenceNumber)}: purchase order ${String(po ?? '(none)')} was not issued to this vendor.` });
      }
    }
    store.invoiceIds.add(id);
  }
  const transactionId = randomUUID();
  store.transactions.set(transactionId, { sellerId: seller.sellerId, createdAt: state.clock.now(), errors });
  return { status: 202, body: { payload: { transactionId } } };
}

export function getTransaction(state: EmulatorState, store: VendorStore, seller: SeedSeller, transactionId: string): Reply {
  const t = store.transactions.get(transactionId);
  if (!t || t.sellerId !== seller.sellerId) return { status: 404, body: { errors: [{ code: 'NotFound', message: 'Transaction not found' }] } };
  const done = state.clock.now() - t.createdAt >= 10_000;
  const status = !done ? 'Processing' : t.errors.length ? 'Failure' : 'Success';
  return { status: 200, body: { payload: { transactionStatus: { transactionId, status, ...(status === 'Failure' ? { errors: t.errors } : {}) } } } };
}
