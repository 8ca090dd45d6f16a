import { afterEach, describe, expect, it } from 'vitest';
import { getInventorySummaries } from '../../core/amazon/fba-inventory';
import { patchListingPriceAndQuantity } from '../../core/amazon/listings';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { requestBodyErrors, requestErrors, responseErrors } from './contract';
import { harness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('FBA inventory', () => {
  it('reads every inventory summary of a marketplace across pages, with requests the model accepts', async () => {
    const seller = demoSeller(Date.now());
    const template = seller.inventory!.ATVPDKIKX0DER![0]!;
    seller.inventory = { ATVPDKIKX0DER: Array.from({ length: 120 }, (_, i) => ({ ...template, sellerSku: `SKU-${i}`, totalQuantity: i })) };
    h = await harness({ sellers: [seller] });
    const summaries = await getInventorySummaries(h.client, 'ATVPDKIKX0DER');
    expect(summaries).toHaveLength(120);
    expect(summaries[119]).toMatchObject({ sellerSku: 'SKU-119', totalQuantity: 119, inventoryDetails: { fulfillableQuantity: 40 } });
    // Three pages. The third request waits for the 2/s plan; on a loaded machine it can still arrive early
    // enough to be refused with a 429 and asked again, which is the client doing its job, not another page.
    expect(new Set(h.sent.map((s) => s.url)).size).toBe(3);
    for (const s of h.sent) expect(requestErrors('fbaInventory.json', 'getInventorySummaries', s.method, s.url)).toEqual([]);
    const token = await h.client.tokens.getAccessToken();
    const raw = await (await fetch(`${h.emulator.url}/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER&details=true`, { headers: { 'x-amz-access-token': token } })).json();
    expect(responseErrors('fbaInventory.json', 'getInventorySummaries', 200, raw)).toEqual([]);
  });
});

describe('Listings price and quantity', () => {
  const change = { sellerId: 'A2DEMOSELLER01', marketplaceId: 'ATVPDKIKX0DER', productType: 'DRINKING_CUP' };

  it('patches price and quantity of a SKU that needs URL-encoding', async () => {
    h = await harness();
    const result = await patchListingPriceAndQuantity(h.client, { ...change, sku: 'MUG RED/2', price: { amount: '19.99', currency: 'USD' }, quantity: 7 });
    expect(result.status).toBe('ACCEPTED');
    const listing = h.emulator.sellers[0]!.listings!['MUG RED/2']!;
    expect(listing.attributes.purchasable_offer).toEqual([{ marketplace_id: 'ATVPDKIKX0DER', currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 19.99 }] }] }]);
    expect(listing.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }]);
    for (const s of h.sent) {
      expect(requestErrors('listingsItems_2021-08-01.json', 'patchListingsItem', s.method, s.url)).toEqual([]);
      expect(requestBodyErrors('listingsItems_2021-08-01.json', 'patchListingsItem', JSON.parse(s.body ?? 'null'))).toEqual([]);
    }
    expect(responseErrors('listingsItems_2021-08-01.json', 'patchListingsItem', 200, result)).toEqual([]);
  });

  it('keeps other availability fields when only the quantity changes (merge)', async () => {
    h = await harness();
    h.emulator.sellers[0]!.listings!['MUG-BLUE']!.attributes.fulfillment_availability = [{ fulfillment_channel_code: 'DEFAULT', quantity: 1, lead_time_to_ship_max_days: 3 }];
    await patchListingPriceAndQuantity(h.client, { ...change, sku: 'MUG-BLUE', quantity: 0 });
    expect(h.emulator.sellers[0]!.listings!['MUG-BLUE']!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 0, lead_time_to_ship_max_days: 3 }]);
  });

  it('returns an INVALID submission with its issues instead of pretending it worked', async () => {
    h = await harness();
    const result = await patchListingPriceAndQuantity(h.client, { ...change, sku: 'NO-SUCH-SKU', quantity: 1 });
    expect(result.status).toBe('INVALID');
    expect(result.issues?.[0]?.severity).toBe('ERROR');
  });

  it('refuses a price that is not a decimal string before calling Amazon', async () => {
    h = await harness();
    await expect(patchListingPriceAndQuantity(h.client, { ...change, sku: 'MUG-BLUE', price: { amount: '19,99', currency: 'USD' } })).rejects.toThrow(/positive decimal string/);
    expect(h.sent).toHaveLength(0);
  });
});
