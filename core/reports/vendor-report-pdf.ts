import type { VendorReconciliation } from '../vendor/vendor-reconciliation';
import { footer, heading, line, render, table, type PdfOptions } from './reconciliation-pdf';
import { groupedAmount } from './report-amounts';

const MARGIN_TOP = 40;

/** The Vendor Central reconciliation on A4: the summary per vendor code and currency, then the POs behind it. */
export function vendorReconciliationPdf(r: VendorReconciliation, options: PdfOptions = {}): Promise<Buffer> {
  const money = (minor: number | null | undefined, currency: string) => (minor === null || minor === undefined ? '' : groupedAmount(minor, currency, options.negatives));
  return render((doc) => {
    doc.addPage();
    let y = heading(doc, MARGIN_TOP, `Vendor Central reconciliation, ${r.asOf}`);
    y = line(doc, y, 'Open: POs not invoiced yet. Outstanding: invoiced less paid and deducted (disputed amounts included). In review: differences not yet decided or posted.');
    y = table(doc, y + 4, [
      { header: 'Vendor code', width: 60 }, { header: 'Cur.', width: 30 }, { header: 'Open POs', width: 40, align: 'right' }, { header: 'Open', width: 70, align: 'right' },
      { header: 'Invoiced', width: 70, align: 'right' }, { header: 'Paid', width: 70, align: 'right' }, { header: 'Deducted', width: 60, align: 'right' },
      { header: 'Disputed', width: 60, align: 'right' }, { header: 'In review', width: 60, align: 'right' }, { header: 'Outstanding', width: 70, align: 'right' },
    ], r.rows.map((x) => [x.vendorCode, x.currency, String(x.openPurchaseOrders), money(x.openAmount, x.currency), money(x.invoiced, x.currency), money(x.paid, x.currency),
      money(x.deducted, x.currency), money(x.disputed, x.currency), money(x.inReview, x.currency), money(x.outstanding, x.currency)]), { more: 'vendor codes' });
    y = heading(doc, y + 6, `Purchase orders (${r.purchaseOrders.length})`);
    table(doc, y, [
      { header: 'Vendor code', width: 55 }, { header: 'PO', width: 55 }, { header: 'Sales order', width: 65 }, { header: 'Invoice', width: 70 }, { header: 'State', width: 110 },
      { header: 'Ordered', width: 65, align: 'right' }, { header: 'Paid', width: 65, align: 'right' }, { header: 'Deducted', width: 55, align: 'right' },
    ], r.purchaseOrders.map((p) => [p.vendorCode, p.poNumber, p.salesOrder?.documentNumber ?? '', p.invoice?.number ?? '',
      [p.poState, p.invoice?.state, p.payment?.state].filter(Boolean).join(' / '), `${money(p.total, p.currency)} ${p.currency}`, money(p.payment?.paid, p.currency), money(p.payment?.deducted, p.currency)]),
    { more: 'purchase orders' });
    footer(doc, `ml-connector · Vendor Central reconciliation ${r.asOf} · generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  }, `Vendor Central reconciliation ${r.asOf}`, options, options.generatedAt ?? new Date(r.generatedAt));
}
