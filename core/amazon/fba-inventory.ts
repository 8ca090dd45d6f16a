import { allItemsByToken } from './next-token-pages';
import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/** InventorySummary (fbaInventory.json); quantities are integers, no money. */
export const InventorySummarySchema = z
  .object({
    asin: z.string().optional(),
    fnSku: z.string().optional(),
    sellerSku: z.string().optional(),
    condition: z.string().optional(),
    lastUpdatedTime: z.string().optional(),
    productName: z.string().optional(),
    totalQuantity: z.number().int().optional(),
    inventoryDetails: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type InventorySummary = z.infer<typeof InventorySummarySchema>;

const Response = z.object({
  payload: z.object({ inventorySummaries: z.array(InventorySummarySchema) }).passthrough().optional(),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
});

/**
 * FBA inventory of one marketplace (granularityType=Marketplace, the only value the model allows).
 * The nextToken "will expire 30 seconds after being created" (fbaInventory.json), so pages are read back
 * to back; getInventorySummaries allows 2 requests/s with a burst of 2.
 */
export async function getInventorySummaries(
  client: SpApiClient,
  marketplaceId: string,
  options: { details?: boolean; startDateTime?: Date; sellerSkus?: string[]; signal?: AbortSignal } = {},
): Promise<InventorySummary[]> {
  const base = {
    granularityType: 'Marketplace',
    granularityId: marketplaceId,
    marketplaceIds: [marketplaceId],
    details: options.details ?? true,
    startDateTime: options.startDateTime?.toISOString(),
    sellerSkus: options.sellerSkus,
  };
  return allItemsByToken(
    'getInventorySummaries',
    async (nextToken) => {
      const res = await client.request({
        operation: 'getInventorySummaries',
        method: 'GET',
        path: '/fba/inventory/v1/summaries',
        query: { ...base, nextToken },
        marketplaceId,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return parseBody(Response, res.body, 'getInventorySummaries');
    },
    (page) => page.pagination?.nextToken,
    (page) => page.payload?.inventorySummaries,
  );
}
