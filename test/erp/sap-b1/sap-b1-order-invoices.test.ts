import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supports } from '../../../core/erp/erp-connector';
import { runPosting } from '../../../core/posting';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { INVOICED, ORDER_TOTALS, ordersWorkspace, US } from '../order-invoice-fixtures';
import { b1EntryConnector } from './sap-b1-fixtures';

const C = 'b1-test';
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

/** The connector as the registry builds it for a connection. */
const connector = () => b1EntryConnector(emu, ws, C);
const ofOrder = (orderId: string) => emu.invoices().filter((i) => i.NumAtCard === orderId);

describe('Amazon orders into SAP Business One through the outbox, in "Orders as invoices" mode', () => {
  it('one A/R invoice per shipped order through a lost answer, a 429, a 503 and an expired session; none for cancelled or unshipped orders', async () => {
    const decisions = ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' });
    expect(decisions.map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'cancelled', 'not-shipped', 'enqueued']);

    const erp = connector();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    emu.faults.throttle(1, { path: /^POST Invoices$/ });
    emu.faults.failNext(1, 503, { path: /^GET Invoices$/ });
    const run = await runPosting(ws.outbox, C, erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(3);

    for (const id of INVOICED) {
      expect(ofOrder(id), id).toHaveLength(1);
      expect(ofOrder(id)[0], id).toMatchObject({ CardCode: 'C-AMZ-US', DocCurrency: 'USD', DocTotal: ORDER_TOTALS[id]! / 100 });
    }
    expect(emu.invoices()).toHaveLength(3);
    expect(emu.stats.invoicePosts).toBe(3);
    // The outbox records B1's DocNum, what an accountant looks the invoice up by.
    for (const e of ws.outbox.list()) {
      expect(e.state).toBe('posted');
      if (e.kind !== 'salesInvoice') throw new Error('expected order invoices only');
      expect(e.erpDocumentNumber).toBe(String(ofOrder(e.document.orderId)[0]!.DocNum));
      expect(e.naturalKey).toBe(`${US}:${e.document.orderId}:invoice`);
    }

    // Reading the orders again queues nothing; another run creates nothing.
    expect(ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }).filter((d) => d.outcome === 'enqueued')).toHaveLength(0);
    expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(0);
    expect(emu.invoices()).toHaveLength(3);
    await erp.close();
  });

  it('a crash after B1 booked the invoice ends with that one invoice, found by NumAtCard', async () => {
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' });
    const [first] = ws.outbox.list();
    if (first?.kind !== 'salesInvoice') throw new Error('expected an order invoice');
    ws.outbox.begin(first);
    const erp = connector();
    if (!supports(erp, 'salesInvoices')) throw new Error('B1 says it posts sales invoices');
    const booked = await erp.postSalesInvoice(first.document.invoice);
    const run = await runPosting(ws.outbox, C, connector());
    expect(run.posted.find((p) => p.naturalKey === first.naturalKey)).toEqual({ naturalKey: first.naturalKey, erpDocumentNumber: booked.documentNumber, alreadyInErp: true });
    expect(ofOrder(first.document.orderId)).toHaveLength(1);
    expect(emu.invoices()).toHaveLength(3);
  });

  it('an item B1 will not sell stops that order in words and leaves the others posted', async () => {
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00090' });
    const run = await runPosting(ws.outbox, C, connector());
    expect(run.posted.map((p) => p.naturalKey)).toEqual([`${US}:111-2000002-0000002:invoice`]);
    expect(run.failed.map((f) => f.naturalKey)).toEqual([`${US}:111-2000001-0000001:invoice`, `${US}:111-2000005-0000005:invoice`]);
    expect(run.failed.map((f) => f.retryable)).toEqual([false, false]);
    expect(run.failed[0]!.message).toMatch(/Item 'A00090' is not a sales item/);
    expect(emu.invoices()).toHaveLength(1);
  });
});
