import { pagesByToken } from './next-token-pages';
import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Orders API v2026-01-01 (orders_2026-01-01.json). v0 is deprecated ("you must migrate ... by March 27,
 * 2027", NOTES.md §0.1). Money here is already `{amount: Decimal string, currencyCode}`. Buyer and recipient
 * data come only with includedData=BUYER/RECIPIENT and need no Restricted Data Token in this version.
 */
export type IncludedData =
  | 'BUYER' | 'RECIPIENT' | 'PROCEEDS' | 'EXPENSE' | 'PROMOTION' | 'CANCELLATION' | 'FULFILLMENT' | 'PACKAGES' | 'TAX' | 'PAYMENT' | 'FULFILLMENT_ORDERS';

export const OrderSchema = z
  .object({
    orderId: z.string(),
    createdTime: z.string(),
    lastUpdatedTime: z.string(),
    salesChannel: z.object({ channelName: z.string(), marketplaceId: z.string().optional(), marketplaceName: z.string().optional() }),
    orderItems: z.array(z.object({ orderItemId: z.string(), quantityOrdered: z.number().int() }).passthrough()),
  })
  .passthrough();
export type Order = z.infer<typeof OrderSchema>;

const SearchResponse = z.object({
  orders: z.array(OrderSchema),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
  lastUpdatedBefore: z.string().optional(),
  createdBefore: z.string().optional(),
});

export interface SearchOrdersWindow {
  lastUpdatedAfter: Date;
  lastUpdatedBefore?: Date;
  marketplaceIds: string[];
  includedData?: IncludedData[];
  maxResultsPerPage?: number;
}

/**
 * Orders updated in one window, every page. searchOrders allows 0.0056 requests/s with a burst of 20
 * (about one page every three minutes once the burst is spent), so pages are 100 orders, the maximum.
 * The returned `lastUpdatedBefore` is where the next window should start.
 */
export async function searchOrdersUpdated(
  client: SpApiClient,
  window: SearchOrdersWindow,
  signal?: AbortSignal,
): Promise<{ orders: Order[]; lastUpdatedBefore: string | undefined }> {
  const base = {
    lastUpdatedAfter: window.lastUpdatedAfter.toISOString(),
    lastUpdatedBefore: window.lastUpdatedBefore?.toISOString(),
    marketplaceIds: window.marketplaceIds,
    includedData: window.includedData,
    maxResultsPerPage: window.maxResultsPerPage ?? 100,
  };
  const orders: Order[] = [];
  let upper: string | undefined;
  const pages = pagesByToken(
    'searchOrders',
    async (paginationToken) => {
      // "To retrieve the next page, you must pass the nextToken value as the paginationToken query parameter"
      // with the other parameters unchanged (searchOrders paginationToken).
      const res = await client.request({
        operation: 'searchOrders',
        method: 'GET',
        path: '/orders/2026-01-01/orders',
        query: { ...base, paginationToken },
        ...(window.marketplaceIds.length === 1 ? { marketplaceId: window.marketplaceIds[0] } : {}),
        ...(signal ? { signal } : {}),
      });
      return parseBody(SearchResponse, res.body, 'searchOrders');
    },
    (page) => page.pagination?.nextToken,
  );
  for await (const page of pages) {
    for (const order of page.orders) orders.push(order);
    upper ??= page.lastUpdatedBefore;
  }
  return { orders, lastUpdatedBefore: upper };
}

export async function getOrder(client: SpApiClient, orderId: string, includedData: IncludedData[] = [], signal?: AbortSignal): Promise<Order> {
  const res = await client.request({
    operation: 'getOrder',
    method: 'GET',
    path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
    query: { includedData: includedData.length ? includedData : undefined },
    ...(signal ? { signal } : {}),
  });
  return parseBody(z.object({ order: OrderSchema }), res.body, 'getOrder').order;
}
