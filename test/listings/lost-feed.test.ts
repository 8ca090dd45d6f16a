import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { buildChangeSet, type ChangeSetSources } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { priceAndQuantityPatches } from '../../core/amazon/listings';
import { submitJsonListingsFeed } from '../../core/amazon/feeds';
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

const feedsCreated = () => h.emulator.stats.byOperation.createFeed?.ok ?? 0;

describe('a listings feed whose id was lost', () => {
  it('is found again on Amazon when the answer to createFeed was lost, read back and settled, and no SKU is sent twice', async () => {
    await buildChangeSet(outbox, rule, sources, 'tester');
    h.emulator.faults.rejectListings(REFUSED);
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFeed' });
    const first = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(first.stopped).toMatch(/^The listings feed could not be submitted/);
    expect(feedsCreated()).toBe(1);
    expect(outbox.list({ amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE, states: ['sending'] }).every((c) => c.feedId === null)).toBe(true);

    const second = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(second).toMatchObject({ sent: 27, failed: 3, stopped: null });
    expect(second.feedIds).toHaveLength(1);
    expect(feedsCreated()).toBe(1);
    expect(h.emulator.stats.byOperation.getFeeds?.ok).toBe(1);
    const changes = outbox.list({ amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE });
    expect(changes.filter((c) => c.state === 'sent')).toHaveLength(27);
    expect(changes.filter((c) => c.state === 'failed').map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    expect(new Set(changes.map((c) => c.feedId))).toEqual(new Set([second.feedIds[0]]));
    expect(await shown('DE-RUN-0')).toMatchObject({ price: { amount: '221.99', currency: 'EUR' }, quantity: 38 });
  });

  it('after a death between createFeed\'s answer and the record of its id, the next send adopts that feed instead of submitting another', async () => {
    await buildChangeSet(outbox, rule, sources, 'tester');
    const scope = { amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE };
    const batch = outbox.outgoing(scope, 'ready');
    // The first life: marked sending, the feed created on Amazon, then killed before setFeed.
    outbox.markSending(batch.map((c) => c.id), 'feed', 'tester');
    await submitJsonListingsFeed(h.client, {
      sellerId: 'A2DEMOSELLER01', marketplaceIds: [DE],
      messages: batch.map((c) => ({ messageId: c.id, sku: c.sku, operationType: 'PATCH' as const, productType: c.productType, patches: priceAndQuantityPatches({ marketplaceId: DE, price: { amount: '221.99', currency: 'EUR' }, quantity: 38 }) })),
    });
    expect(feedsCreated()).toBe(1);

    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 30, failed: 0, stopped: null });
    expect(feedsCreated()).toBe(1);
    expect(outbox.outgoing(scope, 'sending')).toEqual([]);
  });

  it('is submitted again when Amazon never made it (createFeed never arrived), once', async () => {
    await buildChangeSet(outbox, rule, sources, 'tester');
    h.emulator.faults.dropNext(5, { operation: 'createFeed' });
    const first = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(first.stopped).toMatch(/^The listings feed could not be submitted/);
    expect(feedsCreated()).toBe(0);
    h.emulator.faults.clear();
    const second = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(second).toMatchObject({ sent: 30, failed: 0, stopped: null });
    expect(feedsCreated()).toBe(1);
  });
});
