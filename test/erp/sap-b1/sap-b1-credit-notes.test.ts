import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supports } from '../../../core/erp/erp-connector';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { runPosting } from '../../../core/posting';
import { creditNoteErpKey } from '../../../core/posting/posters';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace, US } from '../order-invoice-fixtures';
import { CHARGED_REFUNDS, enqueueRefunds, REFUND_TOTALS } from '../order-refund-fixtures';
import { b1EntryConnector } from './sap-b1-fixtures';

const C = 'b1-refunds';
const ITEMS = { chair: 'A00001', box: 'A00002' };
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
  { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
  { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
];
const [ORDER_1, ORDER_2] = CHARGED_ORDERS.map((o) => o.orderId) as [string, string];

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
const cents = (v: unknown) => Math.round(Number(v) * 100);
const invoiceOf = (orderId: string) => emu.invoices().find((i) => i.NumAtCard === orderId)!;
const notesOf = (orderId: string, refundId: string) => emu.creditNotes().filter((n) => n.NumAtCard === creditNoteErpKey(orderId, refundId));

/** The two charged orders invoiced in B1, as the order-invoicing job leaves them. */
async function invoiced() {
  ws.enqueue('C-AMZ-US', ITEMS, CHARGED_ORDERS, CHARGES);
  expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(2);
}

describe('refunds as SAP Business One A/R credit notes copied from their invoice, exactly once', () => {
  it('one credit note per refund through a lost answer, a 429 and an expired session; goods, charges and Amazon\'s tax copied from the invoice\'s lines; read again, nothing is added', async () => {
    await invoiced();
    expect(enqueueRefunds(ws, C, 'C-AMZ-US', ITEMS, CHARGES).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'enqueued', 'enqueued']);

    const erp = connector();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST CreditNotes$/ });
    emu.faults.throttle(1, { path: /^POST CreditNotes$/ });
    const run = await runPosting(ws.outbox, C, erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(4);
    expect(emu.creditNotes()).toHaveLength(4);
    expect(emu.stats.creditNotePosts).toBe(4);

    const first = invoiceOf(ORDER_1);
    for (const r of CHARGED_REFUNDS) {
      const notes = notesOf(r.orderId, r.refundId);
      expect(notes, r.refundId).toHaveLength(1);
      expect(notes[0], r.refundId).toMatchObject({ CardCode: 'C-AMZ-US', DocCurrency: 'USD', DocDate: '2026-06-15' });
      expect(cents(notes[0]!.DocTotal), r.refundId).toBe(REFUND_TOTALS[r.refundId]);
    }
    // The first refund copies the chair line, the shipping and the promotion from the invoice, with Amazon's tax.
    const [one] = notesOf(ORDER_1, 'amzn1.adj.0001');
    expect(one!.DocumentLines.map((l) => [l.ItemCode, l.BaseType, l.BaseEntry, l.BaseLine, l.TaxCode, l.TaxTotal])).toEqual([['A00001', 13, first.DocEntry, 0, 'CA', 15.43]]);
    expect(one!.DocumentAdditionalExpenses.map((e) => [e.ExpenseCode, e.BaseDocType, e.BaseDocEntry, e.LineTotal, e.TaxSum])).toEqual([[1, 13, first.DocEntry, 9.99, 0.8], [3, 13, first.DocEntry, -20, 0]]);
    // Both chairs credited: the invoice is settled by its credit notes, and the goodwill refund after them has no unit left to copy.
    expect(first).toMatchObject({ DocumentStatus: 'bost_Close', PaidToDate: (CHARGED_TOTALS[ORDER_1]!.net + CHARGED_TOTALS[ORDER_1]!.tax) / 100 });
    expect(first.DocumentLines[0]).toMatchObject({ RemainingOpenQuantity: 0 });
    const [goodwill] = notesOf(ORDER_1, 'amzn1.adj.0003');
    expect(goodwill!.DocumentLines[0]!.BaseType).toBeUndefined();
    expect(goodwill).toMatchObject({ DocumentStatus: 'bost_Open', PaidToDate: 0 });
    // A partial refund lowers what is left open on its invoice.
    expect(invoiceOf(ORDER_2)).toMatchObject({ DocumentStatus: 'bost_Open', PaidToDate: 50 });

    // The outbox records each note's DocNum under its refund's natural key.
    for (const e of ws.outbox.list().filter((x) => x.kind === 'salesCreditNote')) {
      if (e.kind !== 'salesCreditNote') continue;
      expect(e.state).toBe('posted');
      expect(e.erpDocumentNumber).toBe(String(notesOf(e.document.orderId, e.document.refundId)[0]!.DocNum));
      expect(e.naturalKey).toBe(`${US}:${e.document.orderId}:${e.document.refundId}:credit-note`);
    }
    expect(enqueueRefunds(ws, C, 'C-AMZ-US', ITEMS, CHARGES).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(0);
    expect(emu.creditNotes()).toHaveLength(4);
    await erp.close();
  });

  it('the payout pays each invoice net of the credit notes copied from it and applies the one left open, once; every document closes', async () => {
    await invoiced();
    enqueueRefunds(ws, C, 'C-AMZ-US', ITEMS, CHARGES);
    expect((await runPosting(ws.outbox, C, connector())).failed).toEqual([]);
    const number = (orderId: string) => String(invoiceOf(orderId).DocNum);
    const note = (r: (typeof CHARGED_REFUNDS)[number]) => ({ kind: 'creditNote' as const, documentNumber: String(notesOf(r.orderId, r.refundId)[0]!.DocNum), amount: REFUND_TOTALS[r.refundId]!, creditsInvoice: number(r.orderId) });
    const total = (orderId: string) => CHARGED_TOTALS[orderId]!.net + CHARGED_TOTALS[orderId]!.tax;
    const payment = {
      externalDocumentNumber: '24137000009-202606-PMT-V1', documentNumber: 'AMZ24137000009P', customerNumber: 'C-AMZ-US', postingDate: '2026-06-20', currency: 'USD',
      clearingAccountNumber: '_SYS00000000010', description: 'Amazon payout 24137000009',
      applications: [
        { kind: 'invoice' as const, documentNumber: number(ORDER_1), amount: total(ORDER_1) },
        { kind: 'invoice' as const, documentNumber: number(ORDER_2), amount: total(ORDER_2) },
        ...CHARGED_REFUNDS.map(note),
      ],
    };
    const erp = connector();
    if (!supports(erp, 'settlementPayments')) throw new Error('B1 applies payouts');
    await erp.testConnection();
    emu.faults.dropAfterProcessing(1, { path: /^POST IncomingPayments$/ });
    const paid = await erp.postSettlementPayment(payment);
    expect(emu.incomingPayments()).toHaveLength(1);
    const [made] = emu.incomingPayments();
    // Order 2 less its partial refund, less the goodwill note nothing else credited; order 1 is settled by its notes alone.
    expect(cents(made!.TransferSum)).toBe(total(ORDER_2) - 50_00 - 5_00);
    expect(made!.PaymentInvoices.map((l) => [l.InvoiceType, l.DocNum, l.SumApplied])).toEqual([
      ['it_Invoice', invoiceOf(ORDER_2).DocNum, (total(ORDER_2) - 50_00) / 100],
      ['it_CredItnote', notesOf(ORDER_1, 'amzn1.adj.0003')[0]!.DocNum, -5],
    ]);
    expect(paid.documentNumber).toBe(String(made!.DocNum));
    expect([...emu.invoices(), ...emu.creditNotes()].map((d) => d.DocumentStatus)).toEqual(Array(6).fill('bost_Close'));
    expect(await erp.postSettlementPayment(payment)).toMatchObject({ alreadyExisted: true, documentNumber: paid.documentNumber });
    expect(emu.incomingPayments()).toHaveLength(1);
    await erp.close();
  });

  it('a credit note for an invoice B1 does not hold, or another customer\'s, is refused in words and nothing is booked', async () => {
    await invoiced();
    const erp = connector();
    if (!supports(erp, 'salesCreditNotes')) throw new Error('B1 posts credit notes');
    const memo = { externalDocumentNumber: `${ORDER_1}/X`, invoiceNumber: '99999', customerNumber: 'C-AMZ-US', creditNoteDate: '2026-06-15', currency: 'USD', lines: [{ itemNumber: 'A00001', quantity: 1, unitPrice: 100 }] };
    await expect(erp.postSalesCreditNote(memo)).rejects.toThrow(/SAP Business One holds no A\/R invoice 99999 to credit/);
    await expect(erp.postSalesCreditNote({ ...memo, invoiceNumber: String(invoiceOf(ORDER_1).DocNum), customerNumber: 'C-AMZ-DE' })).rejects.toThrow(/belongs to customer C-AMZ-US, not C-AMZ-DE/);
    expect(emu.creditNotes()).toHaveLength(0);
    await erp.close();
  });
});
