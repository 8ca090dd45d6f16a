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

/** searchOrders' largest page: maxResultsPerPage "must be between 1 and 100" (orders_2026-01-01.json); what the reader asks for. */
const PAGE_SIZE = 100;
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
    maxResultsPerPage: window.maxResultsPerPage ?? PAGE_SIZE,
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

/**
 * The least a window may stop before the request: lastUpdatedBefore "must be ... at least two minutes
 * before the time of the request" (searchOrders, orders_2026-01-01.json).
 */
export const NEWEST_READABLE_MS = 120_000;
/** A day per window: well inside the 24 hours a paginationToken lives (Pagination, orders_2026-01-01.json). */
export const DEFAULT_WINDOW_MS = 86_400_000;
/**
 * Orders a busy window aims at: ten full pages, half an hour at searchOrders' 0.0056 requests/s, far inside the
 * paginationToken's 24 hours. Each window ends on a part-full page, so a seller with 333 orders a day read a day
 * at a time pays a fourth page for a third of one; windows sized to ten pages pay one part page in eleven.
 */
export const WINDOW_TARGET_ORDERS = 10 * PAGE_SIZE;
/** How far a busy window's length may move from one window to the next, and its bounds. */
const SIZING = { grow: 4, minMs: 15 * 60_000, maxMs: 7 * DEFAULT_WINDOW_MS };

/**
 * The next window's length after one of `spanMs` held `orders`: a window that took more than one page is
 * sized from its orders to WINDOW_TARGET_ORDERS (busy days read in fewer, fuller windows; a burst in shorter
 * ones); a quieter one goes back to `baseMs`, so a small seller still reads a window a day.
 */
export function nextWindowMs(spanMs: number, orders: number, baseMs: number): number {
  if (orders < PAGE_SIZE) return baseMs;
  const sized = Math.round((spanMs * WINDOW_TARGET_ORDERS) / orders);
  return Math.max(SIZING.minMs, Math.min(SIZING.maxMs, spanMs * SIZING.grow, sized));
}

export interface OrdersSinceRequest {
  /** Where the previous read stopped (its cursor): the first window's lastUpdatedAfter. */
  since: Date;
  marketplaceIds: string[];
  includedData?: IncludedData[];
  /** Length of each update window; default one day. */
  windowMs?: number;
  /** Size each busy window from the orders the one before held (nextWindowMs); off: every window `windowMs` long. */
  sizeToOrders?: boolean;
  /** Where to stop; default two minutes before now on the client's clock. */
  until?: Date;
}

export interface OrderWindow {
  lastUpdatedAfter: string;
  /** Where this window ended as Amazon states it: the cursor to keep once the window's orders are handled. */
  lastUpdatedBefore: string;
  orders: Order[];
}

/**
 * Every update window from `since` to `until`, in turn, each read across all its pages. One window per
 * step keeps each page's paginationToken well inside its 24-hour life at searchOrders' 0.0056 requests/s
 * (a page every three minutes once the burst of 20 is spent), and gives a cursor the caller can keep after
 * each window, so a stop halfway resumes where it was. The rate limit itself is the client's (every call
 * waits for its usage-plan token; a 429 is retried with backoff).
 */
export async function* ordersUpdatedByWindow(client: SpApiClient, req: OrdersSinceRequest, signal?: AbortSignal): AsyncGenerator<OrderWindow> {
  const baseMs = req.windowMs ?? DEFAULT_WINDOW_MS;
  if (!(baseMs > 0)) throw new RangeError(`An update window must last a positive time, got ${baseMs} ms.`);
  let windowMs = baseMs;
  const until = (req.until ?? new Date(client.clock.now() - NEWEST_READABLE_MS)).getTime();
  let start = req.since.getTime();
  while (start < until) {
    signal?.throwIfAborted();
    const end = Math.min(start + windowMs, until);
    const window = await searchOrdersUpdated(client, {
      lastUpdatedAfter: new Date(start), lastUpdatedBefore: new Date(end), marketplaceIds: req.marketplaceIds,
      ...(req.includedData ? { includedData: req.includedData } : {}),
    }, signal);
    const stated = window.lastUpdatedBefore ? Date.parse(window.lastUpdatedBefore) : end;
    if (!(stated > start)) throw new Error(`searchOrders ended the window starting ${new Date(start).toISOString()} at ${window.lastUpdatedBefore}, which does not move forward; stopped instead of reading the same window again.`);
    yield { lastUpdatedAfter: new Date(start).toISOString(), lastUpdatedBefore: new Date(stated).toISOString(), orders: window.orders };
    if (req.sizeToOrders) windowMs = nextWindowMs(stated - start, window.orders.length, baseMs);
    start = stated;
  }
}

/**
 * Every order updated since `since`, once each: the windows' bounds are inclusive on both sides ("at or
 * after", "at or before"), so an order updated exactly on a boundary comes twice and its latest copy wins.
 */
export async function readOrdersUpdatedSince(client: SpApiClient, req: OrdersSinceRequest, signal?: AbortSignal): Promise<{ orders: Order[]; windows: number; cursor: string }> {
  const byId = new Map<string, Order>();
  let windows = 0;
  let cursor = req.since.toISOString();
  for await (const w of ordersUpdatedByWindow(client, req, signal)) {
    windows++;
    for (const o of w.orders) {
      const had = byId.get(o.orderId);
      if (!had || Date.parse(o.lastUpdatedTime) >= Date.parse(had.lastUpdatedTime)) byId.set(o.orderId, o);
    }
    cursor = w.lastUpdatedBefore;
  }
  return { orders: [...byId.values()], windows, cursor };
}

/**
 * What an order is for invoicing: `invoice` once every item has shipped (FulfillmentStatus SHIPPED),
 * `never` when cancelled, `wait` otherwise (pending, unshipped, partly shipped, unfulfillable, or read
 * without includedData=FULFILLMENT so its status is unknown).
 */
export function invoiceStatusOf(order: Order): 'invoice' | 'never' | 'wait' {
  const status = (order.fulfillment as { fulfillmentStatus?: unknown } | undefined)?.fulfillmentStatus;
  if (status === 'SHIPPED') return 'invoice';
  if (status === 'CANCELLED') return 'never';
  return 'wait';
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
