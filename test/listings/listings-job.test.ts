import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api';
import { DEMO_AMAZON_CONNECTION_ID, DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { workspaceRunner } from '../../core/sync/workspace-runner';
import { ok, startedDemo } from '../support/demo-fixture';

const DE = 'A1PA6795UKMFR9';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('listings job on the demo', () => {
  it('compares on schedule, sends what needs no approval when the rule says so, and leaves the large move held', async () => {
    const { ws, demo, api } = await startedDemo(cleanups);
    let n = 0;
    const call = async <T>(name: string, input: unknown) => ok<T>(await api.invoke(name, input, `c${n++}`));
    await call('mappings.refreshReference', { connectionId: DEMO_BC_CONNECTION_ID });
    for (const [sku, item] of [['DE-ATHENS-DESK', '1896-S'], ['DE-PARIS-CHAIR', '1900-S'], ['DE-ATHENS-PEDESTAL', '1906-S'], ['DE-LONDON-CHAIR', '1908-S']]) {
      await call('mappings.save', { connectionId: DEMO_BC_CONNECTION_ID, entry: { kind: 'sku', subject: sku, target: item } });
    }
    const setup = await call<CallOutput<'listings.setup'>>('listings.setup', {});
    expect(setup.amazon).toContainEqual({ id: DEMO_AMAZON_CONNECTION_ID, name: 'Amazon (demo)', sellerId: 'A2DEMOSELLER01' });
    expect(setup.erp.map((e) => e.id)).toContain(DEMO_BC_CONNECTION_ID);
    await call('listings.saveRule', {
      amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marketplaceId: DE, erpConnectionId: DEMO_BC_CONNECTION_ID, sellerId: 'A2DEMOSELLER01', currency: 'EUR',
      priceSource: 'item-unit-price', pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null,
      stockBuffer: 2, skus: null, sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: true,
    });

    const runner = workspaceRunner(ws);
    const job = runner.jobs.save({ name: 'Listings', kind: 'listings', amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(ws.clock.now()));
    const run = await runner.runNow(job.id);
    expect(run).toMatchObject({ status: 'succeeded', counts: { changes: 4, held: 1, unchanged: 0, skipped: 0, sent: 3, failed: 0 } });

    const listings = demo.amazon.sellers[0]!.listings!;
    expect(listings['DE-PARIS-CHAIR']!.attributes.purchasable_offer).toEqual([{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 221.99 }] }] }]);
    expect(listings['DE-PARIS-CHAIR']!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 38 }]);
    // The held move is not sent until a person approves it.
    expect(listings['DE-LONDON-CHAIR']!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }]);
    const changes = await call<CallOutput<'listings.changes'>>('listings.changes', { amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marketplaceId: DE });
    expect(changes.find((c) => c.sku === 'DE-LONDON-CHAIR')).toMatchObject({ state: 'held', newPriceMinor: 21899, newQuantity: 0 });

    // A second run finds the held change again and keeps it, and nothing else to do.
    const second = await runner.runNow(job.id);
    expect(second).toMatchObject({ status: 'succeeded', counts: { changes: 1, held: 1, unchanged: 3, sent: 0 } });
    const again = await call<CallOutput<'listings.changes'>>('listings.changes', { amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marketplaceId: DE });
    expect(again.filter((c) => c.state === 'held')).toHaveLength(1);
    expect(again.filter((c) => c.state === 'superseded')).toHaveLength(0);
  });

  it('refuses a rule whose ERP cannot give prices and stock, in words', async () => {
    const { api } = await startedDemo(cleanups);
    const r = await api.invoke('listings.saveRule', {
      amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marketplaceId: DE, erpConnectionId: DEMO_AMAZON_CONNECTION_ID, sellerId: 'A2DEMOSELLER01', currency: 'EUR',
      priceSource: 'item-unit-price', pricing: 'markup', markupBp: 0, fixedPriceMinor: null, rounding: 'none', minPriceMinor: null, maxPriceMinor: null,
      stockBuffer: 0, skus: null, sendPrices: true, sendQuantities: true, holdAboveBp: 2000, autoSend: false,
    }, 'x');
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Amazon (demo) cannot give item prices and stock, so it cannot feed Amazon listings.' } });
  });
});
