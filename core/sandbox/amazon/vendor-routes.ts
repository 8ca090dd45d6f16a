import { randomUUID } from 'node:crypto';
import type { SeedSeller } from './seed-data';
import type { EmulatorState, Reply, VendorStore } from './emulator-state';
import { applyAcknowledgement } from './vendor-acknowledgement-routes';
import { remittanceHeader } from './vendor-seed';

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
  store.transactions.set(transactionId, { sellerId: seller.sellerId, createdAt: state.clock.now(), errors, invoices });
  return { status: 202, body: { payload: { transactionId } } };
}

export function getTransaction(state: EmulatorState, store: VendorStore, seller: SeedSeller, transactionId: string): Reply {
  const t = store.transactions.get(transactionId);
  if (!t || t.sellerId !== seller.sellerId) return { status: 404, body: { errors: [{ code: 'NotFound', message: 'Transaction not found' }] } };
  const done = state.clock.now() - t.createdAt >= 10_000;
  const status = !done ? 'Processing' : t.errors.length ? 'Failure' : 'Success';
  if (status === 'Success' && t.acknowledged) applyAcknowledgement(state, seller, t.acknowledged);
  if (status === 'Success' && seller.vendorPayments && !t.paid) {
    t.paid = true;
    for (const invoice of t.invoices) (seller.vendorInvoiceHeaders ??= []).push(paidHeader(state, seller, invoice, seller.vendorPayments.plantedShortages));
  }
  return { status: 200, body: { payload: { transactionStatus: { transactionId, status, ...(status === 'Failure' ? { errors: t.errors } : {}) } } } };
}

/** Minor units of a decimal string with at most `places` decimals (emulator arithmetic, never floats). */
function units(amount: string, places: number): bigint {
  const [whole = '0', frac = ''] = amount.split('.');
  return BigInt(whole + frac.padEnd(places, '0').slice(0, places));
}
const decimal = (n: bigint, places: number) => {
  const s = (n < 0n ? -n : n).toString().padStart(places + 1, '0');
  return `${n < 0n ? '-' : ''}${s.slice(0, -places)}.${s.slice(-places)}`;
};

/**
 * The AP invoice header of an accepted invoice, paid at once with a planted shortage withheld (the
 * emulator's shortcut: Amazon pays on its terms, weeks later). Remittance ids are the emulator's own.
 */
function paidHeader(state: EmulatorState, seller: SeedSeller, invoice: Record<string, unknown>, shortages: Record<string, number>) {
  const total = invoice.invoiceTotal as { currencyCode: string; amount: string };
  const items = (invoice.items as Array<{ purchaseOrderNumber?: string; netCost?: { amount?: string } }> | undefined) ?? [];
  const po = items[0]?.purchaseOrderNumber ?? '';
  const short = shortages[po] ?? 0;
  const shortage = short ? units(items[0]?.netCost?.amount ?? '0', 2) * BigInt(short) : 0n;
  const now = state.clock.now();
  const n = (seller.vendorInvoiceHeaders?.length ?? 0) + 1;
  return remittanceHeader({
    invoiceNumber: String(invoice.id), vendorCode: String((invoice.remitToParty as { partyId?: string }).partyId ?? ''), poNumber: po, currency: total.currencyCode,
    invoiced: total.amount, paid: decimal(units(total.amount, 2) - shortage, 2), ...(shortage ? { shortage: decimal(shortage, 2) } : {}),
    status: 'PAID', issued: now, due: now + 60 * 86_400_000, remittanceId: `RMT${String(n).padStart(5, '0')}`,
  });
}
