import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { buildChangeSet, type ChangeSetSources } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { onlineConnector } from '../erp/bc-fixtures';
import { harness, type Harness } from '../amazon/harness';

const DE = 'A1PA6795UKMFR9';
const REFUSED = ['DE-RUN-4', 'DE-RUN-11', 'DE-RUN-29'];

let h: Harness;
let bc: BusinessCentralEmulator;
let outbox: ListingOutbox;
let rule: ListingRule;
let sources: ChangeSetSources;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  bc = await startBusinessCentralEmulator();
  const connections = new ConnectionRepository(h.db);
  const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  outbox = new ListingOutbox(h.db, h.audit, () => new Date(h.emulator.clock.now()));
  rule = new ListingRules(h.db, h.audit).save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 2, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 100_000, autoSend: false,
  }, 'tester', new Date(h.emulator.clock.now()));
  // Thirty offers of the BC chair 1900-S (192.80, 40 in stock): each should become 221.99 and 38.
  const skuItems = new Map<string, string>();
  for (let i = 0; i < 30; i++) {
    const sku = `DE-RUN-${i}`;
    h.emulator.sellers[0]!.listings![sku] = { productType: 'CHAIR', attributes: {
      purchasable_offer: [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 200 }] }] }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }],
    } };
    skuItems.set(sku, '1900-S');
  }
  sources = { erp: onlineConnector(bc), skuItems, readAmazon: (sku, s) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE }, s) };
});
afterEach(async () => {
  await h.stop();
  await bc.stop();
});

const shown = (sku: string) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE });
const ops = () => h.emulator.stats.byOperation;

describe('a listings fault run: a change set from Business Central through a 429 storm, a dropped connection and a feed that refuses some SKUs', () => {
  it('sends each change in one feed, records every SKU\'s outcome in Amazon\'s words, and the next run finds only the refused SKUs again', async () => {
    const set = await buildChangeSet(outbox, rule, sources, 'tester');
    expect(set.found).toHaveLength(30);

    // A 429 storm longer than the client's retries: nothing leaves, every change waits, no feed exists.
    h.emulator.faults.throttle(10, { operation: 'createFeedDocument' });
    const stormy = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(stormy).toMatchObject({ sent: 0, failed: 0, retry: 30, feedIds: [] });
    expect(stormy.stopped).toMatch(/could not be submitted/);
    expect(ops().createFeed).toBeUndefined();
    h.emulator.faults.clear();

    // The storm's tail, a connection dropped while polling the feed and another after Amazon answered the report download;
    // Amazon refuses three SKUs in the feed's processing report.
    h.emulator.faults.throttle(2, { operation: 'createFeedDocument' });
    h.emulator.faults.dropNext(1, { operation: 'getFeed' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'getFeedDocument' });
    h.emulator.faults.rejectListings(REFUSED);
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 27, failed: 3, retry: 0, stopped: null, feedIds: [expect.any(String)] });
    expect(ops().createFeed?.ok).toBe(1);
    expect(ops().patchListingsItem).toBeUndefined();

    // Per SKU: sent ones show the new values on Amazon, refused ones keep theirs and carry Amazon's words.
    const scope = { amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE };
    expect(outbox.list({ ...scope, states: ['sent'] })).toHaveLength(27);
    const failed = outbox.list({ ...scope, states: ['failed'] });
    expect(failed.map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    for (const c of failed) expect(c.issues).toEqual([expect.objectContaining({ code: '90244', severity: 'ERROR', attributeNames: ['purchasable_offer'] })]);
    expect(await shown('DE-RUN-0')).toMatchObject({ price: { amount: '221.99' }, quantity: 38 });
    expect(await shown('DE-RUN-4')).toMatchObject({ price: { amount: '200' }, quantity: 1 });
    const settled = h.audit.list({ subjectType: 'listing-feed' }).filter((e) => e.operation === 'listing-feed.settled');
    expect(settled).toHaveLength(1);
    const detail = JSON.parse(String(settled[0]!.detail)) as { sent: { sku: string }[]; refused: { sku: string; issues: { message: string }[] }[] };
    expect(detail.sent).toHaveLength(27);
    expect(detail.refused.map((r) => r.sku).sort()).toEqual([...REFUSED].sort());
    expect(detail.refused[0]!.issues[0]!.message).toMatch(/outside the allowed range/);

    // Nothing is sent twice: a further send has nothing left, and the next run finds only the refused SKUs.
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester' })).toMatchObject({ sent: 0, failed: 0, retry: 0 });
    const next = await buildChangeSet(outbox, rule, sources, 'tester');
    expect(next.found.map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    expect(next.unchanged).toBe(27);
  });
});
