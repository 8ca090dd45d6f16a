import { z } from 'zod';
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

/**
 * patchListingsItem for price and quantity (listingsItems_2021-08-01.json, 5 requests/s, burst 5).
 * Price: `purchasable_offer` with `our_price[].schedule[].value_with_tax` ("Manage purchasable offer",
 * https://developer-docs.amazon.com/sp-api/docs/manage-purchasable-offer). Quantity: `merge` on
 * `fulfillment_availability` so restock_date and lead time stay as they are (changelog "Listings Items
 * v2021-08-01 API and JSON_LISTING_FEED now include a JSON patch merge operation", 2025-06-16).
 * An INVALID submission is returned, not thrown: its issues are what the user must fix.
 */
export async function patchListingPriceAndQuantity(client: SpApiClient, change: PriceAndQuantity, signal?: AbortSignal): Promise<ListingsSubmission> {
  const patches: { op: 'replace' | 'merge'; path: string; value: unknown[] }[] = [];
  if (change.price) {
    if (!/^\d+(\.\d+)?$/.test(change.price.amount)) throw new RangeError(`A price must be a positive decimal string, got "${change.price.amount}"`);
    patches.push({
      op: 'replace',
      path: '/attributes/purchasable_offer',
      // The attribute schema types value_with_tax as a JSON number; a decimal string of up to 15 digits
      // survives Number() and JSON.stringify unchanged.
      value: [{ marketplace_id: change.marketplaceId, currency: change.price.currency, our_price: [{ schedule: [{ value_with_tax: Number(change.price.amount) }] }] }],
    });
  }
  if (change.quantity !== undefined) {
    if (!Number.isInteger(change.quantity) || change.quantity < 0) throw new RangeError(`A quantity must be a whole number >= 0, got ${change.quantity}`);
    patches.push({ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: change.quantity }] });
  }
  if (!patches.length) throw new RangeError('Nothing to change: give a price, a quantity or both');
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
