import { describe, expect, it } from 'vitest';
import type { AcumaticaConnector } from '../../core/erp/acumatica/connector';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import type { AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import type { EnteredSalesOrder } from '../../core/sandbox/acumatica/emulator-sales-order';
import { connector, emulator } from '../erp/acumatica/acumatica-fixtures';
import { AMAZON, useErpMcfWorld } from './mcf-fixture';

// Acumatica sales orders (type SO) whose lines stand at the warehouse marked as Amazon's (FBA) go to Amazon
// as fulfilment orders, and Amazon's carrier and tracking come back on a line of the order's note.
const ERP = 'acu-1';
const w = useErpMcfWorld<AcumaticaEmulator, AcumaticaConnector>({
  erpConnectionId: ERP, kind: 'acumatica', location: 'FBA', skus: [['SKU-CHAIR', 'CHAIR01'], ['SKU-BOX', 'BOX01']],
  start: async (clock) => {
    const emu = await emulator({ clock });
    return { emu, erp: connector(emu) };
  },
});

const shipTo = { ShipToAddress: { AddressLine1: '1 Main St', AddressLine2: 'Apt 4', City: 'Seattle', State: 'WA', PostalCode: '98101', Country: 'US' }, ShipToContact: { Attention: 'Jane Doe', BusinessName: 'Doe Household', Phone1: '+1 206 555 0100' } };

/** A web-shop order a person enters in Acumatica, its lines at these warehouses. */
function order(ref: string, lines: Array<[item: string, quantity: number, warehouse: string]>, more: Partial<EnteredSalesOrder> = {}): string {
  return w.emu.enterSalesOrder({ CustomerID: 'AMZUS', CustomerOrder: ref, Date: '2026-11-20', ShipVia: 'UPSGROUND', ...shipTo, ...more,
    Details: lines.map(([InventoryID, OrderQty, WarehouseID]) => ({ InventoryID, OrderQty, WarehouseID })) }).OrderNbr;
}
const stored = (nbr: string, type = 'SO') => w.emu.salesOrders.find((o) => o.OrderType === type && o.OrderNbr === nbr)!;

describe('Multi-Channel Fulfillment from Acumatica', () => {
  it('sends one fulfilment order per Acumatica order at Amazon\'s warehouse and notes its tracking once, through dropped answers, 429s and an expired sign-in', async () => {
    const a = order('WEB-1', [['CHAIR01', 2, 'FBA']], { note: 'Gift wrap, please.' });
    const b = order('WEB-2', [['CHAIR01', 1, 'FBA'], ['BOX01', 3, 'FBA'], ['BOX01', 1, 'MAIN']]);
    // Partly shipped already: one of three chairs is left at Amazon's warehouse.
    const c = order('WEB-3', [['CHAIR01', 3, 'FBA']]);
    Object.assign(stored(c), { Status: 'Back Order' });
    stored(c).Details[0]!.OpenQty = 1;
    const mine = order('WEB-4', [['BOX01', 1, 'MAIN']]);
    const done = order('WEB-5', [['CHAIR01', 1, 'FBA']]);
    stored(done).Status = 'Completed';
    // A return order coming back to FBA is Open too, but of another order type.
    w.emu.enterSalesOrder({ OrderType: 'RC', CustomerID: 'AMZUS', CustomerOrder: 'RET-1', Details: [{ InventoryID: 'CHAIR01', OrderQty: 1, WarehouseID: 'FBA', Operation: 'Receipt', ReasonCode: 'DAMAGED' }] });

    w.h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    w.emu.faults.throttle(1, { path: /^GET \/SalesOrder$/ });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 3, held: 0 });
    w.emu.faults.expireTokens();
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });
    expect(w.emu.faults.take({ method: 'GET', path: '/SalesOrder' }), 'the 429 was met').toBeNull();

    const sent = [...w.h.emulator.fulfilment.orders.values()].map((o) => o.request);
    expect(sent.map((r) => r.displayableOrderId).sort()).toEqual([a, b, c].sort());
    expect(sent.find((r) => r.displayableOrderId === b)).toMatchObject({
      items: [{ sellerSku: 'SKU-CHAIR', quantity: 1 }, { sellerSku: 'SKU-BOX', quantity: 3 }],
      destinationAddress: { name: 'Jane Doe', addressLine1: '1 Main St', addressLine2: 'Apt 4', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', phone: '+1 206 555 0100' },
    });
    expect(sent.find((r) => r.displayableOrderId === c)?.items).toEqual([expect.objectContaining({ sellerSku: 'SKU-CHAIR', quantity: 1 })]);
    expect(w.flow.outbox.find(ERP, mine)).toBeNull();
    expect(w.flow.outbox.find(ERP, done)).toBeNull();
    expect(w.flow.outbox.list(ERP)).toHaveLength(3);

    w.h.emulator.advanceTime(SHIP_AFTER_MS);
    const putsBefore = w.emu.stats.puts;
    w.emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesOrder$/ });
    w.emu.faults.throttle(1, { path: /^PUT \/SalesOrder$/ });
    w.emu.faults.expireTokens();
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(3);
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(0);
    expect(w.emu.stats.puts - putsBefore).toBe(3);
    expect(w.emu.faults.take({ method: 'PUT', path: '/SalesOrder' }), 'the drop and the 429 were met').toBeNull();
    expect(w.erp.logins, 'signed in again after each expiry').toBe(3);
    for (const n of [b, c]) expect(stored(n).note).toMatch(/^Amazon MCF UPS 1Z\d{10}$/);
    // The person's words stay; Amazon's go on a line of their own.
    expect(stored(a).note).toMatch(/^Gift wrap, please\.\nAmazon MCF UPS 1Z\d{10}$/);
    expect(stored(mine).note).toBe('');
    expect(w.h.emulator.fulfilment.orders.size).toBe(3);
    expect(w.flow.outbox.list(ERP).map((r) => r.state)).toEqual(['shipped', 'shipped', 'shipped']);
  });

  it('refuses a warehouse Acumatica does not have, in words, sending nothing', async () => {
    order('WEB-6', [['CHAIR01', 1, 'FBA']]);
    w.flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: 'AMAZON' }, defaultSpeed: 'Standard' });
    await expect(w.flow.run(ERP, w.links)).rejects.toThrow('Acumatica has no warehouse AMAZON, the one set for orders shipped by Amazon.');
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
  });

  it('says which order refused Amazon\'s note, and changes nothing, when the order was cancelled in Acumatica meanwhile', async () => {
    const n = order('WEB-7', [['CHAIR01', 1, 'FBA']]);
    stored(n).Status = 'Cancelled';
    await expect(w.erp.recordTracking(n, 'Amazon MCF UPS 1Z0000000001')).rejects.toThrow(`Acumatica did not take Amazon's note "Amazon MCF UPS 1Z0000000001" on sales order SO ${n}: The sales order SO ${n} is cancelled and cannot be changed.`);
    await expect(w.erp.recordTracking('SO999999', 'Amazon MCF UPS 1Z0000000001')).rejects.toThrow('Sales order SO SO999999 is not in Acumatica');
    expect(stored(n).note).toBe('');
  });

  it('cancels at Amazon the order cancelled in Acumatica, and notes once on the order one Amazon ended unshipped', async () => {
    const cancelled = order('WEB-8', [['CHAIR01', 1, 'FBA']]);
    const ended = order('WEB-9', [['BOX01', 1, 'FBA']]);
    await w.flow.run(ERP, w.links);
    const amazonOrder = (nbr: string) => [...w.h.emulator.fulfilment.orders.values()].find((o) => o.request.displayableOrderId === nbr)!;
    stored(cancelled).Status = 'Cancelled';
    amazonOrder(ended).endedByAmazon = { status: 'Unfulfillable', at: w.h.client.clock.now() };
    w.emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesOrder$/ });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 2 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 0 });
    expect(amazonOrder(cancelled).cancelledAt).toBeDefined();
    expect(stored(ended).note).toMatch(/^Amazon MCF not shipped: Unfulfillable \(MLC-[0-9a-f]{6}-SO\d{6}, \d{4}-\d{2}-\d{2}\)$/);
    expect(stored(cancelled).note).toBe('');
  });
});
