import { describe, expect, it } from 'vitest';
import { AttentionFlows } from '../../core/attention';
import { MCF_FLOW } from '../../core/fulfilment/mcf-flow';
import { useMcfWorld, ERP, AMAZON, order as orderIn, mapSku as mapSkuIn } from './mcf-fixture';

const w = useMcfWorld({ approveFirstOrders: true });
const order = (po: string, location?: string, items?: string[], shipTo?: Record<string, string>) => orderIn(w, po, location, items, shipTo);
const mapSku = (sku: string, item: string) => mapSkuIn(w, sku, item);

describe('one hand at a time on a record', () => {
  it('a retry from Needs attention finds the order a run is sending and leaves it; once the run is done, one retry sends it once', async () => {
    const n = await order('PO-K1', 'AMAZON-FBA', ['1906-S']);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ held: 1 });
    mapSku('SKU-1906', '1906-S');
    const flows = new AttentionFlows(w.letters).register(w.flow.attentionFlow(async () => ({ ...w.links, close: async () => undefined })));
    let finish!: () => void;
    const running = w.flow.locks.with(MCF_FLOW, `${ERP}|${n}`, 'scheduled run', () => new Promise<void>((r) => { finish = r; }));
    const [busy] = await flows.retryAll('tester', MCF_FLOW);
    expect(busy).toMatchObject({ outcome: 'failed', error: `A run of Multi-Channel Fulfillment (scheduled run) is sending sales order ${n} right now; nothing was sent twice.` });
    expect(w.h.emulator.fulfilment.orders.size).toBe(0);
    finish();
    await running;
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(w.h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('a run leaves an order a retry is sending and counts it as waiting; the next run finds it sent and sends nothing', async () => {
    const n = await order('PO-K2');
    let finish!: () => void;
    const retrying = w.flow.locks.with(MCF_FLOW, `${ERP}|${n}`, 'retry from Needs attention', () => new Promise<void>((r) => { finish = r; }));
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, waiting: 1 });
    expect(w.h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0).toBe(0);
    finish();
    await retrying;
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 1, waiting: 0 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, waiting: 0 });
    expect(w.h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('a run and a retry started together send a held order once', async () => {
    const n = await order('PO-K3', 'AMAZON-FBA', ['1906-S']);
    await w.flow.run(ERP, w.links);
    mapSku('SKU-1906', '1906-S');
    // The retry puts the order back to pending as it sends; the run reads the same order meanwhile.
    const flows = new AttentionFlows(w.letters).register(w.flow.attentionFlow(async () => ({ ...w.links, close: async () => undefined })));
    await Promise.all([flows.retryAll('tester', MCF_FLOW), w.flow.run(ERP, w.links), w.flow.run(ERP, w.links)]);
    await w.flow.run(ERP, w.links);
    expect([...w.h.emulator.fulfilment.orders.values()].filter((o) => o.request.displayableOrderId === n)).toHaveLength(1);
    expect(w.h.emulator.stats.byOperation.createFulfillmentOrder).toMatchObject({ requests: 1 });
  });
});
