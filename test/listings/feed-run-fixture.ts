import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { ChangeSetSources } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { onlineConnector } from '../erp/bc-fixtures';
import { harness, type Harness } from '../amazon/harness';

export const DE = 'A1PA6795UKMFR9';
export const SELLER = 'A2DEMOSELLER01';
/** SKUs the fault runs have Amazon refuse in the feed's processing report. */
export const REFUSED = ['DE-RUN-4', 'DE-RUN-11', 'DE-RUN-29'];

export interface FeedRun {
  h: Harness;
  bc: BusinessCentralEmulator;
  outbox: ListingOutbox;
  rule: ListingRule;
  sources: ChangeSetSources;
  shown(sku: string): ReturnType<typeof getListingShown>;
  feedsCreated(): number;
  stop(): Promise<void>;
}

/**
 * Thirty DE offers of the Business Central chair 1900-S (192.80, 40 in stock) at 200.00 and 1 on the Amazon
 * emulator, mapped and under a 15% markup rule with a stock buffer of 2 that holds nothing: each should become
 * 221.99 and 38, enough changes to go as one JSON_LISTINGS_FEED.
 */
export async function startFeedRun(): Promise<FeedRun> {
  const h = await harness({ timeScale: 100 });
  const bc = await startBusinessCentralEmulator();
  const connections = new ConnectionRepository(h.db);
  const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  const outbox = new ListingOutbox(h.db, h.audit, () => new Date(h.emulator.clock.now()));
  const rule = new ListingRules(h.db, h.audit).save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: SELLER, currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 2, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 100_000, autoSend: false,
  }, 'tester', new Date(h.emulator.clock.now()));
  const skuItems = new Map<string, string>();
  for (let i = 0; i < 30; i++) {
    const sku = `DE-RUN-${i}`;
    h.emulator.sellers[0]!.listings![sku] = { productType: 'CHAIR', attributes: {
      purchasable_offer: [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 200 }] }] }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }],
    } };
    skuItems.set(sku, '1900-S');
  }
  const shown = (sku: string) => getListingShown(h.client, { sellerId: SELLER, sku, marketplaceId: DE });
  return {
    h, bc, outbox, rule, shown,
    sources: { erp: onlineConnector(bc), skuItems, readAmazon: (sku, s) => getListingShown(h.client, { sellerId: SELLER, sku, marketplaceId: DE }, s) },
    feedsCreated: () => h.emulator.stats.byOperation.createFeed?.ok ?? 0,
    stop: async () => {
      await h.stop();
      await bc.stop();
    },
  };
}
