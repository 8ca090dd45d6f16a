import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/** An offer on an existing ASIN: what the seller sells it for, in what condition, and how many (none for FBA). */
export interface OfferOnly {
  sellerId: string;
  sku: string;
  marketplaceId: string;
  productType: string;
  asin: string;
  /** condition_type value, e.g. new_new. */
  condition: string;
  /** Decimal string in the marketplace currency. */
  price: { amount: string; currency: string };
  /** DEFAULT for an offer the seller ships, with its quantity; an Amazon channel (AMAZON_EU, AMAZON_NA) for FBA, whose stock Amazon counts. */
  fulfillment: { channel: 'DEFAULT'; quantity: number } | { channel: string };
}

const IssueSchema = z.object({
  code: z.string(), message: z.string(), severity: z.enum(['ERROR', 'WARNING', 'INFO']),
  attributeNames: z.array(z.string()).optional(), categories: z.array(z.string()).optional(),
}).passthrough();
const PutSubmissionSchema = z.object({
  sku: z.string(),
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
  submissionId: z.string(),
  issues: z.array(IssueSchema).optional(),
  identifiers: z.array(z.object({ marketplaceId: z.string(), asin: z.string().optional() }).passthrough()).optional(),
}).passthrough();
export type OfferSubmission = z.infer<typeof PutSubmissionSchema>;

/**
 * The attributes of an offer-only listing ("Listings Items API: offer-only listings" guide: merchant_suggested_asin,
 * condition_type, purchasable_offer, fulfillment_availability; the guide is not in the local models, the attribute
 * names are those of the product type schemas and the model's sandbox example).
 */
export function offerAttributes(o: Pick<OfferOnly, 'marketplaceId' | 'asin' | 'condition' | 'price' | 'fulfillment'>): Record<string, unknown[]> {
  if (!/^\d+(\.\d+)?$/.test(o.price.amount)) throw new RangeError(`A price must be a positive decimal string, got "${o.price.amount}"`);
  const m = { marketplace_id: o.marketplaceId };
  return {
    merchant_suggested_asin: [{ value: o.asin, ...m }],
    condition_type: [{ value: o.condition, ...m }],
    purchasable_offer: [{ ...m, currency: o.price.currency, our_price: [{ schedule: [{ value_with_tax: Number(o.price.amount) }] }] }],
    fulfillment_availability: ['quantity' in o.fulfillment ? { fulfillment_channel_code: 'DEFAULT', quantity: o.fulfillment.quantity } : { fulfillment_channel_code: o.fulfillment.channel }],
  };
}

/**
 * putListingsItem with requirements LISTING_OFFER_ONLY (listingsItems_2021-08-01.json, 5 requests/s, burst 10).
 * With `validateOnly` Amazon checks the listing against the product type's requirements and stores nothing
 * (mode=VALIDATION_PREVIEW: VALID or INVALID with issues naming attributes). An INVALID answer is returned, not thrown.
 */
export async function putOfferOnlyListing(client: SpApiClient, o: OfferOnly, options: { validateOnly: boolean; signal?: AbortSignal }): Promise<OfferSubmission> {
  const res = await client.request({
    operation: 'putListingsItem',
    method: 'PUT',
    path: `/listings/2021-08-01/items/${encodeURIComponent(o.sellerId)}/${encodeURIComponent(o.sku)}`,
    query: { marketplaceIds: [o.marketplaceId], includedData: ['identifiers', 'issues'], mode: options.validateOnly ? 'VALIDATION_PREVIEW' : undefined },
    body: { productType: o.productType, requirements: 'LISTING_OFFER_ONLY', attributes: offerAttributes(o) },
    marketplaceId: o.marketplaceId,
    // A PUT sets the whole listing of the SKU: repeating it after a dropped connection leaves one listing.
    idempotent: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseBody(PutSubmissionSchema, res.body, 'putListingsItem');
}
