import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { SalesOrderDocument } from '../../core/erp/erp-connector';
import { onlineConnector } from './bc-fixtures';

let emu: BusinessCentralEmulator;
beforeEach(async () => { emu = await startBusinessCentralEmulator(); });
afterEach(async () => { await emu.stop(); });

const po = (number: string, quantity = 4): SalesOrderDocument => ({
  externalDocumentNumber: number, customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR',
  lines: [{ itemNumber: '1900-S', quantity, unitPrice: 15040 }, { itemNumber: '1906-S', quantity: 2, unitPrice: 21950 }],
});

describe('Business Central sales orders (the salesOrders flow)', () => {
  it('creates one sales order per customer PO with the PO number as external document number, then finds it unchanged', async () => {
    const c = onlineConnector(emu);
    const first = await c.syncSalesOrder(po('2K3L9Q1A'));
    expect(first).toMatchObject({ outcome: 'created', documentNumber: expect.stringMatching(/^S-ORD/) });
    expect(await c.syncSalesOrder(po('2K3L9Q1A'))).toEqual({ outcome: 'unchanged', documentNumber: first.documentNumber });
    const orders = emu.rows('salesOrders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ externalDocumentNumber: '2K3L9Q1A', customerNumber: 'AMZ-DE', totalAmountExcludingTax: 1040.6 });
    expect(emu.rows('salesOrderLines')).toHaveLength(2);
  });

  it('creates no second order when the connection drops after BC created it, under 429s and an expired token', async () => {
    emu.faults.dropAfterProcessing(1, { path: /POST \/companies\(.*\)\/salesOrders$/ });
    emu.faults.failNext(2, 429);
    const c = onlineConnector(emu);
    const done = await c.syncSalesOrder(po('2K3L9Q1B'));
    expect(done.outcome === 'created' || done.outcome === 'unchanged').toBe(true);
    emu.faults.expireTokens();
    expect((await c.syncSalesOrder(po('2K3L9Q1B'))).outcome).toBe('unchanged');
    expect(emu.rows('salesOrders')).toHaveLength(1);
    expect(emu.stats.throttled).toBeGreaterThanOrEqual(2);
  });

  it('updates an open order when the PO changes, and refuses to touch it once shipped', async () => {
    const c = onlineConnector(emu);
    const created = await c.syncSalesOrder(po('2K3L9Q1C'));
    expect(await c.syncSalesOrder(po('2K3L9Q1C', 3))).toEqual({ outcome: 'updated', documentNumber: created.documentNumber });
    expect(emu.rows('salesOrderLines').find((l) => l.lineObjectNumber === '1900-S')).toMatchObject({ quantity: 3 });
    expect(emu.rows('salesOrders')[0]).toMatchObject({ totalAmountExcludingTax: 890.2 });
    emu.salesOrders.ship(created.documentNumber);
    expect(await c.syncSalesOrder(po('2K3L9Q1C', 1))).toEqual({ outcome: 'shipped', documentNumber: created.documentNumber });
    expect(emu.rows('salesOrderLines').find((l) => l.lineObjectNumber === '1900-S')).toMatchObject({ quantity: 3 });
  });

  it('finds the posted invoice of the PO once BC shipped and invoiced the order', async () => {
    const c = onlineConnector(emu);
    const created = await c.syncSalesOrder(po('2K3L9Q1D'));
    expect(await c.findPostedSalesInvoice('AMZ-DE', '2K3L9Q1D')).toBeNull();
    emu.salesOrders.shipAndInvoice(created.documentNumber);
    const invoice = await c.findPostedSalesInvoice('AMZ-DE', '2K3L9Q1D');
    expect(invoice).toMatchObject({ number: expect.stringMatching(/^PS-INV/), currency: 'EUR', total: 104060, lines: [{ itemNumber: '1900-S', quantity: 4, unitPrice: 15040, amount: 60160 }, { itemNumber: '1906-S', quantity: 2 }] });
    expect(emu.rows('salesInvoices')[0]).toMatchObject({ orderNumber: created.documentNumber });
    expect(emu.rows('salesOrders')).toHaveLength(0);
    // The order is gone; the sync sees the invoice and neither recreates nor changes anything.
    expect(await c.syncSalesOrder(po('2K3L9Q1D'))).toEqual({ outcome: 'unchanged', documentNumber: invoice!.number });
    expect(await c.syncSalesOrder(po('2K3L9Q1D', 9))).toEqual({ outcome: 'shipped', documentNumber: invoice!.number });
    expect(emu.rows('salesOrders')).toHaveLength(0);
  });

  it('says which customer BC does not know, creating nothing', async () => {
    await expect(onlineConnector(emu).syncSalesOrder({ ...po('2K3L9Q1E'), customerNumber: 'NOPE' })).rejects.toThrow(/The customer cannot be found/);
    expect(emu.rows('salesOrders')).toHaveLength(0);
  });
});
