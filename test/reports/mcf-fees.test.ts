import ExcelJS from 'exceljs';
import { afterEach, expect, it } from 'vitest';
import type { SettlementReportView } from '../../core/api/calls/reports';
import { settlementReportPdf } from '../../core/reports/reconciliation-pdf';
import { BC, sample, setup } from '../review/review-fixtures';
import { pdfText } from './pdf-text';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const OURS = 'MLC-1a2b3c-S-ORD101001';

/** A V2 settlement whose fulfilment fees fall on an MCF order we sent, on one we did not, and on a retail order. */
function file(): string {
  const header = sample().split('\n')[0]!.trim();
  const line = (type: string, order: string, amountType: string, description: string, amount: string) =>
    ['777001', '', '', '', '', 'USD', type, order, '', '', '', 'amazon.com', amountType, description, amount, 'AFN', '2026-06-20 00:00:00 UTC', '2026-06-20 10:00:00 UTC', '', '', '', '', '1', ''].join('\t');
  return [
    header,
    ['777001', '2026-06-16 00:00:00 UTC', '2026-06-30 23:59:59 UTC', '2026-07-02 00:00:00 UTC', '80.03', 'USD', ...Array(18).fill('')].join('\t'),
    line('Order', '114-0000001-0000001', 'ItemPrice', 'Principal', '100.00'),
    line('Order', '114-0000001-0000001', 'ItemFees', 'FBAPerUnitFulfillmentFee', '-3.22'),
    line('Order', OURS, 'ItemFees', 'FBAPerUnitFulfillmentFee', '-5.99'),
    line('Order', OURS, 'ItemFees', 'FBAPerOrderFulfillmentFee', '-1.00'),
    line('Order', 'SC-MANUAL-17', 'ItemFees', 'FBAPerUnitFulfillmentFee', '-9.76'),
  ].join('\n') + '\n';
}

it('matches the settlement\'s MCF fees to the ERP order that caused them, lists the fees of no order we sent, and exports both', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const at = new Date(t.ws.clock.now()).toISOString();
  t.ws.db.prepare("INSERT INTO mcf_order (erp_connection_id, erp_order_number, seller_fulfillment_order_id, state, created_at, updated_at) VALUES (?, 'S-ORD101001', ?, 'shipped', ?, ?)").run(BC, OURS, at, at);
  await t.importText('mcf.tsv', file());

  const report = await t.value<{ settlements: SettlementReportView[] }>('reports.reconciliation', { scope: 'settlement', id: '777001' });
  expect(report.settlements[0]!.mcfFees).toEqual({
    matched: [{ erpConnectionId: BC, erpOrderNumber: 'S-ORD101001', sellerFulfillmentOrderId: OURS, currency: 'USD', amount: -699, lines: 2, fees: ['FBAPerUnitFulfillmentFee', 'FBAPerOrderFulfillmentFee'] }],
    unmatched: [{ orderId: 'SC-MANUAL-17', currency: 'USD', amount: -976, lines: 1, fees: ['FBAPerUnitFulfillmentFee'] }],
  });

  const csv = Buffer.from((await t.value<{ contentBase64: string }>('reports.export', { scope: 'settlement', id: '777001', format: 'csv' })).contentBase64, 'base64').toString('utf8');
  expect(csv.split('\n').filter((l) => l.startsWith('MCF fee'))).toEqual([
    expect.stringMatching(/^MCF fee,777001,1,.*,S-ORD101001,.*,-6\.99,MLC-1a2b3c-S-ORD101001,/),
    expect.stringMatching(/^MCF fee unmatched,777001,1,.*,-9\.76,SC-MANUAL-17,.*no ERP order sent to Amazon with this id/),
  ]);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from((await t.value<{ contentBase64: string }>('reports.export', { scope: 'settlement', id: '777001', format: 'xlsx' })).contentBase64, 'base64') as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('MCF fees')!;
  expect(sheet.getRow(2).values).toEqual([undefined, '777001', 'S-ORD101001', OURS, -6.99, 'USD', 2, 'FBAPerUnitFulfillmentFee, FBAPerOrderFulfillmentFee']);
  expect(sheet.getRow(3).values).toEqual([undefined, '777001', 'unmatched', 'SC-MANUAL-17', -9.76, 'USD', 1, 'FBAPerUnitFulfillmentFee']);
});

it('prints the settlement\'s MCF fees in the PDF on a page after the settlement\'s: per ERP order, the unmatched ones, totals per currency', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const at = new Date(t.ws.clock.now()).toISOString();
  t.ws.db.prepare("INSERT INTO mcf_order (erp_connection_id, erp_order_number, seller_fulfillment_order_id, state, created_at, updated_at) VALUES (?, 'S-ORD101001', ?, 'shipped', ?, ?)").run(BC, OURS, at, at);
  await t.importText('mcf.tsv', file());
  const report = await t.value<{ settlements: SettlementReportView[] }>('reports.reconciliation', { scope: 'settlement', id: '777001' });

  const pdf = pdfText(await settlementReportPdf(report.settlements[0] as never, { compress: false, generatedAt: new Date(t.ws.clock.now()) }));
  expect(pdf.pages).toBe(2);
  const mcfPage = pdf.lines.slice(pdf.lines.indexOf('Multi-Channel Fulfillment fees of settlement 777001'));
  expect(mcfPage.length).toBeGreaterThan(1);
  const flowing = mcfPage.join(' ').replace(/\s+/g, ' ');
  expect(flowing).toContain('Matched to ERP orders (1)');
  expect(flowing).toContain(`S-ORD101001 ${OURS} FBAPerUnitFulfillmentFee, FBAPerOrderFulfillmentFee 2 USD -6.99`);
  expect(flowing).toContain('Not matched: no ERP order was sent to Amazon with this id (1)');
  expect(flowing).toContain('SC-MANUAL-17 FBAPerUnitFulfillmentFee 1 USD -9.76');
  expect(mcfPage.filter((l) => l === 'Total USD')).toHaveLength(2);

  // Through the export call too, and a settlement without MCF fees keeps its one page.
  const exported = Buffer.from((await t.value<{ contentBase64: string }>('reports.export', { scope: 'settlement', id: '777001', format: 'pdf' })).contentBase64, 'base64');
  expect(exported.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const none = pdfText(await settlementReportPdf({ ...report.settlements[0], mcfFees: { matched: [], unmatched: [] } } as never, { compress: false }));
  expect(none.pages).toBe(1);
  expect(none.text).not.toContain('Multi-Channel Fulfillment fees');
});
