import type { NegativeStyle } from '../money';
import type { VendorReconciliation } from '../vendor/vendor-reconciliation';
import { addSheet, amount, text, type Column, type Row } from './reconciliation-xlsx';

const SUMMARY: Column[] = [
  { header: 'As of (UTC)', width: 12, kind: 'date' }, text('Vendor code', 12), text('Currency', 10), { header: 'Open POs', width: 10, kind: 'int' }, amount('Open'),
  { header: 'Invoices', width: 10, kind: 'int' }, amount('Invoiced'), amount('Paid'), amount('Deducted'), amount('Disputed'), amount('In review'), amount('Outstanding'),
];
const POS: Column[] = [
  text('Vendor code', 12), text('PO', 12), text('Amazon state', 14), text('Currency', 10), amount('Ordered'), text('Sales order', 14), text('Sales order state', 14),
  text('Invoice', 14), text('Invoice state', 12), amount('Invoiced'), amount('Paid'), amount('Deducted'), text('Payment state', 12),
];

/** The Vendor Central reconciliation as a workbook: the summary per vendor code, then every PO behind it. */
export async function vendorReconciliationXlsx(r: VendorReconciliation, negatives: NegativeStyle = 'minus'): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'ml-connector';
  wb.title = `Vendor Central reconciliation ${r.asOf}`;
  addSheet(wb, 'Vendor codes', SUMMARY, r.rows.map((x): Row => ({
    currency: x.currency,
    values: [r.asOf, x.vendorCode, x.currency, x.openPurchaseOrders, x.openAmount, x.invoices, x.invoiced, x.paid, x.deducted, x.disputed, x.inReview, x.outstanding],
  })), negatives);
  addSheet(wb, 'Purchase orders', POS, r.purchaseOrders.map((p): Row => ({
    currency: p.currency,
    values: [p.vendorCode, p.poNumber, p.poState, p.currency, p.total, p.salesOrder?.documentNumber ?? null, p.salesOrder?.state ?? null, p.invoice?.number ?? null,
      p.invoice?.state ?? null, p.invoice?.total ?? null, p.payment?.paid ?? null, p.payment?.deducted ?? null, p.payment?.state ?? null],
  })), negatives);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
