import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { createOffer, offerFromErp, validateOffer, type OfferWanted } from '../../core/listings/offer-only';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { onlineConnector } from '../erp/bc-fixtures';
import { harness, type Harness } from '../amazon/harness';
import { requestBodyErrors, requestErrors, responseErrors } from '../amazon/contract';

const DE = 'A1PA6795UKMFR9';
const MODEL = 'listingsItems_2021-08-01.json';
let h: Harness;
let bc: BusinessCentralEmulator;
let rule: ListingRule;
let amazonId: string;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  bc = await startBusinessCentralEmulator();
  const connections = new ConnectionRepository(h.db);
  amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  rule = new ListingRules(h.db, h.audit).save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 2, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 2000, autoSend: false,
  }, 'tester', new Date(h.emulator.clock.now()));
});
afterEach(async () => {
  await h.stop();
  await bc.stop();
});

const wanted = (extra: Partial<OfferWanted> = {}): OfferWanted => ({ sku: 'DE-NEW-CHAIR', itemNumber: '1900-S', asin: 'B0DEMOCH01', productType: 'CHAIR', condition: 'new_new', fbaChannel: null, ...extra });
const puts = () => h.sent.filter((s) => s.method === 'PUT');

describe('offer-only listings for ERP items with a mapped ASIN', () => {
  it('validates first: Amazon names each attribute it refuses, in the model\'s issue shape, and nothing is listed', async () => {
    const { offer, steps } = await offerFromErp(rule, onlineConnector(bc), wanted({ asin: 'X-NOT-AN-ASIN' }));
    expect(steps).toBe('unit price 192.80 + 15.00% = 221.72, up to .99 = 221.99; stock 40 − buffer 2 = 38');
    const check = await validateOffer(h.client, offer, steps);
    expect(check).toMatchObject({ status: 'INVALID', issues: [{ code: '90244', severity: 'ERROR', attributeNames: ['merchant_suggested_asin'], message: "The value 'X-NOT-AN-ASIN' provided for 'merchant_suggested_asin' is not a valid ASIN." }] });
    expect(await getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku: 'DE-NEW-CHAIR', marketplaceId: DE })).toBeNull();

    // The request is the model's (path, query with mode=VALIDATION_PREVIEW, body); the answer too, issues with categories.
    const put = puts()[0]!;
    expect(new URL(put.url).searchParams.get('mode')).toBe('VALIDATION_PREVIEW');
    expect(requestErrors(MODEL, 'putListingsItem', put.method, put.url)).toEqual([]);
    expect(requestBodyErrors(MODEL, 'putListingsItem', JSON.parse(put.body!))).toEqual([]);
    const token = await h.client.tokens.getAccessToken();
    const raw = await (await fetch(put.url, { method: 'PUT', headers: { 'x-amz-access-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ productType: 'CHAIR', requirements: 'LISTING_OFFER_ONLY', attributes: { fake_attribute: [{ value: 1 }] } }) })).json();
    expect(responseErrors(MODEL, 'putListingsItem', 200, raw)).toEqual([]);
    expect((raw as { issues: { attributeNames: string[]; categories: string[] }[] }).issues.map((i) => [i.attributeNames, i.categories])).toEqual([
      [['merchant_suggested_asin'], ['MISSING_ATTRIBUTE']], [['condition_type'], ['MISSING_ATTRIBUTE']], [['purchasable_offer'], ['MISSING_ATTRIBUTE']],
      [['fulfillment_availability'], ['MISSING_ATTRIBUTE']], [['fake_attribute'], []],
    ]);
  });

  it('creates a valid offer once, at the rule\'s price and the ERP\'s stock; asking again finds it listed and puts nothing', async () => {
    const { offer, steps } = await offerFromErp(rule, onlineConnector(bc), wanted());
    const created = await createOffer(h.client, h.audit, offer, steps, 'tester', amazonId);
    expect(created).toMatchObject({ outcome: 'created', status: 'VALID', issues: [] });
    expect(await getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku: 'DE-NEW-CHAIR', marketplaceId: DE })).toMatchObject({ price: { amount: '221.99', currency: 'EUR' }, quantity: 38, productType: 'CHAIR' });
    const again = await createOffer(h.client, h.audit, offer, steps, 'tester', amazonId);
    expect(again.outcome).toBe('already-listed');
    expect(puts().filter((p) => !p.url.includes('VALIDATION_PREVIEW'))).toHaveLength(1);
    expect(h.audit.list({ subjectType: 'listing' }).filter((e) => e.operation === 'listing-offer.create').map((e) => e.status).reverse()).toEqual(['created', 'already-listed']);
  });

  it('an FBA offer carries no quantity; a refused one is not created', async () => {
    const { offer, steps } = await offerFromErp(rule, onlineConnector(bc), wanted({ sku: 'DE-FBA-CHAIR', fbaChannel: 'AMAZON_EU' }));
    expect(offer.fulfillment).toEqual({ channel: 'AMAZON_EU' });
    h.emulator.faults.rejectListings(['DE-FBA-CHAIR']);
    const refused = await createOffer(h.client, h.audit, offer, steps, 'tester', amazonId);
    expect(refused).toMatchObject({ outcome: 'refused', status: 'INVALID', submissionId: null });
    expect(refused.issues[0]).toMatchObject({ code: '90244', attributeNames: ['purchasable_offer'] });
    expect(puts().filter((p) => !p.url.includes('VALIDATION_PREVIEW'))).toHaveLength(0);
  });
});
