import { describe, expect, it } from 'vitest';
import type { SapB1Connector } from '../../core/erp/sap-b1/client';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { createOrder } from '../../core/sandbox/sap-b1/emulator-orders';
import { b1Connector } from '../erp/sap-b1/sap-b1-fixtures';
import { AMAZON, useErpMcfWorld } from './mcf-fixture';

// SAP Business One sales orders whose lines stand at the warehouse marked as Amazon's (here 02) go to
// Amazon as fulfilment orders, and the tracking comes back to the order's TrackingNumber and Comments.
const ERP = 'b1-1';
const w = useErpMcfWorld<SapB1Emulator, SapB1Connector>({
  erpConnectionId: ERP, kind: 'sap-b1', location: '02', skus: [['SKU-CHAIR', 'A00001'], ['SKU-BOX', 'A00002']],
  start: async (clock) => {
    const emu = await startSapB1Emulator({ clock });
    return { emu, erp: b1Connector(emu) };
  },
});

const shipTo = { ShipToStreet: 'Main St', ShipToStreetNo: '1', ShipToCity: 'Seattle', ShipToState: 'WA', ShipToZipCode: '98101', ShipToCountry: 'US' };

/** A sales order a person enters in B1, its lines at these warehouses. */
function order(ref: string, lines: Array<[item: string, quantity: number, warehouse: string]>): number {
  return createOrder({ CardCode: 'C-AMZ-US', CardName: 'Jane Doe', NumAtCard: ref, DocDate: '2026-11-20', AddressExtension: shipTo,
    DocumentLines: lines.map(([ItemCode, Quantity, WarehouseCode]) => ({ ItemCode, Quantity, WarehouseCode })) }, w.emu.seed, w.emu.salesOrders(), '2026-11-20').DocNum;
}
const stored = (docNum: number) => w.emu.salesOrders().find((o) => o.DocNum === docNum)!;

describe('Multi-Channel Fulfillment from SAP Business One', () => {
  it('sends one fulfilment order per B1 order at Amazon\'s warehouse and writes its tracking once, through dropped answers, 429s and an expired session', async () => {
    const a = order('WEB-1', [['A00001', 2, '02']]);
    const b = order('WEB-2', [['A00001', 1, '02'], ['A00002', 3, '02'], ['A00002', 1, '01']]);
    const mine = order('WEB-3', [['A00002', 1, '01']]);
    const closed = order('WEB-4', [['A00001', 1, '02']]);
    stored(closed).DocumentStatus = 'bost_Close';

    w.h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    w.emu.faults.throttle(1, { path: /^GET Orders$/ });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 2, held: 0 });
    w.emu.faults.expireTokens();
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });

    const sent = [...w.h.emulator.fulfilment.orders.values()].map((o) => o.request);
    expect(sent.map((r) => r.displayableOrderId).sort()).toEqual([String(a), String(b)]);
    expect(sent.find((r) => r.displayableOrderId === String(b))).toMatchObject({
      items: [{ sellerSku: 'SKU-CHAIR', quantity: 1 }, { sellerSku: 'SKU-BOX', quantity: 3 }],
      destinationAddress: { name: 'Jane Doe', addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' },
    });
    expect(w.flow.outbox.find(ERP, String(mine))).toBeNull();
    expect(w.flow.outbox.find(ERP, String(closed))).toBeNull();

    w.h.emulator.advanceTime(SHIP_AFTER_MS);
    w.emu.faults.dropAfterProcessing(1, { path: /^PATCH Orders\(\d+\)$/ });
    w.emu.faults.expireTokens();
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(2);
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(0);
    expect(w.emu.stats.orderPatches).toBe(2);
    for (const n of [a, b]) {
      const o = stored(n);
      expect(o.TrackingNumber).toMatch(/^1Z\d{10}$/);
      expect(o.Comments).toBe(`Amazon MCF UPS ${o.TrackingNumber}`);
    }
    expect(stored(mine)).toMatchObject({ TrackingNumber: null, Comments: null });
    expect(w.h.emulator.fulfilment.orders.size).toBe(2);
    expect(w.flow.outbox.list(ERP).map((r) => r.state)).toEqual(['shipped', 'shipped']);
  });

  it('refuses a warehouse B1 does not have, in words, sending nothing', async () => {
    order('WEB-5', [['A00001', 1, '02']]);
    w.flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: 'FBA' }, defaultSpeed: 'Standard' });
    await expect(w.flow.run(ERP, w.links)).rejects.toThrow('SAP Business One has no warehouse FBA, the one set for orders shipped by Amazon.');
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
  });
});
