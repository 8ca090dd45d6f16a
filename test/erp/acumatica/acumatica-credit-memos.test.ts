import { afterEach, describe, expect, it } from 'vitest';
import { acumaticaEntry } from '../../../core/erp/acumatica/entry';
import { supports } from '../../../core/erp/erp-connector';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { runPosting } from '../../../core/posting';
import { creditNoteErpKey } from '../../../core/posting/posters';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace, US } from '../order-invoice-fixtures';
import { CHARGED_REFUNDS, enqueueRefunds, REFUND_TOTALS } from '../order-refund-fixtures';
import { CLIENT_ID, emulator, SECRETS } from './acumatica-fixtures';

const C = 'acu-refunds';
const ITEMS = { chair: 'CHAIR01', box: 'BOX01' };
/** Shipping and promotions to a sales account (lines without an inventory item), Amazon's tax under CASALES. */
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '40000' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '40000' },
  { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CASALES' },
];
const [ORDER_1, ORDER_2] = CHARGED_ORDERS.map((o) => o.orderId) as [string, string];

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function invoiced() {
  const emu: AcumaticaEmulator = await emulator({});
  stops.push(emu.stop);
  const ws = ordersWorkspace({ id: C, kind: 'acumatica', name: 'Acumatica demo' });
  stops.push(() => ws.close());
  const build = () => acumaticaEntry.connector!.build({
    connectionId: C, name: 'Acumatica demo', audit: ws.audit, clock: ws.clock, secrets: SECRETS as Record<string, string>,
    settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin' },
    tuning: { backoff: { baseMs: 1, capMs: 5, maxAttempts: 4 } },
  });
  ws.enqueue('AMZUS', ITEMS, CHARGED_ORDERS, CHARGES);
  expect((await runPosting(ws.outbox, C, build())).posted).toHaveLength(2);
  const invoiceOf = (orderId: string) => emu.salesInvoices.find((i) => i.Type === 'Invoice' && i.CustomerOrder === orderId)!;
  const memosOf = (orderId: string, refundId: string) => emu.salesInvoices.filter((i) => i.Type === 'Credit Memo' && i.CustomerOrder === creditNoteErpKey(orderId, refundId));
  return { emu, ws, build, invoiceOf, memosOf };
}

describe('refunds as Acumatica credit memos applied to their invoice, exactly once', () => {
  it('one released credit memo per refund through a lost answer, a 429 and an expired token; each applied to what its invoice has open; read again, nothing is added', async () => {
    const { emu, ws, build, invoiceOf, memosOf } = await invoiced();
    expect(enqueueRefunds(ws, C, 'AMZUS', ITEMS, CHARGES).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'enqueued', 'enqueued']);
    const erp = build();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.throttle(1, { path: /^PUT \/SalesInvoice$/ });
    const run = await runPosting(ws.outbox, C, erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(4);
    expect(emu.salesInvoices.filter((i) => i.Type === 'Credit Memo')).toHaveLength(4);

    for (const r of CHARGED_REFUNDS) {
      const memos = memosOf(r.orderId, r.refundId);
      expect(memos, r.refundId).toHaveLength(1);
      expect(memos[0], r.refundId).toMatchObject({ CustomerID: 'AMZUS', Currency: 'USD', Date: '2026-06-15', Amount: REFUND_TOTALS[r.refundId]! / 100 });
    }
    // The first refund carries the chair, the shipping and the promotion taken back, with Amazon's tax in TaxDetails.
    const [one] = memosOf(ORDER_1, 'amzn1.adj.0001');
    expect(one!.Details.map((d) => [d.InventoryID ?? null, d.Account ?? null, d.Amount])).toEqual([['CHAIR01', null, 192.8], [null, '40000', 9.99], [null, '40000', -20]]);
    expect(one!.TaxDetails).toEqual([{ TaxID: 'CASALES', TaxableAmount: 202.79, TaxAmount: 16.23 }]);
    // Both chairs credited: the first invoice is closed by its memos; the goodwill memo after them stays open for the payout.
    expect(one).toMatchObject({ Status: 'Closed', Balance: 0, Applications: [{ DocType: 'Invoice', ReferenceNbr: invoiceOf(ORDER_1).ReferenceNbr, AmountPaid: REFUND_TOTALS['amzn1.adj.0001']! / 100 }] });
    expect(invoiceOf(ORDER_1)).toMatchObject({ Status: 'Closed', Balance: 0 });
    expect(memosOf(ORDER_1, 'amzn1.adj.0003')[0]).toMatchObject({ Status: 'Open', Balance: 5, Applications: [] });
    const second = CHARGED_TOTALS[ORDER_2]!;
    expect(invoiceOf(ORDER_2)).toMatchObject({ Status: 'Open', Balance: (second.net + second.tax - 50_00) / 100 });

    for (const e of ws.outbox.list()) {
      if (e.kind !== 'salesCreditNote') continue;
      expect(e).toMatchObject({ state: 'posted', erpDocumentNumber: memosOf(e.document.orderId, e.document.refundId)[0]!.ReferenceNbr, naturalKey: `${US}:${e.document.orderId}:${e.document.refundId}:credit-note` });
    }
    expect(enqueueRefunds(ws, C, 'AMZUS', ITEMS, CHARGES).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect((await runPosting(ws.outbox, C, build())).posted).toHaveLength(0);
    expect(emu.salesInvoices.filter((i) => i.Type === 'Credit Memo')).toHaveLength(4);
    await erp.close();
  });

  it('a credit memo for an invoice Acumatica does not hold, or another customer\'s, is refused in words and nothing is made', async () => {
    const { emu, build, invoiceOf } = await invoiced();
    const erp = build();
    if (!supports(erp, 'salesCreditNotes')) throw new Error('Acumatica posts credit memos');
    const memo = { externalDocumentNumber: `${ORDER_1}/X`, invoiceNumber: 'AR999999', customerNumber: 'AMZUS', creditNoteDate: '2026-06-15', currency: 'USD', lines: [{ itemNumber: 'CHAIR01', quantity: 1, unitPrice: 100 }] };
    await expect(erp.postSalesCreditNote(memo)).rejects.toThrow(/Acumatica holds no AR invoice AR999999 to credit/);
    await expect(erp.postSalesCreditNote({ ...memo, invoiceNumber: invoiceOf(ORDER_1).ReferenceNbr, customerNumber: 'AMZDE' })).rejects.toThrow(/belongs to customer AMZUS, not AMZDE/);
    expect(emu.salesInvoices.filter((i) => i.Type === 'Credit Memo')).toHaveLength(0);
    await erp.close();
  });
});
