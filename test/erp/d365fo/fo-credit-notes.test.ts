import { afterEach, describe, expect, it } from 'vitest';
import { d365foEntry } from '../../../core/erp/d365fo/entry';
import { supports } from '../../../core/erp/erp-connector';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { recheckAwaiting, runPosting } from '../../../core/posting';
import { creditNoteErpKey } from '../../../core/posting/posters';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { CHARGED_ORDERS, ordersWorkspace, US } from '../order-invoice-fixtures';
import { CHARGED_REFUNDS, enqueueRefunds, REFUND_TOTALS } from '../order-refund-fixtures';
import { FAST_BACKOFF, foEmulator, foSettings } from './fo-fixtures';

const C = 'fo-refunds';
const ITEMS = { chair: '6100-002-022', box: '6100' };
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
];
const [ORDER_1] = CHARGED_ORDERS.map((o) => o.orderId) as [string, string];

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

/** The two charged orders as free-text invoices a person has posted in F&O, and the app has seen posted. */
async function invoiced() {
  const emu: FoEmulator = await foEmulator();
  stops.push(() => emu.stop());
  const ws = ordersWorkspace({ id: C, kind: 'd365fo', name: 'Contoso USMF' });
  stops.push(() => ws.close());
  const build = () => {
    const erp = d365foEntry.connector!.build({
      connectionId: C, name: 'Contoso USMF', settings: foSettings(emu), secrets: { clientSecret: emu.clientSecret }, audit: ws.audit, clock: ws.clock, tuning: { backoff: FAST_BACKOFF },
    });
    stops.push(() => erp.close());
    return erp;
  };
  ws.enqueue('US-AMZ', ITEMS, CHARGED_ORDERS, CHARGES);
  expect((await runPosting(ws.outbox, C, build())).awaiting).toHaveLength(2);
  for (const h of emu.rows('FreeTextInvoiceHeaders')) emu.postFreeTextInvoice(String(h.FreeTextNumber));
  expect((await recheckAwaiting(ws.outbox, C, build())).posted).toHaveLength(2);
  const headersOf = (orderId: string, refundId: string) => emu.rows('FreeTextInvoiceHeaders').filter((h) => h.CustomerReference === creditNoteErpKey(orderId, refundId));
  const linesOf = (recId: unknown) => emu.rows('FreeTextInvoiceLines').filter((l) => l.ParentRecId === recId).sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
  return { emu, ws, build, headersOf, linesOf };
}

describe('refunds as F&O free-text credit notes (UNVERIFIED names), exactly once, posted by a person', () => {
  it('one credit note per refund through a lost answer, a 429 and an expired token: negative lines naming the invoice, waiting to be posted in F&O; read again, nothing is added', async () => {
    const { emu, ws, build, headersOf, linesOf } = await invoiced();
    expect(enqueueRefunds(ws, C, 'US-AMZ', ITEMS, CHARGES).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'enqueued', 'enqueued']);
    const erp = build();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/FreeTextInvoiceHeaders$/ });
    emu.faults.throttle(1, { path: /^GET \/data\/FreeTextInvoiceHeaders$/ });
    const run = await runPosting(ws.outbox, C, erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.awaiting).toHaveLength(4);
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(6);

    const invoice1 = emu.rows('FreeTextInvoiceHeaders').find((h) => h.CustomerReference === ORDER_1)!;
    for (const r of CHARGED_REFUNDS) {
      const headers = headersOf(r.orderId, r.refundId);
      expect(headers, r.refundId).toHaveLength(1);
      expect(headers[0], r.refundId).toMatchObject({ CustomerAccount: 'US-AMZ', CurrencyCode: 'USD', InvoiceDate: '2026-06-15', IsPosted: 'No' });
      // F&O calculates the tax from the sales tax group, so the lines come to what was refunded before tax, as a credit.
      const net = REFUND_TOTALS[r.refundId]! - (r.skus.reduce((s, k) => s + (k.tax ?? 0), 0) + (r.charges?.shipping?.tax ?? 0));
      expect(Math.round(linesOf(headers[0]!.RecId).reduce((s, l) => s + Number(l.TransactionCurrencyAmount), 0) * 100), r.refundId).toBe(-net);
    }
    const [one] = headersOf(ORDER_1, 'amzn1.adj.0001');
    expect(linesOf(one!.RecId).map((l) => [l.MainAccountDisplayValue, l.Quantity, l.Description, l.SalesTaxGroup ?? null])).toEqual([
      ['6100-002-022', -1, `Refund of CHAIR-BLK (credits ${String(invoice1.InvoiceId)})`, 'CA'],
      ['6100', -1, `Shipping refunded (credits ${String(invoice1.InvoiceId)})`, 'CA'],
      ['6100', -1, `Promotions refunded (credits ${String(invoice1.InvoiceId)})`, null],
    ]);
    // Awaiting a person in F&O, as invoices do; once posted there, the app records each as posted.
    expect(ws.outbox.list().filter((e) => e.kind === 'salesCreditNote').map((e) => e.state)).toEqual(['awaiting', 'awaiting', 'awaiting', 'awaiting']);
    for (const r of CHARGED_REFUNDS) emu.postFreeTextInvoice(String(headersOf(r.orderId, r.refundId)[0]!.FreeTextNumber));
    expect((await recheckAwaiting(ws.outbox, C, build())).posted).toHaveLength(4);
    for (const e of ws.outbox.list()) {
      if (e.kind !== 'salesCreditNote') continue;
      expect(e).toMatchObject({ state: 'posted', erpDocumentNumber: headersOf(e.document.orderId, e.document.refundId)[0]!.FreeTextNumber, naturalKey: `${US}:${e.document.orderId}:${e.document.refundId}:credit-note` });
    }
    expect(enqueueRefunds(ws, C, 'US-AMZ', ITEMS, CHARGES).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect(await runPosting(ws.outbox, C, build())).toMatchObject({ posted: [], awaiting: [] });
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(6);
  });

  it('a credit note for an invoice F&O does not hold, or has not posted, is refused in words and nothing is made', async () => {
    const { emu, build } = await invoiced();
    const erp = build();
    if (!supports(erp, 'salesCreditNotes')) throw new Error('F&O takes credit notes');
    const memo = { externalDocumentNumber: `${ORDER_1}/X`, invoiceNumber: 'FTI-999999', customerNumber: 'US-AMZ', creditNoteDate: '2026-06-15', currency: 'USD', lines: [{ itemNumber: '6100', quantity: 1, unitPrice: 100 }] };
    await expect(erp.postSalesCreditNote(memo)).rejects.toThrow(/F&O holds no free-text invoice FTI-999999 to credit/);
    if (!supports(erp, 'salesInvoices')) throw new Error('F&O takes invoices');
    const draft = await erp.postSalesInvoice({ externalDocumentNumber: '111-9', customerNumber: 'US-AMZ', invoiceDate: '2026-06-15', currency: 'USD', lines: [{ itemNumber: '6100', quantity: 1, unitPrice: 100 }] });
    await expect(erp.postSalesCreditNote({ ...memo, invoiceNumber: draft.documentNumber })).rejects.toThrow(new RegExp(`free-text invoice ${draft.documentNumber} is not posted in F&O yet`));
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(3);
  });
});
