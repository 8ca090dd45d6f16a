import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../core/amazon/orders';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { runPosting } from '../../core/posting';
import { aggregateLines, closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, chargedOrder, ordersWorkspace } from '../erp/order-invoice-fixtures';
import { b1EntryConnector } from '../erp/sap-b1/sap-b1-fixtures';
import { connectorFor } from './posting-fixture';

/** The order shipped (last updated) on another day, under another id. */
function on(day: string, order: Order, orderId = order.orderId): Order {
  return { ...order, orderId, lastUpdatedTime: `${day}T15:30:00Z` };
}
const third = chargedOrder('111-3000003-0000003', 'BOX', 2, '281.40', { shipping: '0.00', discount: '0.00', taxOnGoods: '45.02', taxOnShipping: '0.00' });
const THIRD = { net: 562_80, tax: 45_02 };
const late = chargedOrder('111-3000004-0000004', 'CHAIR-BLK', 1, '192.80', { shipping: '9.99', discount: '0.00', taxOnGoods: '15.43', taxOnShipping: '0.80' });
const LATE = { net: 192_80 + 9_99, tax: 15_43 + 80 };
const DAY1 = [...CHARGED_ORDERS, third];
const DAY1_NET = CHARGED_TOTALS['111-3000001-0000001']!.net + CHARGED_TOTALS['111-3000002-0000002']!.net + THIRD.net;
const DAY1_TAX = CHARGED_TOTALS['111-3000001-0000001']!.tax + CHARGED_TOTALS['111-3000002-0000002']!.tax + THIRD.tax;
const day2 = on('2026-06-02', CHARGED_ORDERS[0]!, '111-3000005-0000005');

function summarise(ws: ReturnType<typeof ordersWorkspace>, connectionId: string, before: string): string[] {
  return closeSummaryDays({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester' }, before);
}
function chooseSummaries(ws: ReturnType<typeof ordersWorkspace>, connectionId: string) {
  return setOrderInvoiceGrouping({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', now: new Date(ws.clock.now()) }, 'daily-summary');
}

describe('summary lines', () => {
  it('add up goods per item and price and charges per target, with their tax, to the orders\' totals', () => {
    const line = (itemNumber: string, quantity: number, unitPrice: number, tax?: number, lineType?: 'account') =>
      ({ itemNumber, quantity, unitPrice, ...(lineType ? { lineType, description: 'Shipping' } : {}), ...(tax ? { tax: { code: 'STANDARD', amount: tax } } : {}) });
    const doc = (...lines: ReturnType<typeof line>[]) => ({ marketplaceId: 'M', orderId: 'o', invoice: { externalDocumentNumber: 'o', customerNumber: 'C', invoiceDate: '2026-06-01', currency: 'USD', lines } });
    expect(aggregateLines([doc(line('A', 2, 1000, 380), line('6100', 1, 499, 95, 'account')), doc(line('A', 1, 1000, 190), line('B', 1, 700), line('6100', 1, 501, 95, 'account')), doc(line('A', 1, 900))])).toEqual([
      line('A', 3, 1000, 570), line('6100', 1, 1000, 190, 'account'), line('B', 1, 700), line('A', 1, 900),
    ]);
  });
});

describe('Business Central: one summary invoice per marketplace per day', () => {
  const C = 'bc-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' },
  ];
  const ITEMS = { chair: '1900-S', box: '1906-S' };
  let bc: BusinessCentralEmulator;
  let ws: ReturnType<typeof ordersWorkspace>;
  beforeEach(async () => {
    bc = await startBusinessCentralEmulator({ latencyMs: 1 });
    ws = ordersWorkspace({ id: C, kind: 'business-central', name: 'CRONUS' });
  });
  afterEach(async () => {
    ws.close();
    await bc.stop();
  });

  it('a day\'s orders go on one invoice once the day is read to its end, through an expired token, a lost answer and a 429; read again nothing changes; a late order gets a further invoice', async () => {
    expect(chooseSummaries(ws, C)).toMatchObject({ changed: true, note: expect.stringMatching(/one summary invoice per marketplace per day/) });
    expect(ws.enqueue('AMZ-DE', ITEMS, [...DAY1, day2], CHARGES).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'enqueued', 'enqueued']);
    // The day is still being read: nothing goes to the ERP yet.
    expect(ws.outbox.list()).toEqual([]);
    expect(summarise(ws, C, '2026-06-01')).toEqual([]);
    expect(summarise(ws, C, '2026-06-02')).toEqual(['ATVPDKIKX0DER:2026-06-01:USD:summary-invoice:V1']);

    const connector = connectorFor(bc);
    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesInvoices$/ });
    bc.faults.throttle(2, { path: /salesInvoices/ });
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const [summary, ...more] = bc.rows('salesInvoices');
    expect(more).toEqual([]);
    expect(summary).toMatchObject({ externalDocumentNumber: 'AMZ-US-20260601-USD-V1', customerNumber: 'AMZ-DE', invoiceDate: '2026-06-01', totalAmountExcludingTax: DAY1_NET / 100 });
    const lines = bc.rows('salesInvoiceLines').filter((l) => l.documentId === summary!.id).sort((a, b) => Number(a.sequence) - Number(b.sequence));
    // Chairs of one price on one line, boxes of one price on one line, shipping and promotions each one line of the day's amounts.
    expect(lines.map((l) => [l.lineType, l.lineObjectNumber, l.quantity])).toEqual([
      ['Item', '1900-S', 2], ['Account', '6100', 1], ['Account', '6100', 1], ['Item', '1906-S', 3],
    ]);
    const posted = ws.outbox.list({ state: 'posted' });
    expect(posted).toHaveLength(1);
    const doc = posted[0]!.document as unknown as { summary?: { orderIds: string[] }; invoice: { lines: Array<{ tax?: { amount: number } }> } };
    expect(doc.summary?.orderIds).toEqual(DAY1.map((o) => o.orderId));
    expect(doc.invoice.lines.reduce((s, l) => s + (l.tax?.amount ?? 0), 0)).toBe(DAY1_TAX);

    // Read again (a window read twice): nothing queued, nothing made, nothing created.
    expect(ws.enqueue('AMZ-DE', ITEMS, DAY1, CHARGES).map((d) => d.outcome)).toEqual(['already-enqueued', 'already-enqueued', 'already-enqueued']);
    expect(summarise(ws, C, '2026-06-02')).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector)).posted).toHaveLength(0);

    // A late order of 1 June (a refused order mapped and retried) goes on a further invoice; the first stays as it was.
    expect(ws.enqueue('AMZ-DE', ITEMS, [on('2026-06-01', late)], CHARGES).map((d) => d.outcome)).toEqual(['enqueued']);
    expect(summarise(ws, C, '2026-06-03').sort()).toEqual(['ATVPDKIKX0DER:2026-06-01:USD:summary-invoice:V2', 'ATVPDKIKX0DER:2026-06-02:USD:summary-invoice:V1']);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const invoices = bc.rows('salesInvoices');
    expect(invoices.map((i) => [i.externalDocumentNumber, i.totalAmountExcludingTax]).sort()).toEqual([
      ['AMZ-US-20260601-USD-V1', DAY1_NET / 100], ['AMZ-US-20260601-USD-V2', LATE.net / 100], ['AMZ-US-20260602-USD-V1', CHARGED_TOTALS['111-3000001-0000001']!.net / 100],
    ]);
    expect(bc.rows('salesInvoiceLines').filter((l) => l.documentId === summary!.id)).toHaveLength(4);
  });

  it('switching takes effect for days not yet invoiced: a day with an order\'s own invoice keeps them, a new day is summarised; switching back invoices waiting orders on their own', async () => {
    expect(ws.enqueue('AMZ-DE', ITEMS, CHARGED_ORDERS.slice(0, 1), CHARGES).map((d) => d.outcome)).toEqual(['enqueued']);
    expect(chooseSummaries(ws, C).note).toMatch(/Days already invoiced \(the latest 2026-06-01\) keep the invoices they have/);
    const decided = ws.enqueue('AMZ-DE', ITEMS, [CHARGED_ORDERS[1]!, day2], CHARGES);
    expect(decided.map((d) => [d.outcome, 'naturalKey' in d ? d.naturalKey : null])).toEqual([
      ['enqueued', 'ATVPDKIKX0DER:111-3000002-0000002:invoice'], ['enqueued', 'ATVPDKIKX0DER:2026-06-02:USD:summary-invoice'],
    ]);
    const back = setOrderInvoiceGrouping({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId: C, actor: 'tester', now: new Date(ws.clock.now()) }, 'per-order');
    expect(back.note).toMatch(/1 order waiting for a summary is queued as its own invoice/);
    expect(summarise(ws, C, '2026-06-09')).toEqual([]);
    expect(ws.outbox.list().map((e) => e.naturalKey).sort()).toEqual([
      'ATVPDKIKX0DER:111-3000001-0000001:invoice', 'ATVPDKIKX0DER:111-3000002-0000002:invoice', 'ATVPDKIKX0DER:111-3000005-0000005:invoice',
    ]);
    const audit = ws.db.prepare(`SELECT detail FROM audit_event WHERE operation = 'connection.order-invoice-grouping' ORDER BY id`).all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail) as { to: string }).map((d) => d.to)).toEqual(['daily-summary', 'per-order']);
  });
});

describe('SAP Business One: one summary A/R invoice per marketplace per day', () => {
  const C = 'b1-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
    { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
    { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
  ];
  let emu: SapB1Emulator;
  let ws: ReturnType<typeof ordersWorkspace>;
  beforeEach(async () => {
    emu = await startSapB1Emulator();
    ws = ordersWorkspace({ id: C, kind: 'sap-b1', name: 'OEC Computers' });
  });
  afterEach(async () => {
    ws.close();
    await emu.stop();
  });
  const connector = () => b1EntryConnector(emu, ws, C);

  it('one invoice per day through a lost answer, a 429 and an expired session, for what the day\'s orders came to with Amazon\'s tax', async () => {
    chooseSummaries(ws, C);
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }, [...DAY1, day2], CHARGES);
    expect(summarise(ws, C, '2026-06-03')).toHaveLength(2);
    const erp = connector();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    emu.faults.throttle(1, { path: /^POST Invoices$/ });
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    const invoices = emu.invoices();
    expect(invoices.map((i) => i.NumAtCard).sort()).toEqual(['AMZ-US-20260601-USD-V1', 'AMZ-US-20260602-USD-V1']);
    const first = invoices.find((i) => i.NumAtCard === 'AMZ-US-20260601-USD-V1')!;
    expect(Math.round(first.DocTotal * 100)).toBe(DAY1_NET + DAY1_TAX);
    expect(first.DocumentAdditionalExpenses.map((e) => [e.ExpenseCode, e.Remarks])).toEqual([[1, 'Shipping'], [3, 'Promotions']]);
    expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(0);
    expect(emu.invoices()).toHaveLength(2);
    await erp.close();
  });
});
