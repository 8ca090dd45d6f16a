import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../core/attention';
import { clockStartingAt } from '../../core/clock/clock';
import type { SapB1Connector } from '../../core/erp/sap-b1/client';
import { McfFlow, type McfLinks } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { createOrder } from '../../core/sandbox/sap-b1/emulator-orders';
import { harness, type Harness } from '../amazon/harness';
import { b1Connector } from '../erp/sap-b1/sap-b1-fixtures';

// SAP Business One sales orders whose lines stand at the warehouse marked as Amazon's (here 02) go to
// Amazon as fulfilment orders, and the tracking comes back to the order's TrackingNumber and Comments.
const ERP = 'b1-1';
const AMAZON = 'amz-1';
const START = Date.parse('2026-11-20T12:00:00Z');

let h: Harness;
let b1: SapB1Emulator;
let erp: SapB1Connector;
let flow: McfFlow;
let links: McfLinks;

beforeEach(async () => {
  h = await harness({ clock: clockStartingAt(START) });
  b1 = await startSapB1Emulator({ clock: clockStartingAt(START) });
  erp = b1Connector(b1);
  const now = () => new Date(h.client.clock.now());
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'sap-b1']] as const) {
    h.db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
  }
  for (const [sku, item] of [['SKU-CHAIR', 'A00001'], ['SKU-BOX', 'A00002']]) {
    h.db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, now().toISOString());
  }
  flow = new McfFlow(h.db, new DeadLetterStore(h.db, now), skuOfItem(h.db, h.audit), now);
  flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: '02' }, defaultSpeed: 'Standard' });
  flow.settings.approveFirstOrders(ERP, 'tester');
  links = { erp, amazon: h.client };
});
afterEach(async () => {
  await erp.close();
  await b1.stop();
  await h.stop();
});

const shipTo = { ShipToStreet: 'Main St', ShipToStreetNo: '1', ShipToCity: 'Seattle', ShipToState: 'WA', ShipToZipCode: '98101', ShipToCountry: 'US' };

/** A sales order a person enters in B1, its lines at these warehouses. */
function order(ref: string, lines: Array<[item: string, quantity: number, warehouse: string]>): number {
  return createOrder({ CardCode: 'C-AMZ-US', CardName: 'Jane Doe', NumAtCard: ref, DocDate: '2026-11-20', AddressExtension: shipTo,
    DocumentLines: lines.map(([ItemCode, Quantity, WarehouseCode]) => ({ ItemCode, Quantity, WarehouseCode })) }, b1.seed, b1.salesOrders(), '2026-11-20').DocNum;
}
const stored = (docNum: number) => b1.salesOrders().find((o) => o.DocNum === docNum)!;

describe('Multi-Channel Fulfillment from SAP Business One', () => {
  it('sends one fulfilment order per B1 order at Amazon\'s warehouse and writes its tracking once, through dropped answers, 429s and an expired session', async () => {
    const a = order('WEB-1', [['A00001', 2, '02']]);
    const b = order('WEB-2', [['A00001', 1, '02'], ['A00002', 3, '02'], ['A00002', 1, '01']]);
    const mine = order('WEB-3', [['A00002', 1, '01']]);
    const closed = order('WEB-4', [['A00001', 1, '02']]);
    stored(closed).DocumentStatus = 'bost_Close';

    h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    b1.faults.throttle(1, { path: /^GET Orders$/ });
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 2, held: 0 });
    b1.faults.expireTokens();
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });

    const sent = [...h.emulator.fulfilment.orders.values()].map((o) => o.request);
    expect(sent.map((r) => r.displayableOrderId).sort()).toEqual([String(a), String(b)]);
    expect(sent.find((r) => r.displayableOrderId === String(b))).toMatchObject({
      items: [{ sellerSku: 'SKU-CHAIR', quantity: 1 }, { sellerSku: 'SKU-BOX', quantity: 3 }],
      destinationAddress: { name: 'Jane Doe', addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' },
    });
    expect(flow.outbox.find(ERP, String(mine))).toBeNull();
    expect(flow.outbox.find(ERP, String(closed))).toBeNull();

    h.emulator.advanceTime(SHIP_AFTER_MS);
    b1.faults.dropAfterProcessing(1, { path: /^PATCH Orders\(\d+\)$/ });
    b1.faults.expireTokens();
    expect((await flow.run(ERP, links)).trackingWritten).toBe(2);
    expect((await flow.run(ERP, links)).trackingWritten).toBe(0);
    expect(b1.stats.orderPatches).toBe(2);
    for (const n of [a, b]) {
      const o = stored(n);
      expect(o.TrackingNumber).toMatch(/^1Z\d{10}$/);
      expect(o.Comments).toBe(`Amazon MCF UPS ${o.TrackingNumber}`);
    }
    expect(stored(mine)).toMatchObject({ TrackingNumber: null, Comments: null });
    expect(h.emulator.fulfilment.orders.size).toBe(2);
    expect(flow.outbox.list(ERP).map((r) => r.state)).toEqual(['shipped', 'shipped']);
  });

  it('refuses a warehouse B1 does not have, in words, sending nothing', async () => {
    order('WEB-5', [['A00001', 1, '02']]);
    flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: 'FBA' }, defaultSpeed: 'Standard' });
    await expect(flow.run(ERP, links)).rejects.toThrow('SAP Business One has no warehouse FBA, the one set for orders shipped by Amazon.');
    expect(h.emulator.fulfilment.orders.size).toBe(0);
  });
});
