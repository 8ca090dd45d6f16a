import { z } from 'zod';
import { define } from '../define';
import { RunViewSchema } from './jobs';

/** One ERP document of an order, as the outbox holds it. */
export const OrderDocumentSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  /** salesInvoice, and salesCreditNote for a refund. */
  kind: z.string(),
  naturalKey: z.string(),
  /** pending, posting, awaiting, posted, failed, cancelled (the outbox's states). */
  state: z.string(),
  erpDocumentNumber: z.string().nullable(),
  /** Minor units of the document's currency. */
  total: z.number().int(),
  currency: z.string(),
  error: z.string().nullable(),
  updatedAt: z.string(),
});

/** What an ERP connection on "Orders as invoices" made of the order the last time it was read. */
export const OrderDecisionSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  outcome: z.enum(['queued', 'cancelled', 'not-shipped', 'refused']),
  reasons: z.array(z.string()),
  unmapped: z.object({ skus: z.array(z.string()), marketplaces: z.array(z.string()) }),
  decidedAt: z.string(),
});

export const OrderSettlementSchema = z.object({
  settlementId: z.string(),
  version: z.number().int(),
  currency: z.string(),
  /** The order's lines in it, summed, minor units. */
  amount: z.number().int(),
  lineCount: z.number().int(),
  transactionTypes: z.array(z.string()),
});

export const OrderItemSchema = z.object({
  orderItemId: z.string(),
  sku: z.string().nullable(),
  title: z.string().nullable(),
  quantityOrdered: z.number().int(),
  unitPrice: z.string().nullable(),
  currency: z.string().nullable(),
});

export const OrderViewSchema = z.object({
  orderId: z.string(),
  /** invoiced · partly invoiced · queued · refused · failed · cancelled · not shipped · in a settlement only (not read from Amazon). */
  status: z.enum(['invoiced', 'queued', 'failed', 'refused', 'cancelled', 'not-shipped', 'settlement-only', 'read']),
  /** The status in a sentence. */
  statusText: z.string(),
  amazon: z.object({
    marketplaceId: z.string().nullable(),
    marketplaceName: z.string().nullable(),
    fulfillmentStatus: z.string().nullable(),
    createdTime: z.string(),
    lastUpdatedTime: z.string(),
    items: z.array(OrderItemSchema),
  }).nullable(),
  skus: z.array(z.string()),
  documents: z.array(OrderDocumentSchema),
  decisions: z.array(OrderDecisionSchema),
  settlements: z.array(OrderSettlementSchema),
});
export type OrderView = z.infer<typeof OrderViewSchema>;

export const orderCalls = {
  'orders.find': define({
    summary: 'Orders by order id (or its start) or seller SKU, among those read from Amazon and those in settlements; the newest first. An empty query lists the latest read',
    input: z.object({ query: z.string().max(100).default(''), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.array(OrderViewSchema),
  }),
  'orders.invoiceNow': define({
    summary: "Runs order invoicing now for an Amazon connection: reads its new orders and invoices the shipped ones in every ERP connection on \"Orders as invoices\", exactly once. Uses the connection's order-invoicing job, adding one (hourly, off until enabled) when it has none",
    input: z.object({ amazonConnectionId: z.string().min(1) }),
    output: RunViewSchema,
    progress: true,
  }),
};
