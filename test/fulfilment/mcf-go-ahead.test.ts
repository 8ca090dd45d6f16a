import { describe, expect, it } from 'vitest';
import { StaleGoAheadError } from '../../core/fulfilment/mcf-go-ahead';
import { useMcfWorld, ERP, address, order as orderIn } from './mcf-fixture';

const w = useMcfWorld({ approveFirstOrders: false });
const order = (po: string) => orderIn(w, po);
/** What the screen shows of an order waiting to go: its number and its preview's digest. */
const seen = (number: string) => ({ orderNumber: number, digest: w.flow.previews.get(w.flow.outbox.find(ERP, number)!.id)!.digest! });
const standing = (number: string) => w.flow.goAheadStanding(w.flow.outbox.find(ERP, number)!, w.flow.settings.get(ERP)!);
const created = () => w.h.emulator.stats.byOperation.createFulfillmentOrder?.requests ?? 0;

describe('Multi-Channel Fulfillment go-ahead bound to what a person saw', () => {
  it('holds an order whose quantity changed after its go-ahead, says what changed, and sends it once after a new go-ahead', async () => {
    const a = await order('PO-G1');
    const b = await order('PO-G2');
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 2 });
    w.flow.giveGoAhead(ERP, [seen(a), seen(b)], 'jane');

    // Someone raises the quantity of one order in Business Central before the run sends it.
    w.bc.salesOrders.edit(a, {}, { quantity: 3 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 1, awaitingApproval: 1 });
    expect([...w.h.emulator.fulfilment.orders.values()].map((o) => o.request.displayableOrderId)).toEqual([b]);
    expect(w.flow.outbox.find(ERP, a)!.state).toBe('pending');
    expect(standing(a)).toMatchObject({
      needed: true, given: { givenBy: 'jane' },
      changes: ['SKU-1900 quantity 2 → 3', 'estimated fees $11.98 → $17.97'],
    });
    // Runs keep it back until a person looks again.
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 1 });
    expect(created()).toBe(1);

    w.flow.giveGoAhead(ERP, [seen(a)], 'jane');
    expect(standing(a)).toMatchObject({ needed: false });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 1, awaitingApproval: 0 });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 0 });
    expect(created()).toBe(2);
    expect(([...w.h.emulator.fulfilment.orders.values()].find((o) => o.request.displayableOrderId === a)!.request.items as Array<{ quantity: number }>).map((i) => i.quantity)).toEqual([3]);
  });

  it('holds an order whose ship-to address or shipping speed changed after its go-ahead, naming both', async () => {
    const a = await order('PO-G3');
    await w.flow.previewWaiting(ERP, w.links);
    w.flow.giveGoAhead(ERP, [seen(a)], 'jane');
    w.bc.salesOrders.edit(a, { ...address, shipToAddressLine1: '9 Pike St' });
    w.flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: 'amz-1', marker: { by: 'location', code: 'AMAZON-FBA' }, defaultSpeed: 'Expedited' });
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 1 });
    expect(created()).toBe(0);
    const changes = (standing(a) as { changes: string[] }).changes;
    expect(changes).toContain('ship-to address Jane Doe, 1 Main St, 98101 Seattle, WA, US → Jane Doe, 9 Pike St, 98101 Seattle, WA, US');
    expect(changes).toContain('shipping speed Standard → Expedited');
    expect(changes.some((c) => c.startsWith('arrives '))).toBe(true);
  });

  it('refuses a go-ahead for a preview the screen no longer shows, storing nothing and sending nothing', async () => {
    const a = await order('PO-G4');
    const b = await order('PO-G5');
    await w.flow.previewWaiting(ERP, w.links);
    const onScreen = [seen(a), seen(b)];
    // The order changes and is previewed again while the person still looks at the old preview.
    w.bc.salesOrders.edit(b, {}, { quantity: 5 });
    await w.flow.previewWaiting(ERP, w.links);
    expect(() => w.flow.giveGoAhead(ERP, onScreen, 'jane')).toThrow(StaleGoAheadError);
    expect(() => w.flow.giveGoAhead(ERP, onScreen, 'jane')).toThrow(`Nothing was let go: ${b} (Amazon's preview or the order changed) since the screen showed it.`);
    expect(w.flow.goAheads.get(w.flow.outbox.find(ERP, a)!.id)).toBeNull();
    expect(w.flow.settings.get(ERP)!.firstOrderApprovedAt).toBeNull();
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 0, awaitingApproval: 2 });
    expect(created()).toBe(0);
  });

  it('lets an order first seen after the connection\'s first go-ahead go by itself once previewed', async () => {
    const a = await order('PO-G6');
    await w.flow.previewWaiting(ERP, w.links);
    w.flow.giveGoAhead(ERP, [seen(a)], 'jane');
    w.h.emulator.advanceTime(1000);
    const later = await order('PO-G7');
    expect(await w.flow.run(ERP, w.links)).toMatchObject({ submitted: 2, awaitingApproval: 0 });
    expect(standing(later)).toMatchObject({ needed: false, given: null });
  });
});
