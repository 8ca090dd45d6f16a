import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { MCF_FLOW, McfFlow, type McfLinks } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { PROCESSING_AFTER_MS, SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
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
  flow.settings.approveFirstOrders(ERP, 'tester');
});
afterEach(async () => {
  await erp.close();
  await bc.stop();
  await h.stop();
});

const comments = (number: string) => {
  const id = bc.rows('salesOrders').find((o) => o.number === number)?.id;
  return bc.rows('salesOrderLines').filter((l) => l.documentId === id && l.lineType === 'Comment').map((l) => String(l.description));
};
const amazonOrder = (number: string) => h.emulator.fulfilment.orders.get(`${[...h.emulator.fulfilment.orders.values()][0]!.sellerId}|${flow.outbox.find(ERP, number)!.sellerFulfillmentOrderId}`)!;

describe('Multi-Channel Fulfillment cancellations', () => {
  it('cancels at Amazon, once through a dropped answer and 429s, the order deleted in the ERP and the one taken off the Amazon location', async () => {
    const deleted = await order('PO-X1');
    const moved = await order('PO-X2');
    const kept = await order('PO-X3');
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 3 });
    await erp.cancelSalesOrder('AMZ-DE', 'PO-X1');
    bc.salesOrders.edit(moved, {}, { locationId: bc.rows('locations').find((l) => l.code === 'MAIN')!.id });
    h.emulator.faults.throttle(2, { operation: 'cancelFulfillmentOrder' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'cancelFulfillmentOrder' });

    expect(await flow.run(ERP, links)).toMatchObject({ cancelled: 2 });
    expect(await flow.run(ERP, links)).toMatchObject({ cancelled: 0 });
    expect(amazonOrder(deleted).cancelledAt).toBeDefined();
    expect(amazonOrder(moved).cancelledAt).toBeDefined();
    expect(amazonOrder(kept).cancelledAt).toBeUndefined();
    // Two cancels reached Amazon's books (the dropped one among them), none twice.
    expect(h.emulator.stats.byOperation.cancelFulfillmentOrder).toMatchObject({ ok: 2 });
    expect(flow.outbox.find(ERP, deleted)).toMatchObject({ state: 'closed', amazonStatus: 'Cancelled' });
    expect(letters.list({ flow: MCF_FLOW })).toEqual([]);

    // The order kept ships as usual, with its tracking.
    h.emulator.advanceTime(SHIP_AFTER_MS);
    expect(await flow.run(ERP, links)).toMatchObject({ trackingWritten: 1, cancelled: 0 });
  });

  it('puts a cancellation Amazon no longer allows (Processing) under Needs attention with the reason, and a retry after Amazon shipped closes it without a second call', async () => {
    const late = await order('PO-L1');
    await flow.run(ERP, links);
    h.emulator.advanceTime(PROCESSING_AFTER_MS);
    await erp.cancelSalesOrder('AMZ-DE', 'PO-L1');
    expect(await flow.run(ERP, links)).toMatchObject({ cancelled: 0 });
    const [letter] = letters.list({ flow: MCF_FLOW });
    expect(letter!.error).toContain('its status is Processing');
    expect(letter!.fix).toContain('Seller Support');
    expect(h.emulator.stats.byOperation.cancelFulfillmentOrder?.requests ?? 0).toBe(0);
    // Later runs leave it to the person: no tracking written to the deleted order, no second look.
    h.emulator.advanceTime(SHIP_AFTER_MS);
    expect(await flow.run(ERP, links)).toMatchObject({ trackingWritten: 0, cancelled: 0 });

    const flows = new AttentionFlows(letters).register(flow.attentionFlow(async () => ({ ...links, close: async () => undefined })));
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(flow.outbox.find(ERP, late)).toMatchObject({ state: 'closed' });
    expect(h.emulator.stats.byOperation.cancelFulfillmentOrder?.requests ?? 0).toBe(0);
  });

  it('notes on the ERP order, once, that Amazon ended it unshipped (Unfulfillable)', async () => {
    const n = await order('PO-N1');
    await flow.run(ERP, links);
    amazonOrder(n).endedByAmazon = { status: 'Unfulfillable', at: h.client.clock.now() };
    bc.faults.dropAfterProcessing(1, { path: /POST .*\/salesOrderLines$/ });
    expect(await flow.run(ERP, links)).toMatchObject({ cancelled: 1, trackingWritten: 0 });
    expect(await flow.run(ERP, links)).toMatchObject({ cancelled: 0 });
    expect(comments(n)).toEqual([expect.stringMatching(/^Amazon MCF not shipped: Unfulfillable \(MLC-[0-9a-f]{6}-S-ORD\d+, \d{4}-\d{2}-\d{2}\)$/)]);
    expect(flow.outbox.find(ERP, n)).toMatchObject({ state: 'closed', amazonStatus: 'Unfulfillable' });
    expect(flow.cancellations.get(flow.outbox.find(ERP, n)!.id)).toMatchObject({ direction: 'amazon', state: 'done' });
  });
});
