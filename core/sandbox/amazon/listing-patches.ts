import type { SeedSeller } from './seed-data';

/** One JSON-patch-like operation of a ListingsItemPatchRequest or a JSON_LISTINGS_FEED message. */
export interface ListingPatch {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/**
 * Applies patches to an emulated listing's attributes, as the Listings Items API and the listings feed both
 * do: `/attributes/<name>` paths; `delete` drops the attribute, `merge` keeps the fields the patch leaves out
 * (e.g. restock_date beside quantity), add and replace set it.
 */
export function applyListingPatches(listing: { attributes: Record<string, unknown[]> }, patches: readonly ListingPatch[]): void {
  for (const p of patches) {
    const name = String(p.path).replace(/^\/attributes\//, '');
    const value = Array.isArray(p.value) ? p.value : [p.value];
    const existing = listing.attributes[name] ?? [];
    if (p.op === 'delete') delete listing.attributes[name];
    else if (p.op === 'merge') listing.attributes[name] = value.map((v, i) => ({ ...(existing[i] as object | undefined), ...(v as object) }));
    else listing.attributes[name] = value;
  }
}

/** An ERROR issue Amazon gives a SKU it refuses, as ListingsItemSubmissionResponse.issues and the feed processing report state it. */
export interface ListingIssue {
  code: string;
  message: string;
  attributeNames?: string[];
}

/** The rejection planted for a SKU (faults.rejectListings), if any. */
export function listingRejection(state: { listingRejections: Map<string, ListingIssue> }, sku: string): ListingIssue | undefined {
  return state.listingRejections.get(sku);
}

type Listing = NonNullable<SeedSeller['listings']>[string];

/**
 * getListingsItem (listingsItems_2021-08-01.json): summaries, offers and fulfillmentAvailability are
 * derived from the attributes patches set, so what a patch or feed changed is what the next read shows.
 * The offer's price is Money {currencyCode, amount (Decimal string)}.
 */
export function getListingsItem(seller: SeedSeller, url: URL, sellerId: string, sku: string): { status: number; body: unknown } {
  if (sellerId !== seller.sellerId) return { status: 403, body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] } };
  const marketplaceId = url.searchParams.get('marketplaceIds')?.split(',')[0];
  if (!marketplaceId) return { status: 400, body: { errors: [{ code: 'InvalidInput', message: 'marketplaceIds is required' }] } };
  const listing = seller.listings?.[sku];
  // The wording of Amazon's 404 for an unknown SKU is UNVERIFIED; the model only says ErrorList.
  if (!listing) return { status: 404, body: { errors: [{ code: 'NOT_FOUND', message: `SKU '${sku}' not found in marketplace ${marketplaceId}`, details: '' }] } };
  const included = new Set(url.searchParams.get('includedData')?.split(',') ?? ['summaries']);
  return { status: 200, body: { sku, ...listingView(listing, marketplaceId, included) } };
}

function listingView(listing: Listing, marketplaceId: string, included: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (included.has('summaries')) {
    out.summaries = [{ marketplaceId, productType: listing.productType, conditionType: 'new_new', status: ['BUYABLE'], createdDate: '2025-01-01T00:00:00Z', lastUpdatedDate: '2025-01-01T00:00:00Z' }];
  }
  if (included.has('attributes')) out.attributes = listing.attributes;
  if (included.has('offers')) {
    const offer = (listing.attributes.purchasable_offer ?? []).find((o) => (o as { marketplace_id?: unknown }).marketplace_id === marketplaceId) as
      | { currency?: string; our_price?: { schedule?: { value_with_tax?: number | string }[] }[] }
      | undefined;
    const value = offer?.our_price?.[0]?.schedule?.[0]?.value_with_tax;
    out.offers = value === undefined ? [] : [{ marketplaceId, offerType: 'B2C', price: { currencyCode: offer?.currency ?? '', amount: String(value) } }];
  }
  if (included.has('fulfillmentAvailability')) {
    out.fulfillmentAvailability = (listing.attributes.fulfillment_availability ?? []).map((a) => {
      const f = a as { fulfillment_channel_code?: string; quantity?: number };
      return { fulfillmentChannelCode: f.fulfillment_channel_code ?? 'DEFAULT', ...(f.quantity !== undefined ? { quantity: f.quantity } : {}) };
    });
  }
  if (included.has('issues')) out.issues = [];
  return out;
}
