import { z } from 'zod';
import { AmazonError } from './errors';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

const SubmissionSchema = z
  .object({
    sku: z.string(),
    status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
    submissionId: z.string(),
    issues: z.array(z.object({ code: z.string(), message: z.string(), severity: z.enum(['ERROR', 'WARNING', 'INFO']) }).passthrough()).optional(),
  })
  .passthrough();
export type ListingsSubmission = z.infer<typeof SubmissionSchema>;

export interface PriceAndQuantity {
  sellerId: string;
  sku: string;
  marketplaceId: string;
  productType: string;
  /** Decimal string in the marketplace currency, e.g. "19.99". */
  price?: { amount: string; currency: string };
  quantity?: number;
  /** Amazon validates without applying (mode=VALIDATION_PREVIEW, listingsItems_2021-08-01.json). */
  validateOnly?: boolean;
}

/** A price goes to Amazon as a positive decimal string; anything else is a bug upstream, not Amazon's to refuse. */
export function checkPriceAmount(amount: string): void {
  if (!/^\d+(\.\d+)?$/.test(amount)) throw new RangeError(`A price must be a positive decimal string, got "${amount}"`);
}

export function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 0) throw new RangeError(`A quantity must be a whole number >= 0, got ${quantity}`);
}

/** The patches that set a listing's price and quantity: the same for patchListingsItem and a JSON_LISTINGS_FEED PATCH message. */
export function priceAndQuantityPatches(change: Pick<PriceAndQuantity, 'marketplaceId' | 'price' | 'quantity'>): { op: 'replace' | 'merge'; path: string; value: unknown[] }[] {
  const patches: { op: 'replace' | 'merge'; path: string; value: unknown[] }[] = [];
  if (change.price) {
    checkPriceAmount(change.price.amount);
    patches.push({
      op: 'replace',
      path: '/attributes/purchasable_offer',
      // The attribute schema types value_with_tax as a JSON number; a decimal string of up to 15 digits
      // survives Number() and JSON.stringify unchanged.
      value: [{ marketplace_id: change.marketplaceId, currency: change.price.currency, our_price: [{ schedule: [{ value_with_tax: Number(change.price.amount) }] }] }],
    });
  }
  if (change.quantity !== undefined) {
    checkQuantity(change.quantity);
    patches.push({ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: change.quantity }] });
  }
  if (!patches.length) throw new RangeError('Nothing to change: give a price, a quantity or both');
  return patches;
}

/**
 * patchListingsItem for price and quantity (listingsItems_2021-08-01.json, 5 requests/s, burst 5).
 * Price: `purchasable_offer` with `our_price[].schedule[].value_with_tax` ("Manage purchasable offer",
 * https://developer-docs.amazon.com/sp-api/docs/manage-purchasable-offer). Quantity: `merge` on
 * `fulfillment_availability` so restock_date and lead time stay as they are (changelog "Listings Items
 * v2021-08-01 API and JSON_LISTING_FEED now include a JSON patch merge operation", 2025-06-16).
 * An INVALID submission is returned, not thrown: its issues are what the user must fix.
 */
export async function patchListingPriceAndQuantity(client: SpApiClient, change: PriceAndQuantity, signal?: AbortSignal): Promise<ListingsSubmission> {
  const patches = priceAndQuantityPatches(change);
  const res = await client.request({
    operation: 'patchListingsItem',
    method: 'PATCH',
    // SKUs may hold characters that must be encoded (patchListingsItem description, "URL Encoding").
    path: `/listings/2021-08-01/items/${encodeURIComponent(change.sellerId)}/${encodeURIComponent(change.sku)}`,
    query: { marketplaceIds: [change.marketplaceId], includedData: ['issues'], mode: change.validateOnly ? 'VALIDATION_PREVIEW' : undefined },
    body: { productType: change.productType, patches },
    marketplaceId: change.marketplaceId,
    ...(signal ? { signal } : {}),
  });
  return parseBody(SubmissionSchema, res.body, 'patchListingsItem');
}

const ListingsItemSchema = z
  .object({
    sku: z.string(),
    summaries: z.array(z.object({ marketplaceId: z.string(), productType: z.string().optional(), asin: z.string().optional() }).passthrough()).optional(),
    offers: z.array(z.object({ marketplaceId: z.string(), offerType: z.string().optional(), price: z.object({ currencyCode: z.string(), amount: z.string() }).passthrough().optional() }).passthrough()).optional(),
    fulfillmentAvailability: z.array(z.object({ fulfillmentChannelCode: z.string(), quantity: z.number().int().optional() }).passthrough()).optional(),
  })
  .passthrough();

/** What Amazon shows for one SKU in one marketplace: the B2C offer price, the quantity and who fulfils it. */
export interface ListingShown {
  sku: string;
  productType: string | null;
  /** Decimal string as Amazon states it (Money.amount is a Decimal string, listingsItems_2021-08-01.json). */
  price: { amount: string; currency: string } | null;
  quantity: number | null;
  /** fulfillmentChannelCode: DEFAULT is the seller's own; any other code (AMAZON_NA, AMAZON_EU, ...) is FBA. */
  fulfillmentChannel: string | null;
}

/**
 * getListingsItem with summaries, offers and fulfillmentAvailability (listingsItems_2021-08-01.json,
 * 5 requests/s, burst 10). A SKU Amazon does not know (404) is null.
 */
export async function getListingShown(client: SpApiClient, input: { sellerId: string; sku: string; marketplaceId: string }, signal?: AbortSignal): Promise<ListingShown | null> {
  let body: string;
  try {
    const res = await client.request({
      operation: 'getListingsItem',
      method: 'GET',
      path: `/listings/2021-08-01/items/${encodeURIComponent(input.sellerId)}/${encodeURIComponent(input.sku)}`,
      query: { marketplaceIds: [input.marketplaceId], includedData: ['summaries', 'offers', 'fulfillmentAvailability'] },
      marketplaceId: input.marketplaceId,
      ...(signal ? { signal } : {}),
    });
    body = res.body;
  } catch (err) {
    if (err instanceof AmazonError && err.detail.status === 404) return null;
    throw err;
  }
  const item = parseBody(ListingsItemSchema, body, 'getListingsItem');
  const offer = item.offers?.find((o) => o.marketplaceId === input.marketplaceId && (o.offerType ?? 'B2C') === 'B2C');
  const availability = item.fulfillmentAvailability?.[0];
  return {
    sku: item.sku,
    productType: item.summaries?.find((s) => s.marketplaceId === input.marketplaceId)?.productType ?? null,
    price: offer?.price ? { amount: offer.price.amount, currency: offer.price.currencyCode } : null,
    quantity: availability?.quantity ?? null,
    fulfillmentChannel: availability?.fulfillmentChannelCode ?? null,
  };
}
