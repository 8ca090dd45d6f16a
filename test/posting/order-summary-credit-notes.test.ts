import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { runPosting } from '../../core/posting';
import { closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import { summaryCreditNoteErpKey } from '../../core/posting/order-summary-credit-notes';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace, US } from '../erp/order-invoice-fixtures';
import { CHARGED_REFUNDS, enqueueRefunds, REFUND_TOTALS } from '../erp/order-refund-fixtures';
import { b1EntryConnector } from '../erp/sap-b1/sap-b1-fixtures';
import { connectorFor } from './posting-fixture';

type Ws = ReturnType<typeof ordersWorkspace>;
const ORDER_2 = CHARGED_ORDERS[1]!.orderId;
const ALL_REFUNDED = Object.values(REFUND_TOTALS).reduce((s, v) => s + v, 0);
const REFUNDED_TAX = 15_43 + 80 + 15_42;
const INVOICED = CHARGED_ORDERS.reduce((s, o) => s + CHARGED_TOTALS[o.orderId]!.net + CHARGED_TOTALS[o.orderId]!.tax, 0);
const NOTE_KEY = `${US}:2026-06-15:USD:summary-credit-note:AMZ-US-20260601-USD-V1:V1`;

/** The two charged orders of 1 June on one summary invoice, queued as the order-invoicing job leaves them. */
function summarised(ws: Ws, connectionId: string, customer: string, items: { chair: string; box: string }, charges: readonly OrderChargeMapping[]) {
  setOrderInvoiceGrouping({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', now: new Date(ws.clock.now()) }, 'daily-summary');
  ws.enqueue(customer, items, CHARGED_ORDERS, charges);
  expect(closeSummaryDays({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester' }, '2026-06-02')).toHaveLength(1);
}

const creditNotes = (ws: Ws) => ws.outbox.list().filter((e) => e.kind === 'salesCreditNote');

describe('summary credit notes: the refunds of a marketplace-day on one credit note per summary invoice they credit', () => {
  const C = 'bc-summary-refunds';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' },
  ];
  const ITEMS = { chair: '1900-S', box: '1906-S' };
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

  it('Business Central: one credit memo of the day\'s four refunds, applied to the summary invoice, through an expired token, a lost answer and a 429; read again nothing is added; a later refund of that day gets a further note', async () => {
    summarised(ws, C, 'AMZ-DE', ITEMS, CHARGES);
    const connector = connectorFor(bc);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const [invoice] = bc.rows('salesInvoices');

    const decided = enqueueRefunds(ws, C, 'AMZ-DE', ITEMS, CHARGES);
    expect(decided.map((d) => [d.outcome, 'naturalKey' in d ? d.naturalKey : null])).toEqual(CHARGED_REFUNDS.map(() => ['enqueued', NOTE_KEY]));
    const [note, ...more] = creditNotes(ws);
    expect(more).toEqual([]);
    expect(note!.document).toMatchObject({
      orderId: 'CR-US-20260615-USD-20260601V1-V1',
      summary: { day: '2026-06-15', version: 1, creditedInvoice: 'AMZ-US-20260601-USD-V1', refunds: CHARGED_REFUNDS.map((r) => ({ orderId: r.orderId, refundId: r.refundId })) },
      creditNote: { externalDocumentNumber: 'CR-US-20260615-USD-20260601V1-V1', invoiceNumber: invoice!.number, customerNumber: 'AMZ-DE', creditNoteDate: '2026-06-15', currency: 'USD' },
    });

    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesCreditMemos$/ });
    bc.faults.throttle(2, { path: /salesCreditMemos/ });
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const memos = bc.rows('salesCreditMemos');
    expect(memos).toHaveLength(1);
    expect(memos[0]).toMatchObject({ externalDocumentNumber: 'CR-US-20260615-USD-20260601V1-V1', customerNumber: 'AMZ-DE', invoiceNumber: invoice!.number, status: 'Open' });
    // BC works out the tax from its own tax groups; the amounts before tax are the refunds' to the cent.
    expect(Math.round(Number(memos[0]!.totalAmountExcludingTax) * 100)).toBe(ALL_REFUNDED - REFUNDED_TAX);
    // The chairs at one price on one line with both refunds' tax, the goodwill chair on its own, shipping and the promotion taken back by account.
    const lines = bc.rows('salesCreditMemoLines').filter((l) => l.documentId === memos[0]!.id).sort((a, b) => Number(a.sequence) - Number(b.sequence));
    expect(lines.map((l) => [l.lineType, l.lineObjectNumber, l.quantity, l.unitPrice])).toEqual([
      ['Item', '1900-S', 2, 192.8], ['Account', '6100', 1, 9.99], ['Account', '6100', 1, -20], ['Item', '1900-S', 1, 5], ['Item', '1906-S', 1, 50],
    ]);
    expect(ws.outbox.list({ state: 'posted' }).find((e) => e.kind === 'salesCreditNote')?.erpDocumentNumber).toBe(String(memos[0]!.number));

    // Read again (the job runs every hour): nothing queued, nothing sent.
    expect(enqueueRefunds(ws, C, 'AMZ-DE', ITEMS, CHARGES).map((d) => d.outcome)).toEqual(CHARGED_REFUNDS.map(() => 'already-enqueued'));
    expect((await runPosting(ws.outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesCreditMemos')).toHaveLength(1);

    // A refund of 15 June in a settlement imported later: a second note for that day; the first stays as it was.
    const later = { orderId: ORDER_2, refundId: 'amzn1.adj.0009', marketplaceName: 'Amazon.com', currency: 'USD', postedDate: '2026-06-15', skus: [{ sku: 'BOX', amount: 10_00, quantity: 1 }] };
    const next = enqueueRefunds(ws, C, 'AMZ-DE', ITEMS, CHARGES, [...CHARGED_REFUNDS, later]);
    expect(next.map((d) => d.outcome)).toEqual([...CHARGED_REFUNDS.map(() => 'already-enqueued'), 'enqueued']);
    expect(next.at(-1)).toMatchObject({ naturalKey: `${US}:2026-06-15:USD:summary-credit-note:AMZ-US-20260601-USD-V1:V2` });
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(bc.rows('salesCreditMemos').map((m) => [m.externalDocumentNumber, m.totalAmountExcludingTax])).toEqual([
      ['CR-US-20260615-USD-20260601V1-V1', (ALL_REFUNDED - REFUNDED_TAX) / 100], ['CR-US-20260615-USD-20260601V1-V2', 10],
    ]);
  });

  it('refunds of another day go on a note of their own; a refund already credited on its own is not credited again', async () => {
    summarised(ws, C, 'AMZ-DE', ITEMS, CHARGES);
    expect(await runPosting(ws.outbox, C, connectorFor(bc))).toMatchObject({ failed: [] });
    const [r1, r2, r3, r4] = CHARGED_REFUNDS as [typeof CHARGED_REFUNDS[number], typeof CHARGED_REFUNDS[number], typeof CHARGED_REFUNDS[number], typeof CHARGED_REFUNDS[number]];
    // The first refund was credited on its own before the connection summarised refunds (as earlier versions did).
    ws.outbox.enqueueOrderCreditNote(C, { marketplaceId: US, orderId: r1.orderId, refundId: r1.refundId, creditNote: { externalDocumentNumber: `${r1.orderId}/${r1.refundId}`, invoiceNumber: 'X', customerNumber: 'AMZ-DE', creditNoteDate: r1.postedDate, currency: 'USD', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 1 }] } });
    const decided = enqueueRefunds(ws, C, 'AMZ-DE', ITEMS, CHARGES, [r1, r2, { ...r3, postedDate: '2026-06-16' }, { ...r4, postedDate: '2026-06-16' }]);
    expect(decided.map((d) => [d.outcome, 'naturalKey' in d ? d.naturalKey : null])).toEqual([
      ['already-enqueued', `${US}:${r1.orderId}:${r1.refundId}:credit-note`],
      ['enqueued', NOTE_KEY],
      ['enqueued', `${US}:2026-06-16:USD:summary-credit-note:AMZ-US-20260601-USD-V1:V1`],
      ['enqueued', `${US}:2026-06-16:USD:summary-credit-note:AMZ-US-20260601-USD-V1:V1`],
    ]);
    expect(creditNotes(ws).map((e) => [e.naturalKey, 'creditNote' in e.document ? e.document.creditNote.lines.length : 0])).toEqual([
      [`${US}:${r1.orderId}:${r1.refundId}:credit-note`, 1], [NOTE_KEY, 1], [`${US}:2026-06-16:USD:summary-credit-note:AMZ-US-20260601-USD-V1:V1`, 2],
    ]);
  });

  it('the external document number fits BC\'s 35 characters, hashed when a marketplace is known only by its id', () => {
    expect(summaryCreditNoteErpKey(US, '2026-06-15', 'USD', { day: '2026-06-01', version: 1 }, 1)).toBe('CR-US-20260615-USD-20260601V1-V1');
    const long = summaryCreditNoteErpKey('A1XXXXXXXXXXXX', '2026-06-15', 'USD', { day: '2026-06-01', version: 12 }, 3);
    expect(long).toMatch(/^CR-20260615-[0-9a-f]{23}$/);
    expect(long).toHaveLength(35);
  });
});

describe('SAP Business One: a summary A/R credit note copied from the summary invoice', () => {
  const C = 'b1-summary-refunds';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
    { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
    { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
  ];
  const ITEMS = { chair: 'A00001', box: 'A00002' };
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
  const connector = () => b1EntryConnector(emu, ws, C);

  it('one credit note of the day\'s refunds through a lost answer, a 429 and an expired session, its lines based on the summary\'s; the summary is left open for what was not refunded', async () => {
    summarised(ws, C, 'C-AMZ-US', ITEMS, CHARGES);
    expect(await runPosting(ws.outbox, C, connector())).toMatchObject({ outcome: 'completed', failed: [] });
    const [invoice] = emu.invoices();
    expect(enqueueRefunds(ws, C, 'C-AMZ-US', ITEMS, CHARGES).map((d) => d.outcome)).toEqual(CHARGED_REFUNDS.map(() => 'enqueued'));

    const erp = connector();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST CreditNotes$/ });
    emu.faults.throttle(1, { path: /^POST CreditNotes$/ });
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    const notes = emu.creditNotes();
    expect(notes).toHaveLength(1);
    expect(emu.stats.creditNotePosts).toBe(1);
    const [note] = notes;
    expect(note).toMatchObject({ NumAtCard: 'CR-US-20260615-USD-20260601V1-V1', CardCode: 'C-AMZ-US', DocCurrency: 'USD', DocDate: '2026-06-15' });
    expect(Math.round(note!.DocTotal * 100)).toBe(ALL_REFUNDED);
    // Both chairs and the box copied from the summary's lines; the goodwill chair, with no unit left open, stands alone.
    expect(note!.DocumentLines.map((l) => [l.ItemCode, l.Quantity, l.BaseEntry ?? null, l.BaseLine ?? null])).toEqual([
      ['A00001', 2, invoice!.DocEntry, 0], ['A00001', 1, null, null], ['A00002', 1, invoice!.DocEntry, 1],
    ]);
    expect(note!.DocumentAdditionalExpenses.map((e) => [e.ExpenseCode, e.BaseDocEntry])).toEqual([[1, invoice!.DocEntry], [3, invoice!.DocEntry]]);
    expect(emu.invoices()[0]).toMatchObject({ DocumentStatus: 'bost_Open' });
    expect(Math.round(emu.invoices()[0]!.PaidToDate * 100)).toBeLessThan(INVOICED);

    expect(enqueueRefunds(ws, C, 'C-AMZ-US', ITEMS, CHARGES).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(0);
    expect(emu.creditNotes()).toHaveLength(1);
    expect(ws.outbox.list({ state: 'posted' }).find((e) => e.kind === 'salesCreditNote')?.erpDocumentNumber).toBe(String(note!.DocNum));
    await erp.close();
  });
});
