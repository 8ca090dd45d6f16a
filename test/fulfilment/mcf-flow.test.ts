import { describe, expect, it } from 'vitest';
import { AttentionFlows } from '../../core/attention';
import { MCF_FLOW } from '../../core/fulfilment/mcf-flow';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { useMcfWorld, ERP, AMAZON, address, order as orderIn, mapSku as mapSkuIn, trackingLines as trackingLinesIn } from './mcf-fixture';

const w = useMcfWorld({ approveFirstOrders: true });
const order = (po: string, location?: string, items?: string[], shipTo?: Record<string, string>) => orderIn(w, po, location, items, shipTo);
const mapSku = (sku: string, item: string) => mapSkuIn(w, sku, item);
const trackingLines = (number: string) => trackingLinesIn(w, number);

describe('Multi-Channel Fulfillment from Business Central', () => {
  it('sends each order at the Amazon location once through 429s and a connection dropped after Amazon took it, then writes tracking back once', async () => {
    const a = await order('PO-A');
    const b = await order('PO-B');
    await order('PO-C', 'MAIN');
    w.h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });

    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 2, held: 0, waiting: 0 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });
    const sent = [...w.h.emulator.fulfilment.orders.values()].map((o) => o.request);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.displayableOrderId).sort()).toEqual([a, b].sort());
    expect(sent[0]).toMatchObject({ shippingSpeedCategory: 'Standard', items: [{ sellerSku: 'SKU-1900', quantity: 2 }], destinationAddress: { name: 'Jane Doe', postalCode: '98101', countryCode: 'US', city: 'Seattle' } });
    expect(w.h.emulator.stats.byOperation.createFulfillmentOrder?.throttled).toBe(2);

    w.h.emulator.advanceTime(SHIP_AFTER_MS);
    w.bc.faults.dropAfterProcessing(1, { path: /POST .*\/salesOrderLines$/ });
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(2);
    expect((await w.flow.run(ERP, w.links)).trackingWritten).toBe(0);
    for (const n of [a, b]) {
      const notes = trackingLines(n);
      expect(notes).toHaveLength(1);
      expect(String(notes[0]!.description)).toMatch(/^Amazon MCF UPS 1Z\d{10}$/);
    }
    expect(w.flow.outbox.list(ERP).map((r) => r.state)).toEqual(['shipped', 'shipped']);
  });

  it('holds an unmapped item and an address Amazon refuses under Needs attention; after the fixes one retry sends each once', async () => {
    const unmapped = await order('PO-D', 'AMAZON-FBA', ['1906-S']);
    const noPostcode = await order('PO-E', 'AMAZON-FBA', ['1900-S'], { ...address, shipToPostCode: '' });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 2 });
    const held = w.letters.list({ flow: MCF_FLOW });
    expect(held.map((l) => l.error)).toEqual([
      `ERP item 1906-S on sales order ${unmapped} has no Amazon SKU.`,
      expect.stringContaining('postalCode is invalid. Reason: Missing'),
    ]);
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
    // Held records wait for a person: another run sends nothing.
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });

    const flows = new AttentionFlows(w.letters).register(w.flow.attentionFlow(async () => ({ ...w.links, close: async () => undefined })));
    mapSku('SKU-1906', '1906-S');
    w.bc.salesOrders.edit(noPostcode, { shipToPostCode: '98101' });
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    const reports = await flows.retryAll('tester', MCF_FLOW);
    expect(reports.map((r) => r.outcome)).toEqual(['resolved', 'resolved']);
    expect(await flows.retryAll('tester', MCF_FLOW)).toEqual([]);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });
    expect(w.h.emulator.fulfilment.orders.size).toBe(2);
    expect(w.letters.list({ flow: MCF_FLOW })).toEqual([]);
  });
});
