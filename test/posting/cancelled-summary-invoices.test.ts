import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { runPosting } from '../../core/posting';
import { cancelledSummariesOf, reissueCancelledSummaries } from '../../core/posting/cancelled-summaries';
import { closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import type { ErpConnector, SalesInvoicePosting, SettlementPaymentDocument } from '../../core/erp/erp-connector';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { CANCELLATION_CHECK_DAYS } from '../../core/posting/cancelled-summaries';
import { CANCELLED_PAID_SUMMARY_FLOW, cancelledPaidSummaryFlow, holdPaidCancelledSummaries } from '../../core/sync/cancelled-summary-attention';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace, US } from '../erp/order-invoice-fixtures';
import { b1EntryConnector } from '../erp/sap-b1/sap-b1-fixtures';
import { connectorFor } from './posting-fixture';

type Ws = ReturnType<typeof ordersWorkspace>;
const ORDER_IDS = CHARGED_ORDERS.map((o) => o.orderId);
const NET = ORDER_IDS.reduce((s, id) => s + CHARGED_TOTALS[id]!.net, 0);

function summarised(ws: Ws, connectionId: string, customer: string, items: { chair: string; box: string }, charges: readonly OrderChargeMapping[]) {
  setOrderInvoiceGrouping({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', now: new Date(ws.clock.now()) }, 'daily-summary');
  ws.enqueue(customer, items, CHARGED_ORDERS, charges);
  expect(closeSummaryDays({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester' }, '2026-06-02')).toEqual([`${US}:2026-06-01:USD:summary-invoice:V1`]);
}

const check = (ws: Ws, connectionId: string, erp: ErpConnector, at = new Date(ws.clock.now())) =>
  reissueCancelledSummaries({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', erp: async () => erp, at });

/** The connector, with the external document numbers each cancellation check asked the ERP about. */
function asking(erp: ErpConnector & SalesInvoicePosting) {
  const asked: string[][] = [];
  const wrapped = Object.assign(Object.create(erp) as typeof erp, {
    cancelledSalesInvoices: (keys: readonly string[], signal?: AbortSignal) => {
      asked.push([...keys]);
      return erp.cancelledSalesInvoices!(keys, signal);
    },
  });
  return { erp: wrapped, asked };
}

const DAY = 86_400_000;
/** A moment the given number of days after the summarised day (2026-06-01). */
const daysAfter = (days: number) => new Date(Date.parse('2026-06-01T12:00:00Z') + days * DAY);

describe('a summary invoice a person cancelled in the ERP: its orders go on a further version, the cancelled one left as it was', () => {
  const C = 'bc-cancelled-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' },
  ];
  let bc: BusinessCentralEmulator;
  let ws: Ws;
  beforeEach(async () => {
    bc = await startBusinessCentralEmulator({ latencyMs: 1 });
    ws = ordersWorkspace({ id: C, kind: 'business-central', name: 'CRONUS' });
  });
  afterEach(async () => {
    ws.close();
    await bc.stop();
  });

  it('Business Central: found Canceled on the next check, its orders are invoiced once more on V2; checked again, nothing more is made', async () => {
    summarised(ws, C, 'AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGES);
    const connector = connectorFor(bc);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    // Nobody cancelled anything: nothing changes.
    expect(await check(ws, C, connector)).toEqual([]);
    const [v1] = bc.rows('salesInvoices');
    bc.cancelSalesInvoice(String(v1!.number));

    const found = await check(ws, C, connector);
    expect(found).toEqual([{ summaryKey: 'AMZ-US-20260601-USD-V1', erpDocumentNumber: String(v1!.number), orderIds: ORDER_IDS, queued: [`${US}:2026-06-01:USD:summary-invoice:V2`], payouts: [] }]);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const invoices = bc.rows('salesInvoices');
    expect(invoices.map((i) => [i.externalDocumentNumber, i.status, i.totalAmountExcludingTax])).toEqual([
      ['AMZ-US-20260601-USD-V1', 'Canceled', NET / 100], ['AMZ-US-20260601-USD-V2', 'Open', NET / 100],
    ]);
    // The first summary stays in the outbox as it was made; each order shows it, and is filed under the new one.
    expect(ws.outbox.list().filter((e) => e.kind === 'salesInvoice').map((e) => [e.naturalKey, e.state])).toEqual([
      [`${US}:2026-06-01:USD:summary-invoice:V1`, 'posted'], [`${US}:2026-06-01:USD:summary-invoice:V2`, 'posted'],
    ]);
    for (const id of ORDER_IDS) expect(cancelledSummariesOf(ws.db, id).map((c) => c.summaryKey)).toEqual(['AMZ-US-20260601-USD-V1']);
    expect(ws.db.prepare(`SELECT DISTINCT summary_key FROM order_summary_member WHERE erp_connection_id = ?`).all(C)).toEqual([{ summary_key: 'AMZ-US-20260601-USD-V2' }]);
    const audit = ws.db.prepare(`SELECT subject_id FROM audit_event WHERE operation = 'order.summary-invoice-cancelled'`).all() as { subject_id: string }[];
    expect(audit).toEqual([{ subject_id: 'AMZ-US-20260601-USD-V1' }]);

    expect(await check(ws, C, connector)).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesInvoices')).toHaveLength(2);
  });

  it(`asks the ERP only about summaries of the last ${CANCELLATION_CHECK_DAYS} days: an older cancellation is not looked for, a recent one is still found`, async () => {
    summarised(ws, C, 'AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGES);
    const { erp, asked } = asking(connectorFor(bc));
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    bc.cancelSalesInvoice(String(bc.rows('salesInvoices')[0]!.number));

    // A run long after the day: the summary is not asked about at all, and nothing is re-issued.
    expect(await check(ws, C, erp, daysAfter(CANCELLATION_CHECK_DAYS + 1))).toEqual([]);
    expect(asked).toEqual([]);
    expect(ws.outbox.list().filter((e) => e.kind === 'salesInvoice')).toHaveLength(1);

    // A run within the window (the day's books still open): asked, found, its orders on V2.
    const found = await check(ws, C, erp, daysAfter(CANCELLATION_CHECK_DAYS - 1));
    expect(asked).toEqual([['AMZ-US-20260601-USD-V1']]);
    expect(found.map((f) => f.queued)).toEqual([[`${US}:2026-06-01:USD:summary-invoice:V2`]]);
  });

  it('a summary a settlement\'s payout already paid, then cancelled: held under Needs attention naming the settlement, the invoice and the payment; nothing applied again', async () => {
    summarised(ws, C, 'AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGES);
    const connector = connectorFor(bc);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const v1 = String(bc.rows('salesInvoices')[0]!.number);
    // The settlement's payout applies the orders' money to the summary (BC: a payment journal a person posts; a payment line credits the customer).
    const payment: SettlementPaymentDocument = {
      externalDocumentNumber: '24137000009-202606-PMT-V1', documentNumber: '24137000009-2606P1', customerNumber: 'AMZ-DE', postingDate: '2026-06-15', currency: 'USD',
      clearingAccountNumber: '2920', description: 'Amazon settlement 24137000009 payout applied to 1 document', applications: [{ kind: 'invoice', documentNumber: v1, amount: NET }],
    };
    ws.outbox.enqueueSettlementPayment(C, { settlementId: '24137000009', version: 1, payment });
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [], awaiting: [{ naturalKey: '24137000009-202606-PMT-V1' }] });
    const paymentLines = () => bc.rows('customerPayments').map((r) => [r.appliesToInvoiceNumber, r.amount]);
    expect(paymentLines()).toEqual([[v1, -NET / 100]]);

    bc.cancelSalesInvoice(v1);
    const found = await check(ws, C, connector);
    expect(found[0]!.payouts).toEqual([{ settlementId: '24137000009', version: 1, naturalKey: '24137000009-202606-PMT-V1', paymentDocumentNumber: '24137000009-2606P1', state: 'awaiting', amount: NET, currency: 'USD' }]);
    const letters = new DeadLetterStore(ws.db, () => new Date(ws.clock.now()));
    expect(holdPaidCancelledSummaries(letters, { id: C, name: 'CRONUS' }, found)).toBe(1);
    const [item] = letters.list({ flow: CANCELLED_PAID_SUMMARY_FLOW });
    expect(item!.summary).toContain(`Summary invoice ${v1}`);
    expect(item!.summary).toContain('settlement 24137000009');
    expect(item!.error).toContain(`payment 24137000009-2606P1`);
    expect(item!.error).toContain(`applies ${(NET / 100).toFixed(2)} USD to invoice ${v1}`);
    expect(item!.error).toContain(`${US}:2026-06-01:USD:summary-invoice:V2`);

    // The orders' further summary is made; the payment is neither moved nor made again, the payout not re-sent.
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(bc.rows('salesInvoices').map((i) => i.status)).toEqual(['Canceled', 'Open']);
    expect(paymentLines()).toEqual([[v1, -NET / 100]]);
    expect(ws.outbox.list().filter((e) => e.kind === 'settlementPayment').map((e) => [e.state, e.document])).toEqual([['awaiting', { settlementId: '24137000009', version: 1, payment }]]);
    // Checked again: found once only, so held once only.
    expect(await check(ws, C, connector)).toEqual([]);
    expect(letters.list({ flow: CANCELLED_PAID_SUMMARY_FLOW })).toHaveLength(1);

    // A person moved the payment in BC and marks it handled: the retry sends nothing to BC.
    const requests = bc.stats.apiRequests;
    const flows = new AttentionFlows(letters, ws.audit).register(cancelledPaidSummaryFlow());
    expect(await flows.retry(item!.id, 'controller')).toEqual({ id: item!.id, outcome: 'resolved' });
    expect(bc.stats.apiRequests).toBe(requests);
    expect(letters.list({ flow: CANCELLED_PAID_SUMMARY_FLOW })).toEqual([]);
  });
});

describe('SAP Business One: a cancelled summary A/R invoice', () => {
  const C = 'b1-cancelled-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
    { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
    { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
  ];
  let emu: SapB1Emulator;
  let ws: Ws;
  beforeEach(async () => {
    emu = await startSapB1Emulator();
    ws = ordersWorkspace({ id: C, kind: 'sap-b1', name: 'OEC Computers' });
  });
  afterEach(async () => {
    ws.close();
    await emu.stop();
  });

  it('found Cancelled = tYES, its orders go on V2, created once through a lost answer', async () => {
    summarised(ws, C, 'C-AMZ-US', { chair: 'A00001', box: 'A00002' }, CHARGES);
    const erp = b1EntryConnector(emu, ws, C);
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(await check(ws, C, erp)).toEqual([]);
    // A person cancels the invoice in B1's own window.
    Object.assign(emu.invoices()[0]!, { Cancelled: 'tYES' });
    expect((await check(ws, C, erp)).map((f) => f.queued)).toEqual([[`${US}:2026-06-01:USD:summary-invoice:V2`]]);
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(emu.invoices().map((i) => [i.NumAtCard, i.Cancelled])).toEqual([['AMZ-US-20260601-USD-V1', 'tYES'], ['AMZ-US-20260601-USD-V2', 'tNO']]);
    expect(await check(ws, C, erp)).toEqual([]);
    await erp.close();
  });
});
