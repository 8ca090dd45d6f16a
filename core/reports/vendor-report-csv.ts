import { csvNumber, toCsv } from '../text/csv';
import type { VendorReconciliation } from '../vendor/vendor-reconciliation';
import { plainAmount } from './report-amounts';

const HEADER = ['section', 'as of', 'vendor code', 'currency', 'PO', 'open POs', 'open', 'invoices', 'invoiced', 'paid', 'deducted', 'disputed', 'in review', 'outstanding', 'sales order', 'invoice', 'state'];

/**
 * The Vendor Central reconciliation as one CSV table: a summary row per vendor code and currency, then a
 * row per PO (section column tells them apart). Amounts are decimal numbers with the currency's decimals.
 */
export function vendorReconciliationCsv(r: VendorReconciliation): string {
  const n = (minor: number, currency: string) => csvNumber(plainAmount(minor, currency));
  const summary = r.rows.map((x) => ['vendor code', r.asOf, x.vendorCode, x.currency, null, x.openPurchaseOrders, n(x.openAmount, x.currency), x.invoices, n(x.invoiced, x.currency),
    n(x.paid, x.currency), n(x.deducted, x.currency), n(x.disputed, x.currency), n(x.inReview, x.currency), n(x.outstanding, x.currency), null, null, null]);
  const pos = r.purchaseOrders.map((p) => ['purchase order', r.asOf, p.vendorCode, p.currency, p.poNumber, null, p.total === null ? null : n(p.total, p.currency), null,
    p.invoice ? n(p.invoice.total, p.currency) : null, p.payment ? n(p.payment.paid, p.currency) : null, p.payment ? n(p.payment.deducted, p.currency) : null, null, null, null,
    p.salesOrder?.documentNumber ?? null, p.invoice?.number ?? null, [p.poState, p.salesOrder?.state, p.invoice?.state, p.payment?.state].filter(Boolean).join(' / ')]);
  return toCsv(HEADER, [...summary, ...pos]);
}
