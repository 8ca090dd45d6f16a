import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getListingShown, patchListingPriceAndQuantity } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { buildChangeSet, type ChangeSetSources } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { getInventorySummaries } from '../../core/amazon/fba-inventory';
import { compareFbaStock, fbaStockCsv } from '../../core/listings/fba-comparison';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { onlineConnector } from '../erp/bc-fixtures';
import { harness, type Harness } from '../amazon/harness';
import { requestErrors, responseErrors } from '../amazon/contract';

const DE = 'A1PA6795UKMFR9';
const SKUS = new Map([['DE-ATHENS-DESK', '1896-S'], ['DE-PARIS-CHAIR', '1900-S'], ['DE-ATHENS-PEDESTAL', '1906-S'], ['DE-LONDON-CHAIR', '1908-S']]);

let h: Harness;
let bc: BusinessCentralEmulator;
let rules: ListingRules;
let outbox: ListingOutbox;
let amazonId: string;
let erpId: string;

beforeEach(async () => {
  // Time scale 100: a feed's emulated minute of processing passes in 0.6 s.
  h = await harness({ timeScale: 100 });
  bc = await startBusinessCentralEmulator();
  const connections = new ConnectionRepository(h.db);
  amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  rules = new ListingRules(h.db, h.audit);
  outbox = new ListingOutbox(h.db, h.audit, () => new Date(h.emulator.clock.now()));
});
afterEach(async () => {
  await h.stop();
  await bc.stop();
});

function markupRule(extra: Partial<ListingRule> = {}): ListingRule {
  return rules.save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: 5000, maxPriceMinor: null, stockBuffer: 2, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: false, ...extra,
  }, 'tester', new Date(h.emulator.clock.now()));
}

function sources(skuItems: ReadonlyMap<string, string> = SKUS): ChangeSetSources {
  return { erp: onlineConnector(bc), skuItems, readAmazon: (sku, signal) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE }, signal) };
}

const shown = (sku: string) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE });

describe('listings change set from Business Central', () => {
  it('prices each SKU by the markup rule, holds a large move, never sends FBA a quantity, and says which rule did it', async () => {
    const rule = markupRule();
    const set = await buildChangeSet(outbox, rule, sources(), 'tester');
    const bySku = Object.fromEntries(set.found.map((c) => [c.sku, c]));
    // 1000.80 + 15% = 1150.92 -> 1150.99; Amazon shows 1099.00 and 10 = 12 - 2, so only the price changes.
    expect(bySku['DE-ATHENS-DESK']).toMatchObject({ amazonPriceMinor: 109900, newPriceMinor: 115099, newQuantity: null, state: 'ready' });
    expect(bySku['DE-ATHENS-DESK']!.rule).toBe('unit price 1000.80 + 15.00% = 1150.92, up to .99 = 1150.99; stock 12 − buffer 2 = 10');
    expect(bySku['DE-PARIS-CHAIR']).toMatchObject({ newPriceMinor: 22199, amazonQuantity: 35, newQuantity: 38, state: 'ready' });
    expect(bySku['DE-ATHENS-PEDESTAL']).toMatchObject({ newPriceMinor: 32399, newQuantity: null, state: 'ready' });
    expect(bySku['DE-ATHENS-PEDESTAL']!.rule).toContain('FBA (AMAZON_EU)');
    // 199.00 -> 218.99 is a 10.04% move: beyond the 10% threshold, so it waits for a person.
    expect(bySku['DE-LONDON-CHAIR']).toMatchObject({ newPriceMinor: 21899, newQuantity: 0, state: 'held' });
    expect(bySku['DE-LONDON-CHAIR']!.holdReason).toMatch(/moves from 199.00 to 218.99, more than 10.00%/);
  });

  it('holds a price the minimum guard raised, and leaves unmapped SKUs out with the reason', async () => {
    const rule = markupRule({ markupBp: -9000, minPriceMinor: 15000, holdAboveBp: 100_000, skus: ['DE-PARIS-CHAIR', 'NOT-MAPPED'] });
    const set = await buildChangeSet(outbox, rule, sources(), 'tester');
    expect(set.found).toHaveLength(1);
    expect(set.found[0]).toMatchObject({ sku: 'DE-PARIS-CHAIR', newPriceMinor: 15000, state: 'held' });
    expect(set.found[0]!.holdReason).toMatch(/under the minimum 150.00/);
    expect(set.skipped).toEqual([{ sku: 'NOT-MAPPED', reason: 'SKU NOT-MAPPED is not mapped to an item; map it under Mappings.' }]);
  });

  it('sends a few changes with patchListingsItem through a 429 storm and a dropped connection, once each, and Amazon then shows them', async () => {
    const rule = markupRule({ holdAboveBp: 100_000 });
    await buildChangeSet(outbox, rule, sources(), 'tester');
    // A storm longer than the client's retries: the send stops, every change stays ready, nothing is lost.
    h.emulator.faults.throttle(6, { operation: 'patchListingsItem' });
    const stormy = await sendListingChanges(outbox, h.client, rule, { actor: 'tester' });
    expect(stormy).toMatchObject({ sent: 0, failed: 0, retry: 4 });
    expect(stormy.stopped).toMatch(/kept throttling patchListingsItem .* 4 changes wait for the next send/);
    // The next send rides out the storm's tail and a connection dropped after Amazon applied a patch.
    h.emulator.faults.dropAfterProcessing(1, { operation: 'patchListingsItem' });
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester' });
    expect(result).toMatchObject({ sent: 4, failed: 0, retry: 0, stopped: null });
    expect(await shown('DE-ATHENS-DESK')).toMatchObject({ price: { amount: '1150.99', currency: 'EUR' }, quantity: 10 });
    expect(await shown('DE-PARIS-CHAIR')).toMatchObject({ price: { amount: '221.99' }, quantity: 38 });
    expect(await shown('DE-ATHENS-PEDESTAL')).toMatchObject({ price: { amount: '323.99' }, quantity: null, fulfillmentChannel: 'AMAZON_EU' });
    expect(outbox.lastSent(amazonId, DE, 'DE-PARIS-CHAIR')).toEqual({ priceMinor: 22199, quantity: 38 });
    // A second run finds nothing to do: Amazon now shows what the rule gives.
    const again = await buildChangeSet(outbox, rule, sources(), 'tester');
    expect(again.found).toEqual([]);
    expect(again.unchanged).toBe(4);
    expect(h.audit.list({ subjectType: 'listing' }).filter((e) => e.operation === 'listing-change.sent')).toHaveLength(4);
  });

  it('after a crash mid-patch, looks the SKU up on Amazon and records it sent without patching it again', async () => {
    const rule = markupRule({ holdAboveBp: 100_000, skus: ['DE-PARIS-CHAIR'] });
    const [change] = (await buildChangeSet(outbox, rule, sources(), 'tester')).found;
    // The patch left and Amazon applied it; the process died before the answer was recorded.
    outbox.markSending([change!.id], 'patch', 'tester');
    await patchListingPriceAndQuantity(h.client, { sellerId: 'A2DEMOSELLER01', sku: 'DE-PARIS-CHAIR', marketplaceId: DE, productType: 'CHAIR', price: { amount: '221.99', currency: 'EUR' }, quantity: 38 });
    const patchesBefore = h.emulator.stats.byOperation.patchListingsItem!.requests;
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester' });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(h.emulator.stats.byOperation.patchListingsItem!.requests).toBe(patchesBefore);
    expect(outbox.get(change!.id)?.state).toBe('sent');
  });

  it('sends many changes as one JSON_LISTINGS_FEED and records each SKU Amazon refused in its words', async () => {
    const seller = h.emulator.sellers[0]!;
    const many = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const sku = `DE-BULK-${i}`;
      seller.listings![sku] = { productType: 'CHAIR', attributes: { purchasable_offer: [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 100 }] }] }], fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }] } };
      many.set(sku, '1900-S');
    }
    const rule = markupRule({ holdAboveBp: 100_000 });
    const set = await buildChangeSet(outbox, rule, sources(many), 'tester');
    expect(set.found).toHaveLength(30);
    h.emulator.faults.rejectListings(['DE-BULK-3', 'DE-BULK-17']);
    h.emulator.faults.throttle(2, { operation: 'getFeed' });
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 28, failed: 2, feedIds: [expect.any(String)] });
    const failed = outbox.list({ amazonConnectionId: amazonId, marketplaceId: DE, states: ['failed'] });
    expect(failed.map((c) => c.sku).sort()).toEqual(['DE-BULK-17', 'DE-BULK-3']);
    expect(failed[0]!.issues).toEqual([{ code: '90244', severity: 'ERROR', message: 'The price you entered is outside the allowed range for this product. Enter a value within the price range.', attributeNames: ['purchasable_offer'] }]);
    expect(await shown('DE-BULK-0')).toMatchObject({ price: { amount: '221.99' }, quantity: 38 });
    expect(await shown('DE-BULK-3')).toMatchObject({ price: { amount: '100' }, quantity: 1 });
    expect(h.emulator.stats.byOperation.createFeed?.ok).toBe(1);
    expect(h.emulator.stats.byOperation.patchListingsItem).toBeUndefined();
  });

  it('reads back a feed that was submitted before a crash instead of submitting it again', async () => {
    const seller = h.emulator.sellers[0]!;
    const many = new Map<string, string>();
    for (let i = 0; i < 25; i++) {
      seller.listings![`DE-R-${i}`] = { productType: 'CHAIR', attributes: {} };
      many.set(`DE-R-${i}`, '1896-S');
    }
    const rule = markupRule({ holdAboveBp: 100_000 });
    await buildChangeSet(outbox, rule, sources(many), 'tester');
    // The first send gives up waiting on the feed (as a process killed mid-wait would): the changes stay sending with its id.
    const first = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 1_000, feedTimeoutMs: 1 });
    expect(first.stopped).toMatch(/could not be read yet/);
    expect(outbox.list({ amazonConnectionId: amazonId, marketplaceId: DE, states: ['sending'] })).toHaveLength(25);
    const second = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(second).toMatchObject({ sent: 25, failed: 0 });
    expect(h.emulator.stats.byOperation.createFeed?.ok).toBe(1);
  });

  it('lists FBA stock beside the ERP stock of the mapped item, with the planted difference, as CSV too', async () => {
    const rows = await compareFbaStock(await getInventorySummaries(h.client, DE), SKUS, onlineConnector(bc));
    expect(rows).toEqual([{ sku: 'DE-ATHENS-PEDESTAL', itemNumber: '1906-S', fulfillable: 5, inbound: 1, reserved: 0, unfulfillable: 0, amazonTotal: 6, erpStock: 7, difference: 1, note: null }]);
    expect(fbaStockCsv(rows)).toBe('SKU,Item,Fulfillable,Inbound,Reserved,Unfulfillable,Amazon total,ERP stock,Difference,Note\r\nDE-ATHENS-PEDESTAL,1906-S,5,1,0,0,6,7,1,\r\n');
  });

  it('reads what Amazon shows with requests and answers the Listings Items model accepts; an unknown SKU is null', async () => {
    expect(await shown('DE-ATHENS-DESK')).toEqual({ sku: 'DE-ATHENS-DESK', productType: 'DESK', price: { amount: '1099', currency: 'EUR' }, quantity: 10, fulfillmentChannel: 'DEFAULT' });
    expect(await shown('NOT-LISTED')).toBeNull();
    for (const s of h.sent) expect(requestErrors('listingsItems_2021-08-01.json', 'getListingsItem', s.method, s.url)).toEqual([]);
    const token = await h.client.tokens.getAccessToken();
    const raw = await (await fetch(h.sent[0]!.url, { headers: { 'x-amz-access-token': token } })).json();
    expect(responseErrors('listingsItems_2021-08-01.json', 'getListingsItem', 200, raw)).toEqual([]);
  });

  it('keeps a rule per connection and marketplace, audited, and refuses a maximum under the minimum', () => {
    markupRule();
    expect(rules.get(amazonId, DE)).toMatchObject({ markupBp: 1500, rounding: 'up-to-99', stockBuffer: 2 });
    expect(() => markupRule({ minPriceMinor: 5000, maxPriceMinor: 4000 })).toThrow(/maximum price is under the minimum/);
    expect(rules.get(amazonId, DE)?.maxPriceMinor).toBeNull();
    expect(h.audit.list({ subjectType: 'listing-rule' }).map((e) => e.operation)).toEqual(['listing-rule.add']);
  });
});
