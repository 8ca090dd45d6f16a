import { afterEach, describe, expect, it } from 'vitest';
import type { SalesInvoiceDocument } from '../../../core/erp/erp-connector';
import { acumaticaEntry } from '../../../core/erp/acumatica/entry';
import { supports } from '../../../core/erp/erp-connector';
import { runPosting } from '../../../core/posting';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { INVOICED, ORDER_TOTALS, ordersWorkspace, US } from '../order-invoice-fixtures';
import { CLIENT_ID, connector, emulator, SECRETS } from './acumatica-fixtures';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});
async function start(o: Parameters<typeof emulator>[0] = {}): Promise<AcumaticaEmulator> {
  const emu = await emulator(o);
  stops.push(emu.stop);
  return emu;
}
const invoice = (orderId: string, more: Partial<SalesInvoiceDocument> = {}): SalesInvoiceDocument => ({
  externalDocumentNumber: orderId, customerNumber: 'AMZUS', invoiceDate: '2026-06-30', currency: 'USD',
  lines: [{ itemNumber: 'CHAIR01', quantity: 2, unitPrice: 192_80, description: 'Office chair' }, { itemNumber: 'BOX01', quantity: 1, unitPrice: 281_40 }],
  ...more,
});
const ofOrder = (emu: AcumaticaEmulator, orderId: string) => emu.salesInvoices.filter((i) => i.CustomerOrder === orderId);

describe('Acumatica AR invoices for Amazon orders (SalesInvoice, released)', () => {
  it('creates one invoice with CustomerOrder = order id and releases it (202 + Location); posting again finds it', async () => {
    const emu = await start();
    const c = connector(emu);
    expect(await c.postSalesInvoice(invoice('111-0000001-0000001'))).toEqual({ documentNumber: 'AR000001', alreadyExisted: false, posted: true });
    expect(ofOrder(emu, '111-0000001-0000001')).toEqual([expect.objectContaining({ CustomerID: 'AMZUS', Status: 'Open', Amount: 667, Currency: 'USD' })]);
    expect(ofOrder(emu, '111-0000001-0000001')[0]!.Details.map((d) => [d.InventoryID, d.Qty, d.UnitPrice])).toEqual([['CHAIR01', 2, 192.8], ['BOX01', 1, 281.4]]);
    expect(await c.postSalesInvoice(invoice('111-0000001-0000001'))).toEqual({ documentNumber: 'AR000001', alreadyExisted: true, posted: true });
    expect(await c.findByNaturalKey('salesInvoice', '111-0000001-0000001')).toEqual({ kind: 'salesInvoice', documentNumber: 'AR000001', state: 'posted' });
    expect(emu.stats.releases).toBe(1);
    await c.close();
  });

  it('a lost answer after the PUT, a 429, a 503 and an expired token end with one invoice, released once', async () => {
    const emu = await start({ holdInvoicesOnEntry: true });
    const c = connector(emu);
    await c.testConnection();
    emu.faults.expireTokens();
    emu.faults.throttle(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.failNext(1, 503, { path: /^GET \/SalesInvoice$/ });
    const r = await c.postSalesInvoice(invoice('111-0000002-0000002'));
    expect(r).toMatchObject({ documentNumber: 'AR000001', posted: true });
    expect(emu.salesInvoices).toHaveLength(1);
    expect(emu.salesInvoices[0]).toMatchObject({ Status: 'Open', Hold: false });
    expect(emu.stats.releases).toBe(1);
  });

  it('an invoice left Balanced by a crash before release is found as a draft and released, not created again', async () => {
    const emu = await start();
    emu.faults.failNext(1, 500, { path: /^POST \/SalesInvoice\/ReleaseSalesInvoice$/ });
    const c = connector(emu);
    await expect(c.postSalesInvoice(invoice('111-0000003-0000003'))).resolves.toMatchObject({ posted: true });
    expect(emu.salesInvoices).toHaveLength(1);
    expect(emu.salesInvoices[0]!.Status).toBe('Open');
  });

  it('an invoice with the same customer order for another customer is a conflict in words; an inactive item is refused with Acumatica\'s field error', async () => {
    const emu = await start();
    const c = connector(emu);
    await c.postSalesInvoice(invoice('302-0000004-0000004', { customerNumber: 'AMZDE', currency: 'EUR' }));
    await expect(c.postSalesInvoice(invoice('302-0000004-0000004'))).rejects.toMatchObject({
      kind: 'conflict', message: expect.stringContaining('Acumatica already holds an AR invoice with customer order 302-0000004-0000004: AR000001 (customer AMZDE, Open), where one for customer AMZUS was expected'),
    });
    await expect(c.postSalesInvoice(invoice('111-0000005-0000005', { lines: [{ itemNumber: 'LAMP01', quantity: 1, unitPrice: 10_00 }] }))).rejects.toMatchObject({
      kind: 'validation', message: expect.stringContaining("The status of the 'LAMP01' item is 'Inactive'"),
    });
    expect(emu.salesInvoices).toHaveLength(1);
  });
});

describe('Amazon orders into Acumatica through the outbox, in "Orders as invoices" mode', () => {
  it('one released invoice per shipped order through faults, none for cancelled or unshipped ones; a second run creates nothing', async () => {
    const emu = await start();
    const ws = ordersWorkspace({ id: 'acu-test', kind: 'acumatica', name: 'Acumatica demo' });
    stops.push(() => ws.close());
    expect(ws.enqueue('AMZUS', { chair: 'CHAIR01', box: 'BOX01' }).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'cancelled', 'not-shipped', 'enqueued']);
    const build = () => acumaticaEntry.connector!.build({
      connectionId: 'acu-test', name: 'Acumatica demo', audit: ws.audit, clock: ws.clock, secrets: SECRETS as Record<string, string>,
      settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin' },
      tuning: { backoff: { baseMs: 1, capMs: 5, maxAttempts: 4 } },
    });
    const erp = build();
    expect(supports(erp, 'salesInvoices')).toBe(true);
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.throttle(1, { path: /^GET \/SalesInvoice$/ });
    const run = await runPosting(ws.outbox, 'acu-test', erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    for (const id of INVOICED) expect(ofOrder(emu, id), id).toEqual([expect.objectContaining({ Status: 'Open', CustomerID: 'AMZUS', Amount: ORDER_TOTALS[id]! / 100 })]);
    expect(emu.salesInvoices).toHaveLength(3);
    for (const e of ws.outbox.list()) {
      if (e.kind !== 'salesInvoice') throw new Error('expected order invoices only');
      expect(e).toMatchObject({ state: 'posted', naturalKey: `${US}:${e.document.orderId}:invoice`, erpDocumentNumber: ofOrder(emu, e.document.orderId)[0]!.ReferenceNbr });
    }
    expect((await runPosting(ws.outbox, 'acu-test', build())).posted).toHaveLength(0);
    expect(emu.salesInvoices).toHaveLength(3);
    await erp.close();
  });
});
