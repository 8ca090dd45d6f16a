import { afterEach, describe, expect, it } from 'vitest';
import { vendorReconciliationCsv } from '../../core/reports/vendor-report-csv';
import { vendorReconciliationPdf } from '../../core/reports/vendor-report-pdf';
import { vendorReconciliationXlsx } from '../../core/reports/vendor-report-xlsx';
import { remittanceHeader } from '../../core/sandbox/amazon/vendor-seed';
import { pollInvoiceTransactions, queuePostedInvoices, submitQueuedInvoices } from '../../core/vendor/invoice-submission';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { matchRemittances, postVendorPayments, releaseApprovedPayments } from '../../core/vendor/remittance';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { vendorReconciliation } from '../../core/vendor/vendor-reconciliation';
import { pdfText } from '../reports/pdf-text';
import { AMAZON, DAY, ERP, intakeOptions, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

const flow = () => ({
  outbox: f.outbox, reviews: f.reviews, erp: f.erp, client: f.h.client, mappings: f.mappings, erpConnectionId: ERP, amazonConnectionId: AMAZON,
  marketplaceId: 'ATVPDKIKX0DER', now: f.now,
});
const report = () => vendorReconciliation(f.h.db, f.outbox, f.reviews, f.now());
const mlcd1 = () => report().rows.find((r) => r.vendorCode === 'MLCD1')!;

describe('Vendor Central daily reconciliation', () => {
  it('shows per vendor code what is open, invoiced, paid, deducted, disputed and in review, and exports it as CSV, XLSX and PDF', async () => {
    f = await vendorFixture();
    await readPurchaseOrders(intakeOptions(f));
    await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(mlcd1()).toMatchObject({ currency: 'EUR', openPurchaseOrders: 3, openAmount: 268280 + 156140 + 90240, invoices: 0, invoiced: 0, outstanding: 0 });
    // The unmapped vendor code shows too: its PO is open, in the currency Amazon priced it in.
    expect(report().rows.find((r) => r.vendorCode === 'UNMAP1')).toMatchObject({ currency: 'EUR', openPurchaseOrders: 1 });

    for (const so of f.bc.rows('salesOrders')) f.bc.salesOrders.shipAndInvoice(String(so.number));
    await queuePostedInvoices(flow());
    await submitQueuedInvoices(flow());
    f.h.emulator.advanceTime(11_000);
    await pollInvoiceTransactions(flow());
    const inv = Object.fromEntries(f.bc.rows('salesInvoices').map((i) => [String(i.externalDocumentNumber), String(i.number)]));
    const now = f.now().getTime();
    const common = { vendorCode: 'MLCD1', currency: 'EUR', issued: now - 20 * DAY, due: now + 40 * DAY };
    f.h.emulator.sellers[0]!.vendorInvoiceHeaders = [
      remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2B']!, poNumber: '4TX81A2B', invoiced: '2682.80', paid: '2532.40', shortage: '150.40', status: 'PAID', remittanceId: 'RMT0001' }),
      remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2C']!, poNumber: '4TX81A2C', invoiced: '1561.40', paid: '1561.40', status: 'PAID', remittanceId: 'RMT0001' }),
      remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2D']!, poNumber: '4TX81A2D', invoiced: '902.40', paid: '0', status: 'IN_PROGRESS', due: now - DAY }),
    ];
    await matchRemittances(flow());
    await postVendorPayments(flow());
    expect(mlcd1()).toMatchObject({ openPurchaseOrders: 0, invoices: 3, invoiced: 514660, paid: 409380, deducted: 0, disputed: 0, inReview: 15040 + 90240, outstanding: 105280 });

    const [shortage, unpaid] = ['shortage', 'unpaid-past-terms'].map((k) => f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === k)!);
    f.reviews.resolve(shortage!.id, { action: 'accept', note: 'Carrier lost one chair' }, 'alice');
    f.reviews.approve(shortage!.id, 'bob');
    releaseApprovedPayments(flow());
    await postVendorPayments(flow());
    f.reviews.resolve(unpaid!.id, { action: 'dispute', note: 'Delivered and signed for; chasing Amazon' }, 'alice');
    expect(mlcd1()).toMatchObject({ invoiced: 514660, paid: 409380, deducted: 15040, disputed: 90240, inReview: 0, outstanding: 90240 });

    const r = report();
    const csv = vendorReconciliationCsv(r);
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^section,as of,vendor code,currency,PO,open POs,open,invoices,invoiced,paid,deducted,disputed,in review,outstanding/);
    expect(csv).toContain(`vendor code,${r.asOf},MLCD1,EUR,,0,0.00,3,5146.60,4093.80,150.40,902.40,0.00,902.40`);
    expect(csv).toMatch(/purchase order,.*,MLCD1,EUR,4TX81A2B,/);

    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(await vendorReconciliationXlsx(r) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Vendor codes')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf('Vendor code')]).toBe('MLCD1');
    expect(row[header.indexOf('Outstanding')]).toBe(902.4);
    expect(row[header.indexOf('Deducted')]).toBe(150.4);
    expect(wb.getWorksheet('Purchase orders')!.rowCount).toBe(1 + 4);

    const pdf = pdfText(await vendorReconciliationPdf(r, { compress: false }));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain(`Vendor Central reconciliation, ${r.asOf}`);
    expect(pdf.lines).toEqual(expect.arrayContaining(['MLCD1', '5,146.60', '902.40', '4TX81A2B']));
  });
});
