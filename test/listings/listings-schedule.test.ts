import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_AMAZON_CONNECTION_ID, DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { ListingRules } from '../../core/listings/listing-rules';
import { listingOutbox, previewListings, sendListings } from '../../core/listings/listings-run';
import { connectionResources } from '../../core/sync/connection-resources';
import { JobStore } from '../../core/sync/job-store';
import { listingsScope } from '../../core/sync/listings-scope';
import { cronPattern, describeSchedule } from '../../core/sync/schedule';
import { ok, startedDemo } from '../support/demo-fixture';

const DE = 'A1PA6795UKMFR9';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the listings schedule: quantities every 15 minutes, prices daily', () => {
  it('runs every 15 minutes and takes prices on the first run that finishes after the day\'s price time, in the job\'s time zone', async () => {
    const { ws } = await startedDemo(cleanups);
    const jobs = new JobStore(ws.db);
    const at = (iso: string) => new Date(iso);
    const job = jobs.save({ name: 'Listings', kind: 'listings', amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, schedule: { preset: 'listings', time: '06:00' }, timeZone: 'Europe/Berlin' }, at('2026-06-20T00:00:00Z'));
    expect(cronPattern(job.schedule)).toBe('*/15 * * * *');
    expect(describeSchedule(job.schedule, job.timeZone)).toBe('Quantities every 15 minutes, prices daily from 06:00 (Europe/Berlin)');
    expect(() => jobs.save({ name: 'Posting', kind: 'settlement-posting', erpConnectionId: DEMO_BC_CONNECTION_ID, schedule: { preset: 'listings', time: '06:00' }, timeZone: 'UTC' }, at('2026-06-20T00:00:00Z')))
      .toThrow('The listings schedule (quantities every 15 minutes, prices daily) is for listings jobs; choose another schedule for this job.');

    const finish = (startIso: string, priceRun: number, status: 'succeeded' | 'failed' = 'succeeded') => {
      const run = jobs.startRun(job.id, 'schedule', at(startIso), at(startIso));
      jobs.finishRun(run.id, { status, counts: { priceRun }, error: null }, at(startIso));
    };
    const scopeAt = (iso: string, trigger = 'schedule') => listingsScope(jobs, job, { id: -1, trigger }, at(iso));

    // 06:00 in Berlin is 04:00 UTC in June. Nothing has priced yet: the first run prices, whenever it comes.
    expect(scopeAt('2026-06-20T03:45:00Z')).toBe('prices-and-quantities');
    finish('2026-06-20T03:45:00Z', 1);
    // That was before today's 06:00: the 06:00 run prices again, the ones after it do not.
    expect(scopeAt('2026-06-20T04:00:00Z')).toBe('prices-and-quantities');
    finish('2026-06-20T04:00:00Z', 1);
    expect(scopeAt('2026-06-20T04:15:00Z')).toBe('quantities');
    expect(scopeAt('2026-06-20T22:45:00Z')).toBe('quantities');
    // A run started by hand does both.
    expect(scopeAt('2026-06-20T10:00:00Z', 'manual')).toBe('prices-and-quantities');
    // The next day's price run failed: the next run prices again.
    finish('2026-06-21T04:00:00Z', 1, 'failed');
    expect(scopeAt('2026-06-21T04:15:00Z')).toBe('prices-and-quantities');
  });

  it('a quantities-only run sends a SKU\'s quantity alone beside its pending price change, which it neither withdraws nor sends; the price run sends that once, approval kept', async () => {
    const { ws, demo, api } = await startedDemo(cleanups);
    let n = 0;
    const call = async (name: string, input: unknown) => ok(await api.invoke(name, input, `c${n++}`));
    await call('mappings.refreshReference', { connectionId: DEMO_BC_CONNECTION_ID });
    for (const [sku, item] of [['DE-ATHENS-DESK', '1896-S'], ['DE-PARIS-CHAIR', '1900-S'], ['DE-ATHENS-PEDESTAL', '1906-S'], ['DE-LONDON-CHAIR', '1908-S']]) {
      await call('mappings.save', { connectionId: DEMO_BC_CONNECTION_ID, entry: { kind: 'sku', subject: sku, target: item } });
    }
    await call('listings.saveRule', {
      amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marketplaceId: DE, erpConnectionId: DEMO_BC_CONNECTION_ID, sellerId: 'A2DEMOSELLER01', currency: 'EUR',
      priceSource: 'item-unit-price', pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null,
      stockBuffer: 2, skus: null, sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: true,
    });
    const rule = new ListingRules(ws.db, ws.audit).get(DEMO_AMAZON_CONNECTION_ID, DE)!;
    const resources = connectionResources(ws);
    const amazon = await resources.amazonClient(DEMO_AMAZON_CONNECTION_ID);
    const erp = await resources.erpConnector(DEMO_BC_CONNECTION_ID);
    const outbox = listingOutbox(ws);
    const listings = demo.amazon.sellers[0]!.listings!;
    const patches = () => demo.amazon.stats.byOperation.patchListingsItem?.requests ?? 0;

    // The day's price run: the London chair's move (199.00 → 218.99, quantity 3 → 0) is held; the rest go.
    await previewListings(ws, rule, amazon, erp, 'job');
    expect(await sendListings(ws, rule, amazon, erp, { actor: 'job' })).toMatchObject({ sent: 3 });
    const london = outbox.open(DEMO_AMAZON_CONNECTION_ID, DE, 'DE-LONDON-CHAIR')!;
    expect(london).toMatchObject({ state: 'held', newPriceMinor: 21899, newQuantity: 0 });
    outbox.approve([london.id], 'alice');
    const pending = outbox.get(london.id)!;
    expect(pending).toMatchObject({ state: 'ready', approvedBy: 'alice', newPriceMinor: 21899, newQuantity: 0 });

    // Someone changes the chair's price and quantity on Amazon by hand.
    listings['DE-PARIS-CHAIR']!.attributes.purchasable_offer = [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 209 }] }] }];
    listings['DE-PARIS-CHAIR']!.attributes.fulfillment_availability = [{ fulfillment_channel_code: 'DEFAULT', quantity: 30 }];
    const before = patches();

    // A 15-minute run: quantities only. The London chair's stock (3 on Amazon, 0 by the rule) goes alone, beside its approved price change.
    const quantities = await previewListings(ws, rule, amazon, erp, 'job', undefined, { quantitiesOnly: true });
    expect(quantities.found.map((c) => [c.sku, c.newPriceMinor, c.newQuantity])).toEqual([['DE-LONDON-CHAIR', null, 0], ['DE-PARIS-CHAIR', null, 38]]);
    expect(quantities.found[0]!.rule).toMatch(/the quantity goes alone; the price change waiting for the price run stays as it is/);
    expect(quantities.skipped).toEqual([]);
    expect(quantities.withdrawn).toEqual([]);
    expect(await sendListings(ws, rule, amazon, erp, { actor: 'job', quantitiesOnly: true })).toMatchObject({ sent: 2, withdrawn: [] });
    expect(patches() - before).toBe(2);
    expect(outbox.get(london.id)).toEqual(pending);
    expect(outbox.openChanges(DEMO_AMAZON_CONNECTION_ID, DE, 'DE-LONDON-CHAIR').map((c) => c.id)).toEqual([london.id]);
    expect(listings['DE-LONDON-CHAIR']!.attributes.purchasable_offer).toEqual([{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 199 }] }] }]);
    expect(listings['DE-LONDON-CHAIR']!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }]);
    // A second 15-minute run finds Amazon showing the rule's quantities: nothing to send, the price change still untouched.
    const again = await previewListings(ws, rule, amazon, erp, 'job', undefined, { quantitiesOnly: true });
    expect(again.found).toEqual([]);
    expect(again.withdrawn).toEqual([]);
    expect(outbox.get(london.id)).toEqual(pending);
    expect(listings['DE-PARIS-CHAIR']!.attributes.purchasable_offer).toEqual([{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 209 }] }] }]);

    // The next day's price run sends the approved change once and puts the chair's price back.
    await previewListings(ws, rule, amazon, erp, 'job');
    expect(await sendListings(ws, rule, amazon, erp, { actor: 'job' })).toMatchObject({ sent: 2, withdrawn: [] });
    expect(outbox.get(london.id)).toMatchObject({ state: 'sent' });
    expect(listings['DE-LONDON-CHAIR']!.attributes.purchasable_offer).toEqual([{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 218.99 }] }] }]);
    expect(listings['DE-PARIS-CHAIR']!.attributes.purchasable_offer).toEqual([{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 221.99 }] }] }]);
    const sentLondon = ws.audit.list({ subjectType: 'listing' }).filter((e) => e.operation === 'listing-change.sent' && e.subjectId === 'DE-LONDON-CHAIR');
    // Each went once: the quantity alone, then the approved change.
    const quantityAlone = quantities.found[0]!.id;
    expect(sentLondon.map((e) => (JSON.parse(String(e.detail)) as { id: number }).id).sort()).toEqual([quantityAlone, london.id].sort());
  });
});
