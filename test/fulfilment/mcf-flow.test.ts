import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { MCF_FLOW, McfFlow, type McfLinks } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
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
  flow.settings.approveFirstOrders(ERP, 'tester');
  links = { erp, amazon: h.client };
  mapSku('SKU-1900', '1900-S');
});
afterEach(async () => {
  await erp.close();
  await bc.stop();
  await h.stop();
});

describe('Multi-Channel Fulfillment from Business Central', () => {
  it('sends each order at the Amazon location once through 429s and a connection dropped after Amazon took it, then writes tracking back once', async () => {
    const a = await order('PO-A');
    const b = await order('PO-B');
    await order('PO-C', 'MAIN');
    h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });

    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 2, held: 0, waiting: 0 });
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });
    const sent = [...h.emulator.fulfilment.orders.values()].map((o) => o.request);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.displayableOrderId).sort()).toEqual([a, b].sort());
    expect(sent[0]).toMatchObject({ shippingSpeedCategory: 'Standard', items: [{ sellerSku: 'SKU-1900', quantity: 2 }], destinationAddress: { name: 'Jane Doe', postalCode: '98101', countryCode: 'US', city: 'Seattle' } });
    expect(h.emulator.stats.byOperation.createFulfillmentOrder?.throttled).toBe(2);

    h.emulator.advanceTime(SHIP_AFTER_MS);
    bc.faults.dropAfterProcessing(1, { path: /POST .*\/salesOrderLines$/ });
    expect((await flow.run(ERP, links)).trackingWritten).toBe(2);
    expect((await flow.run(ERP, links)).trackingWritten).toBe(0);
    for (const n of [a, b]) {
      const notes = trackingLines(n);
      expect(notes).toHaveLength(1);
      expect(String(notes[0]!.description)).toMatch(/^Amazon MCF UPS 1Z\d{10}$/);
    }
    expect(flow.outbox.list(ERP).map((r) => r.state)).toEqual(['shipped', 'shipped']);
  });

  it('holds an unmapped item and an address Amazon refuses under Needs attention; after the fixes one retry sends each once', async () => {
    const unmapped = await order('PO-D', 'AMAZON-FBA', ['1906-S']);
    const noPostcode = await order('PO-E', 'AMAZON-FBA', ['1900-S'], { ...address, shipToPostCode: '' });
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 2 });
    const held = letters.list({ flow: MCF_FLOW });
    expect(held.map((l) => l.error)).toEqual([
      `ERP item 1906-S on sales order ${unmapped} has no Amazon SKU.`,
      expect.stringContaining('postalCode is invalid. Reason: Missing'),
    ]);
    expect(h.emulator.fulfilment.orders.size).toBe(0);
    // Held records wait for a person: another run sends nothing.
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });

    const flows = new AttentionFlows(letters).register(flow.attentionFlow(async () => ({ ...links, close: async () => undefined })));
    mapSku('SKU-1906', '1906-S');
    bc.salesOrders.edit(noPostcode, { shipToPostCode: '98101' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    const reports = await flows.retryAll('tester', MCF_FLOW);
    expect(reports.map((r) => r.outcome)).toEqual(['resolved', 'resolved']);
    expect(await flows.retryAll('tester', MCF_FLOW)).toEqual([]);
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, held: 0 });
    expect(h.emulator.fulfilment.orders.size).toBe(2);
    expect(letters.list({ flow: MCF_FLOW })).toEqual([]);
  });
});
