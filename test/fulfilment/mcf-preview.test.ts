import { describe, expect, it } from 'vitest';
import { AttentionFlows } from '../../core/attention';
import { MCF_FLOW } from '../../core/fulfilment/mcf-flow';
import { useMcfWorld, ERP, AMAZON, order as orderIn, mapSku as mapSkuIn } from './mcf-fixture';

const w = useMcfWorld({ approveFirstOrders: false });
const order = (po: string, location?: string, items?: string[], shipTo?: Record<string, string>) => orderIn(w, po, location, items, shipTo);
const mapSku = (sku: string, item: string) => mapSkuIn(w, sku, item);

describe('Multi-Channel Fulfillment previews', () => {
  it('previews the first orders with fees in minor units and promised dates, and sends nothing until a person lets them go', async () => {
    const a = await order('PO-P1');
    const b = await order('PO-P2', 'AMAZON-FBA', ['1900-S', '1900-S']);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0, awaitingApproval: 2 });
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
    const pa = w.flow.previews.get(w.flow.outbox.find(ERP, a)!.id)!;
    // 2 units at the emulator's 5.99 a unit, Standard.
    expect(pa).toMatchObject({ shippingSpeed: 'Standard', fulfillable: true, fees: [{ name: 'FBAPerUnitFulfillmentFee', currency: 'USD', amountMinor: 1198 }], unfulfillable: null });
    expect(pa.earliestShipDate! < pa.earliestArrivalDate!).toBe(true);
    expect(pa.earliestArrivalDate! <= pa.latestArrivalDate!).toBe(true);
    expect(w.flow.previews.get(w.flow.outbox.find(ERP, b)!.id)!.fees[0]!.amountMinor).toBe(2396);
    // Another run still sends nothing and previews again.
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 2 });
    expect(w.h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);

    w.flow.giveGoAhead(ERP, [a, b].map((n) => ({ orderNumber: n, digest: w.flow.previews.get(w.flow.outbox.find(ERP, n)!.id)!.digest! })), 'jane');
    expect(w.flow.settings.get(ERP)).toMatchObject({ firstOrderApprovedBy: 'jane' });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 2, awaitingApproval: 0 });
    expect(w.h.emulator.fulfilment.orders.size).toBe(2);
    // Later orders go by themselves, each previewed first.
    const c = await order('PO-P3');
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 1 });
    expect(w.flow.previews.get(w.flow.outbox.find(ERP, c)!.id)).toMatchObject({ fulfillable: true });
  });

  it('holds an order Amazon says it cannot fulfil under Needs attention in Amazon\'s words and never sends it; after the fix a retry sends it once', async () => {
    w.flow.settings.approveFirstOrders(ERP, 'jane');
    w.h.emulator.fulfilment.knownSkus = new Set(['SKU-1900']);
    mapSku('SKU-1906', '1906-S');
    const bad = await order('PO-U1', 'AMAZON-FBA', ['1900-S', '1906-S']);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 1 });
    const [letter] = w.letters.list({ flow: MCF_FLOW });
    expect(letter!.error).toBe(`Amazon cannot fulfil sales order ${bad}: order: InvalidSKU; SKU-1906 × 2: InvalidSKU.`);
    expect(w.flow.previews.get(w.flow.outbox.find(ERP, bad)!.id)).toMatchObject({ fulfillable: false });
    expect(w.h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });

    w.h.emulator.fulfilment.knownSkus.add('SKU-1906');
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    const flows = new AttentionFlows(w.letters).register(w.flow.attentionFlow(async () => ({ ...w.links, close: async () => undefined })));
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(await flows.retryAll('tester', MCF_FLOW)).toEqual([]);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, held: 0 });
    expect(w.h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('previews on demand: every order still waiting gets Amazon\'s fees and dates now, and nothing is sent', async () => {
    const a = await order('PO-D1');
    expect(await w.flow.previewWaiting(ERP, w.links)).toBe(1);
    expect(w.flow.previews.get(w.flow.outbox.find(ERP, a)!.id)).toMatchObject({ fulfillable: true, fees: [{ amountMinor: 1198 }] });
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
  });
});
