import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { MCF_FLOW, McfFlow, type McfLinks } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { harness, type Harness } from '../amazon/harness';
import { onlineConnector } from '../erp/bc-fixtures';

const ERP = 'bc-1';
const AMAZON = 'amz-1';
let h: Harness;
let bc: BusinessCentralEmulator;
let erp: BusinessCentralConnector;
let flow: McfFlow;
let letters: DeadLetterStore;
let links: McfLinks;

const address = { shipToName: 'Jane Doe', shipToAddressLine1: '1 Main St', shipToCity: 'Seattle', shipToState: 'WA', shipToPostCode: '98101', shipToCountry: 'US' };

function mapSku(sku: string, item: string): void {
  h.db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, new Date(h.client.clock.now()).toISOString());
}

/** A BC sales order; its lines stand at `location` (AMAZON-FBA: shipped by Amazon). */
async function order(po: string, location = 'AMAZON-FBA', items = ['1900-S'], shipTo: Record<string, string> = address): Promise<string> {
  const created = await erp.syncSalesOrder({ externalDocumentNumber: po, customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR', lines: items.map((itemNumber) => ({ itemNumber, quantity: 2, unitPrice: 15040 })) });
  const locationId = bc.rows('locations').find((l) => l.code === location)!.id;
  bc.salesOrders.edit(created.documentNumber, shipTo, { locationId });
  return created.documentNumber;
}

const trackingLines = (number: string) => {
  const id = bc.rows('salesOrders').find((o) => o.number === number)!.id;
  return bc.rows('salesOrderLines').filter((l) => l.documentId === id && l.lineType === 'Comment');
};

beforeEach(async () => {
  h = await harness();
  bc = await startBusinessCentralEmulator();
  erp = onlineConnector(bc);
  const now = () => new Date(h.client.clock.now());
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
    h.db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
  }
  letters = new DeadLetterStore(h.db, now);
  flow = new McfFlow(h.db, letters, skuOfItem(h.db, h.audit), now);
  flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, locationCode: 'AMAZON-FBA', defaultSpeed: 'Standard' });
  links = { erp, amazon: h.client };
  mapSku('SKU-1900', '1900-S');
});
afterEach(async () => {
  await erp.close();
  await bc.stop();
  await h.stop();
});

describe('Multi-Channel Fulfillment previews', () => {
  it('previews the first orders with fees in minor units and promised dates, and sends nothing until a person lets them go', async () => {
    const a = await order('PO-P1');
    const b = await order('PO-P2', 'AMAZON-FBA', ['1900-S', '1900-S']);
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0, awaitingApproval: 2 });
    expect(h.emulator.fulfilment.orders.size).toBe(0);
    const pa = flow.previews.get(flow.outbox.find(ERP, a)!.id)!;
    // 2 units at the emulator's 5.99 a unit, Standard.
    expect(pa).toMatchObject({ shippingSpeed: 'Standard', fulfillable: true, fees: [{ name: 'FBAPerUnitFulfillmentFee', currency: 'USD', amountMinor: 1198 }], unfulfillable: null });
    expect(pa.earliestShipDate! < pa.earliestArrivalDate!).toBe(true);
    expect(pa.earliestArrivalDate! <= pa.latestArrivalDate!).toBe(true);
    expect(flow.previews.get(flow.outbox.find(ERP, b)!.id)!.fees[0]!.amountMinor).toBe(2396);
    // Another run still sends nothing and previews again.
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, awaitingApproval: 2 });
    expect(h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);

    flow.settings.approveFirstOrders(ERP, 'jane');
    expect(flow.settings.get(ERP)).toMatchObject({ firstOrderApprovedBy: 'jane' });
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 2, awaitingApproval: 0 });
    expect(h.emulator.fulfilment.orders.size).toBe(2);
    // Later orders go by themselves, each previewed first.
    const c = await order('PO-P3');
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 1 });
    expect(flow.previews.get(flow.outbox.find(ERP, c)!.id)).toMatchObject({ fulfillable: true });
  });

  it('holds an order Amazon says it cannot fulfil under Needs attention in Amazon\'s words and never sends it; after the fix a retry sends it once', async () => {
    flow.settings.approveFirstOrders(ERP, 'jane');
    h.emulator.fulfilment.knownSkus = new Set(['SKU-1900']);
    mapSku('SKU-1906', '1906-S');
    const bad = await order('PO-U1', 'AMAZON-FBA', ['1900-S', '1906-S']);
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 1 });
    const [letter] = letters.list({ flow: MCF_FLOW });
    expect(letter!.error).toBe(`Amazon cannot fulfil sales order ${bad}: order: InvalidSKU; SKU-1906 × 2: InvalidSKU.`);
    expect(flow.previews.get(flow.outbox.find(ERP, bad)!.id)).toMatchObject({ fulfillable: false });
    expect(h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });

    h.emulator.fulfilment.knownSkus.add('SKU-1906');
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    const flows = new AttentionFlows(letters).register(flow.attentionFlow(async () => ({ ...links, close: async () => undefined })));
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(await flows.retryAll('tester', MCF_FLOW)).toEqual([]);
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });
    expect(h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('previews on demand: every order still waiting gets Amazon\'s fees and dates now, and nothing is sent', async () => {
    const a = await order('PO-D1');
    expect(await flow.previewWaiting(ERP, links)).toBe(1);
    expect(flow.previews.get(flow.outbox.find(ERP, a)!.id)).toMatchObject({ fulfillable: true, fees: [{ amountMinor: 1198 }] });
    expect(h.emulator.fulfilment.orders.size).toBe(0);
  });
});
