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
  flow.settings.approveFirstOrders(ERP, 'tester');
});
afterEach(async () => {
  await erp.close();
  await bc.stop();
  await h.stop();
});

describe('one hand at a time on a record', () => {
  it('a retry from Needs attention finds the order a run is sending and leaves it; once the run is done, one retry sends it once', async () => {
    const n = await order('PO-K1', 'AMAZON-FBA', ['1906-S']);
    expect(await flow.run(ERP, links)).toMatchObject({ held: 1 });
    mapSku('SKU-1906', '1906-S');
    const flows = new AttentionFlows(letters).register(flow.attentionFlow(async () => ({ ...links, close: async () => undefined })));
    let finish!: () => void;
    const running = flow.locks.with(MCF_FLOW, `${ERP}|${n}`, 'scheduled run', () => new Promise<void>((r) => { finish = r; }));
    const [busy] = await flows.retryAll('tester', MCF_FLOW);
    expect(busy).toMatchObject({ outcome: 'failed', error: `A run of Multi-Channel Fulfillment (scheduled run) is sending sales order ${n} right now; nothing was sent twice.` });
    expect(h.emulator.fulfilment.orders.size).toBe(0);
    finish();
    await running;
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('a run leaves an order a retry is sending and counts it as waiting; the next run finds it sent and sends nothing', async () => {
    const n = await order('PO-K2');
    let finish!: () => void;
    const retrying = flow.locks.with(MCF_FLOW, `${ERP}|${n}`, 'retry from Needs attention', () => new Promise<void>((r) => { finish = r; }));
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, waiting: 1 });
    expect(h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);
    finish();
    await retrying;
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 1, waiting: 0 });
    expect(await flow.run(ERP, links)).toMatchObject({ submitted: 0, waiting: 0 });
    expect(h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('a run and a retry started together send a held order once', async () => {
    const n = await order('PO-K3', 'AMAZON-FBA', ['1906-S']);
    await flow.run(ERP, links);
    mapSku('SKU-1906', '1906-S');
    // The retry puts the order back to pending as it sends; the run reads the same order meanwhile.
    const flows = new AttentionFlows(letters).register(flow.attentionFlow(async () => ({ ...links, close: async () => undefined })));
    await Promise.all([flows.retryAll('tester', MCF_FLOW), flow.run(ERP, links), flow.run(ERP, links)]);
    await flow.run(ERP, links);
    expect([...h.emulator.fulfilment.orders.values()].filter((o) => o.request.displayableOrderId === n)).toHaveLength(1);
    expect(h.emulator.stats.byOperation.createFulfillmentOrder).toMatchObject({ requests: 1 });
  });
});
