import { describe, expect, it } from 'vitest';
import { AttentionFlows } from '../../core/attention';
import { MCF_FLOW } from '../../core/fulfilment/mcf-flow';
import { PROCESSING_AFTER_MS, SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { useMcfWorld, ERP, order as orderIn } from './mcf-fixture';

const w = useMcfWorld({ approveFirstOrders: true });
const order = (po: string, location?: string, items?: string[], shipTo?: Record<string, string>) => orderIn(w, po, location, items, shipTo);

const comments = (number: string) => {
  const id = w.bc.rows('salesOrders').find((o) => o.number === number)?.id;
  return w.bc.rows('salesOrderLines').filter((l) => l.documentId === id && l.lineType === 'Comment').map((l) => String(l.description));
};
const amazonOrder = (number: string) => w.h.emulator.fulfilment.orders.get(`${[...w.h.emulator.fulfilment.orders.values()][0]!.sellerId}|${w.flow.outbox.find(ERP, number)!.sellerFulfillmentOrderId}`)!;

describe('Multi-Channel Fulfillment cancellations', () => {
  it('cancels at Amazon, once through a dropped answer and 429s, the order deleted in the ERP and the one taken off the Amazon location', async () => {
    const deleted = await order('PO-X1');
    const moved = await order('PO-X2');
    const kept = await order('PO-X3');
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 3 });
    await w.erp.cancelSalesOrder('AMZ-DE', 'PO-X1');
    w.bc.salesOrders.edit(moved, {}, { locationId: w.bc.rows('locations').find((l) => l.code === 'MAIN')!.id });
    w.h.emulator.faults.throttle(2, { operation: 'cancelFulfillmentOrder' });
    w.h.emulator.faults.dropAfterProcessing(1, { operation: 'cancelFulfillmentOrder' });

    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 2 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 0 });
    expect(amazonOrder(deleted).cancelledAt).toBeDefined();
    expect(amazonOrder(moved).cancelledAt).toBeDefined();
    expect(amazonOrder(kept).cancelledAt).toBeUndefined();
    // Two cancels reached Amazon's books (the dropped one among them), none twice.
    expect(w.h.emulator.stats.byOperation.cancelFulfillmentOrder).toMatchObject({ ok: 2 });
    expect(w.flow.outbox.find(ERP, deleted)).toMatchObject({ state: 'closed', amazonStatus: 'Cancelled' });
    expect(w.letters.list({ flow: MCF_FLOW })).toEqual([]);

    // The order kept ships as usual, with its tracking.
    w.h.emulator.advanceTime(SHIP_AFTER_MS);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ trackingWritten: 1, cancelled: 0 });
  });

  it('puts a cancellation Amazon no longer allows (Processing) under Needs attention with the reason, and a retry after Amazon shipped closes it without a second call', async () => {
    const late = await order('PO-L1');
    await w.flow.run(ERP, w.links);
    w.h.emulator.advanceTime(PROCESSING_AFTER_MS);
    await w.erp.cancelSalesOrder('AMZ-DE', 'PO-L1');
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 0 });
    const [letter] = w.letters.list({ flow: MCF_FLOW });
    expect(letter!.error).toContain('its status is Processing');
    expect(letter!.fix).toContain('Seller Support');
    expect(w.h.emulator.stats.byOperation.cancelFulfillmentOrder?.requests ?? 0).toBe(0);
    // Later runs leave it to the person: no tracking written to the deleted order, no second look.
    w.h.emulator.advanceTime(SHIP_AFTER_MS);
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ trackingWritten: 0, cancelled: 0 });

    const flows = new AttentionFlows(w.letters).register(w.flow.attentionFlow(async () => ({ ...w.links, close: async () => undefined })));
    expect((await flows.retryAll('tester', MCF_FLOW)).map((r) => r.outcome)).toEqual(['resolved']);
    expect(w.flow.outbox.find(ERP, late)).toMatchObject({ state: 'closed' });
    expect(w.h.emulator.stats.byOperation.cancelFulfillmentOrder?.requests ?? 0).toBe(0);
  });

  it('notes on the ERP order, once, that Amazon ended it unshipped (Unfulfillable)', async () => {
    const n = await order('PO-N1');
    await w.flow.run(ERP, w.links);
    amazonOrder(n).endedByAmazon = { status: 'Unfulfillable', at: w.h.client.clock.now() };
    w.bc.faults.dropAfterProcessing(1, { path: /POST .*\/salesOrderLines$/ });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 1, trackingWritten: 0 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ cancelled: 0 });
    expect(comments(n)).toEqual([expect.stringMatching(/^Amazon MCF not shipped: Unfulfillable \(MLC-[0-9a-f]{6}-S-ORD\d+, \d{4}-\d{2}-\d{2}\)$/)]);
    expect(w.flow.outbox.find(ERP, n)).toMatchObject({ state: 'closed', amazonStatus: 'Unfulfillable' });
    expect(w.flow.cancellations.get(w.flow.outbox.find(ERP, n)!.id)).toMatchObject({ direction: 'amazon', state: 'done' });
  });
});
