import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { buildChangeSet } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import { ListingRules } from '../../core/listings/listing-rules';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { holdRefusedListings, LISTINGS_FLOW, listingsAttentionFlow } from '../../core/sync/listings-attention';
import { harness, type Harness } from '../amazon/harness';
import { onlineConnector } from '../erp/bc-fixtures';

/**
 * Listing changes Amazon refused land under Needs attention with Amazon's words; a retry after the fix puts
 * the change back in line once, and the next send gets it through without sending anything twice.
 */
const DE = 'A1PA6795UKMFR9';
let h: Harness;
let bc: BusinessCentralEmulator;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  bc = await startBusinessCentralEmulator();
});
afterEach(async () => {
  await h.stop();
  await bc.stop();
});

describe('refused listing changes under Needs attention', () => {
  it('holds each refused SKU with Amazon\'s issue; one retry (of two at once) queues it again, the next send gets it through once', async () => {
    const connections = new ConnectionRepository(h.db);
    const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
    const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
    const now = () => new Date(h.emulator.clock.now());
    const outbox = new ListingOutbox(h.db, h.audit, now);
    const seller = h.emulator.sellers[0]!;
    const skus = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      seller.listings![`DE-ATT-${i}`] = { productType: 'CHAIR', attributes: { purchasable_offer: [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 100 }] }] }], fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }] } };
      skus.set(`DE-ATT-${i}`, '1900-S');
    }
    const rule = new ListingRules(h.db, h.audit).save({
      amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
      pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: 5000, maxPriceMinor: null, stockBuffer: 2, skus: null,
      sendPrices: true, sendQuantities: true, holdAboveBp: 100_000, autoSend: false,
    }, 'tester', now());
    await buildChangeSet(outbox, rule, { erp: onlineConnector(bc), skuItems: skus, readAmazon: (sku, signal) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE }, signal) }, 'tester');
    h.emulator.faults.rejectListings(['DE-ATT-1']);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 })).toMatchObject({ sent: 2, failed: 1 });

    const letters = new DeadLetterStore(h.db, now);
    holdRefusedListings({ db: h.db }, letters, amazonId);
    holdRefusedListings({ db: h.db }, letters, amazonId);
    const held = letters.list({ flow: LISTINGS_FLOW });
    expect(held).toMatchObject([{ summary: 'Listing DE-ATT-1 on A1PA6795UKMFR9: price 22199 (minor units of EUR) and quantity 38', error: expect.stringContaining('90244: The price you entered is outside the allowed range') }]);

    // The fix: Amazon now takes the price (the product's allowed range was corrected in Seller Central).
    h.emulator.faults.listingRejections.clear();
    const flows = new AttentionFlows(letters, h.audit).register(listingsAttentionFlow({ db: h.db, audit: h.audit, now, actor: 'tester' }, () => null));
    const outcomes = await Promise.all([flows.retry(held[0]!.id, 'a'), flows.retry(held[0]!.id, 'b')]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['busy', 'resolved']);
    expect(outbox.list({ amazonConnectionId: amazonId, marketplaceId: DE, states: ['ready'] }).map((c) => c.sku)).toEqual(['DE-ATT-1']);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 })).toMatchObject({ sent: 1, failed: 0 });
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 })).toMatchObject({ sent: 0, failed: 0 });
    holdRefusedListings({ db: h.db }, letters, amazonId);
    expect(letters.list()).toEqual([]);
    expect(flows.get(LISTINGS_FLOW)!.activity!()).toMatchObject({ moved: 3, waiting: 0 });
  });
});
