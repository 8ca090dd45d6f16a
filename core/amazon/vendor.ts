import { allItemsByToken } from './next-token-pages';
import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Vendor Retail Procurement: getPurchaseOrders (vendorOrders.json), submitInvoices (vendorInvoices.json) and
 * getTransaction (vendorTransactionStatus.json), all 10 requests/s. Money is `{currencyCode, amount: Decimal
 * string}` in these models, kept as strings.
 */
const DAY = 86_400_000;
/** "The date range must not exceed 7 days and is available to pull data from the past 6 months" (getPurchaseOrders). */
export const PURCHASE_ORDER_WINDOW_MS = 7 * DAY;

const PurchaseOrderSchema = z
  .object({
    purchaseOrderNumber: z.string(),
    purchaseOrderState: z.enum(['New', 'Acknowledged', 'Closed']),
    orderDetails: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;

const PurchaseOrdersResponse = z.object({
  payload: z.object({ pagination: z.object({ nextToken: z.string().optional() }).optional(), orders: z.array(PurchaseOrderSchema).optional() }).optional(),
});

/**
 * Purchase orders changed (or created) in [from, to), cut into windows of at most 7 days, each window paged.
 * Refuses a start older than 6 months rather than silently returning less than was asked for.
 */
export async function getPurchaseOrders(
  client: SpApiClient,
  range: { from: Date; to: Date; by?: 'changed' | 'created'; vendorCode?: string; signal?: AbortSignal },
): Promise<PurchaseOrder[]> {
  const now = client.clock.now();
  const sixMonthsAgo = new Date(now);
  sixMonthsAgo.setUTCMonth(sixMonthsAgo.getUTCMonth() - 6);
  if (range.from.getTime() < sixMonthsAgo.getTime()) {
    throw new RangeError(`Amazon keeps vendor purchase orders for 6 months: ${range.from.toISOString()} is before ${sixMonthsAgo.toISOString()}`);
  }
  if (range.to.getTime() <= range.from.getTime()) throw new RangeError('The purchase order range ends before it starts');
  const [afterKey, beforeKey] = range.by === 'created' ? ['createdAfter', 'createdBefore'] : ['changedAfter', 'changedBefore'];
  const out: PurchaseOrder[] = [];
  for (let start = range.from.getTime(); start < range.to.getTime(); start += PURCHASE_ORDER_WINDOW_MS) {
    const end = Math.min(start + PURCHASE_ORDER_WINDOW_MS, range.to.getTime());
    const base = { [afterKey]: new Date(start).toISOString(), [beforeKey]: new Date(end).toISOString(), limit: 100, sortOrder: 'ASC', includeDetails: 'true',
      // "This value should be same as 'sellingParty.partyId' in the purchase order" (orderingVendorCode, vendorOrders.json).
      ...(range.vendorCode ? { orderingVendorCode: range.vendorCode } : {}) };
    const window = await allItemsByToken(
      'getPurchaseOrders',
      async (nextToken) => {
        const res = await client.request({
          operation: 'getPurchaseOrders',
          method: 'GET',
          path: '/vendor/orders/v1/purchaseOrders',
          query: { ...base, nextToken },
          ...(range.signal ? { signal: range.signal } : {}),
        });
        return parseBody(PurchaseOrdersResponse, res.body, 'getPurchaseOrders');
      },
      (page) => page.payload?.pagination?.nextToken,
      (page) => page.payload?.orders,
    );
    for (const order of window) out.push(order);
  }
  return out;
}

/** An Invoice of vendorInvoices.json; required fields typed, the rest passed as given. */
export interface VendorInvoice {
  invoiceType: 'Invoice' | 'CreditNote';
  id: string;
  date: string;
  remitToParty: { partyId: string; [k: string]: unknown };
  invoiceTotal: { currencyCode: string; amount: string };
  [k: string]: unknown;
}

/**
 * Submits invoices; Amazon processes them asynchronously and answers with a transaction id ("the final
 * response will be available via the getTransaction operation", archived vendor guide @ 8e9558c). Not resent
 * after a dropped connection: the invoices may have been received, and a second submission would duplicate them.
 */
export async function submitInvoices(client: SpApiClient, invoices: VendorInvoice[], signal?: AbortSignal): Promise<string> {
  const res = await client.request({ operation: 'submitInvoices', method: 'POST', path: '/vendor/payments/v1/invoices', body: { invoices }, ...(signal ? { signal } : {}) });
  const body = parseBody(z.object({ payload: z.object({ transactionId: z.string() }) }), res.body, 'submitInvoices');
  return body.payload.transactionId;
}

const TransactionResponse = z.object({
  payload: z.object({
    transactionStatus: z.object({
      transactionId: z.string(),
      status: z.enum(['Failure', 'Processing', 'Success']),
      errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.string().optional() })).optional(),
    }),
  }),
});
export type VendorTransaction = z.infer<typeof TransactionResponse>['payload']['transactionStatus'];

/** Polls getTransaction until Success or Failure (or the clock-time deadline). */
export async function waitForTransaction(client: SpApiClient, transactionId: string, options: { pollMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<VendorTransaction> {
  const deadline = client.clock.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const res = await client.request({
      operation: 'getTransaction',
      method: 'GET',
      path: `/vendor/transactions/v1/transactions/${encodeURIComponent(transactionId)}`,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const t = parseBody(TransactionResponse, res.body, 'getTransaction').payload.transactionStatus;
    if (t.status !== 'Processing') return t;
    if (client.clock.now() >= deadline) return t;
    await client.clock.sleep(options.pollMs ?? 10_000, options.signal);
  }
}
