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
  /** pending, posting, awaiting, posted, failed, cancelled (the outbox's states), or cancelled-in-erp: a summary a person cancelled or voided in the ERP. */
  state: z.string(),
  erpDocumentNumber: z.string().nullable(),
  /** Minor units of the document's currency. */
  total: z.number().int(),
  /** On a summary invoice (or summary credit note) of many orders: what this order comes to on it, with its tax (minor units). */
  orderAmount: z.number().int().optional(),
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
  unmapped: z.object({ skus: z.array(z.string()), marketplaces: z.array(z.string()), charges: z.array(z.string()).optional() }),
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

/** The charges of core/mapping/order-charge-mapping.ts (ORDER_CHARGES), spelled here so the renderer imports no domain code. */
const ORDER_CHARGES = ['shipping', 'gift-wrap', 'promotion', 'tax'] as const;

/** What an order invoice books besides its goods (core/mapping/order-charge-mapping.ts). */
export const OrderChargeMappingSchema = z.object({
  charge: z.enum(ORDER_CHARGES),
  /** The marketplace name ('Amazon.de'), or '' for every marketplace without a row of its own. */
  marketplace: z.string().max(100),
  /** Shipping, gift wrap, promotions: item, account or freight (SAP B1's additional expenses; other ERPs have none); tax: tax-code. */
  lineType: z.enum(['item', 'account', 'freight', 'tax-code']),
  target: z.string().min(1).max(100),
});
const StoredChargeMappingSchema = OrderChargeMappingSchema.extend({
  updatedAt: z.string(), updatedBy: z.string(),
  /** The item's, account's, freight code's or tax code's name in the ERP, from its reference data; null until that list is read. */
  targetName: z.string().nullable(),
});

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
  'orders.chargeMappings': define({
    summary: 'How an ERP connection invoices what orders carry besides their goods: shipping, gift wrap and promotions to an item, account or freight code, and the tax code of Amazon\'s tax, per marketplace or for every marketplace',
    input: z.object({ connectionId: z.string().min(1) }),
    output: z.array(StoredChargeMappingSchema),
  }),
  'orders.setChargeMapping': define({
    summary: 'Maps one order charge for an ERP connection (and marketplace), checked against the ERP\'s items, accounts, freight codes and tax codes as last read, audited; orders held for want of it are decided again. Answers the connection\'s charge mappings',
    input: z.object({ connectionId: z.string().min(1), mapping: OrderChargeMappingSchema }),
    output: z.array(StoredChargeMappingSchema),
  }),
  'orders.removeChargeMapping': define({
    summary: 'Removes one order charge mapping of an ERP connection, audited; answers the connection\'s charge mappings',
    input: z.object({ connectionId: z.string().min(1), charge: z.enum(ORDER_CHARGES), marketplace: z.string().max(100) }),
    output: z.array(StoredChargeMappingSchema),
  }),
};
