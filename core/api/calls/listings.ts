import { z } from 'zod';
import { define } from '../define';

const minor = z.number().int().safe();

/** A listing rule as the editor sends it (mirrors core/listings/listing-rules.ts; this file stays pure zod). Money in minor units, percentages in basis points. */
export const ListingRuleInputSchema = z
  .object({
    amazonConnectionId: z.string().min(1),
    marketplaceId: z.string().min(1),
    erpConnectionId: z.string().min(1, 'Choose the ERP connection whose prices and stock feed this marketplace'),
    sellerId: z.string().trim().min(1, 'The selling partner id is required: Listings Items and the listings feed address the seller by it'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'A currency is a three-letter ISO 4217 code'),
    priceSource: z.literal('item-unit-price'),
    pricing: z.enum(['markup', 'fixed']),
    markupBp: z.number().int().min(-9_000, 'A markdown of more than 90% is refused').max(100_000),
    fixedPriceMinor: minor.positive().nullable(),
    rounding: z.enum(['none', 'up-to-99', 'up-to-whole']),
    minPriceMinor: minor.positive().nullable(),
    maxPriceMinor: minor.positive().nullable(),
    stockBuffer: z.number().int().min(0).max(1_000_000),
    skus: z.array(z.string().trim().min(1)).max(100_000).nullable(),
    sendPrices: z.boolean(),
    sendQuantities: z.boolean(),
    holdAboveBp: z.number().int().min(0).max(100_000),
    autoSend: z.boolean(),
  })
  .superRefine((r, ctx) => {
    if (r.pricing === 'fixed' && r.fixedPriceMinor === null) ctx.addIssue({ code: 'custom', path: ['fixedPriceMinor'], message: 'A fixed-price rule needs its price' });
    if (r.minPriceMinor !== null && r.maxPriceMinor !== null && r.minPriceMinor > r.maxPriceMinor) ctx.addIssue({ code: 'custom', path: ['maxPriceMinor'], message: 'The maximum price is under the minimum price' });
  });

export const ListingRuleViewSchema = z.object({
  amazonConnectionId: z.string(), marketplaceId: z.string(), erpConnectionId: z.string(), sellerId: z.string(), currency: z.string(),
  priceSource: z.literal('item-unit-price'), pricing: z.enum(['markup', 'fixed']), markupBp: z.number().int(), fixedPriceMinor: z.number().int().nullable(),
  rounding: z.enum(['none', 'up-to-99', 'up-to-whole']), minPriceMinor: z.number().int().nullable(), maxPriceMinor: z.number().int().nullable(),
  stockBuffer: z.number().int(), skus: z.array(z.string()).nullable(), sendPrices: z.boolean(), sendQuantities: z.boolean(), holdAboveBp: z.number().int(),
  autoSend: z.boolean(), updatedAt: z.string(), updatedBy: z.string(),
});
export type ListingRuleView = z.infer<typeof ListingRuleViewSchema>;

/** An inventory adjustment proposed from the FBA comparison (mirrors core/listings/stock-adjustments.ts). */
export const StockAdjustmentViewSchema = z.object({
  id: z.number().int(), sku: z.string(), itemNumber: z.string(), amazonTotal: z.number().int(), erpStock: z.number().int(), quantity: z.number().int(),
  naturalKey: z.string(), state: z.enum(['held', 'approved', 'sending', 'posted', 'failed', 'withdrawn']), approvedBy: z.string().nullable(),
  documentNumber: z.string().nullable(), error: z.string().nullable(), withdrawnReason: z.string().nullable(), updatedAt: z.string(),
});
export type StockAdjustmentView = z.infer<typeof StockAdjustmentViewSchema>;

export const ListingChangeViewSchema = z.object({
  id: z.number().int(),
  sku: z.string(),
  itemNumber: z.string(),
  currency: z.string(),
  erpPriceMinor: z.number().int().nullable(),
  sentPriceMinor: z.number().int().nullable(),
  amazonPriceMinor: z.number().int().nullable(),
  newPriceMinor: z.number().int().nullable(),
  erpQuantity: z.number().nullable(),
  sentQuantity: z.number().int().nullable(),
  amazonQuantity: z.number().int().nullable(),
  newQuantity: z.number().int().nullable(),
  rule: z.string(),
  holdReason: z.string().nullable(),
  state: z.enum(['held', 'ready', 'sending', 'sent', 'failed', 'superseded']),
  approvedBy: z.string().nullable(),
  via: z.enum(['patch', 'feed']).nullable(),
  feedId: z.string().nullable(),
  issues: z.array(z.object({ code: z.string().nullable(), message: z.string(), severity: z.string(), attributeNames: z.array(z.string()).optional() })),
  withdrawnReason: z.string().nullable(),
  updatedAt: z.string(),
});
export type ListingChangeView = z.infer<typeof ListingChangeViewSchema>;

const Scope = z.object({ amazonConnectionId: z.string().min(1), marketplaceId: z.string().min(1) });

/** An offer-only listing asked for: a SKU mapped to an ERP item, the existing ASIN it sells, and how it is fulfilled. */
const OfferInput = Scope.extend({
  sku: z.string().trim().min(1, 'Enter the SKU; it must be mapped to an ERP item under Mappings'),
  asin: z.string().trim().min(1, 'Enter the ASIN the offer sells'),
  productType: z.string().trim().min(1, 'Enter Amazon\'s product type, e.g. CHAIR'),
  condition: z.string().trim().min(1),
  fbaChannel: z.string().trim().min(1).nullable(),
});
const OfferOutput = z.object({
  price: z.object({ amount: z.string(), currency: z.string() }),
  quantity: z.number().int().nullable(),
  steps: z.string(),
  status: z.enum(['VALID', 'INVALID']),
  issues: z.array(z.object({ code: z.string().nullable(), message: z.string(), severity: z.string(), attributeNames: z.array(z.string()).optional() })),
});

export const listingCalls = {
  'listings.setup': define({
    summary: 'What a listing rule can name: Amazon connections with their selling partner id, ERP connections that give prices and stock, marketplaces with their currency',
    input: z.object({}),
    output: z.object({
      amazon: z.array(z.object({ id: z.string(), name: z.string(), sellerId: z.string().nullable() })),
      erp: z.array(z.object({ id: z.string(), name: z.string() })),
      marketplaces: z.array(z.object({ id: z.string(), name: z.string(), currency: z.string() })),
    }),
  }),
  'listings.rules': define({
    summary: 'The listing rules of every Amazon connection and marketplace',
    input: z.object({}),
    output: z.array(ListingRuleViewSchema),
  }),
  'listings.saveRule': define({
    summary: 'Create or change the listing rule of an Amazon connection and marketplace (audited)',
    input: ListingRuleInputSchema,
    output: ListingRuleViewSchema,
  }),
  'listings.preview': define({
    summary: 'Read the ERP and Amazon and record the change set of a rule: SKU, old → new price and quantity, the rule; nothing is sent',
    input: Scope,
    output: z.object({
      found: z.number().int(), held: z.number().int(), unchanged: z.number().int(), skipped: z.array(z.object({ sku: z.string(), reason: z.string() })),
      withdrawn: z.array(z.object({ sku: z.string(), reason: z.string() })),
    }),
    progress: true,
  }),
  'listings.changes': define({
    summary: 'The listing changes of a rule, newest first: held, ready, on their way, sent and failed with Amazon\'s words',
    input: Scope,
    output: z.array(ListingChangeViewSchema),
  }),
  'listings.approve': define({
    summary: 'Let held listing changes go (who and when are recorded)',
    input: z.object({ ids: z.array(z.number().int()).min(1).max(100_000) }),
    output: z.array(ListingChangeViewSchema),
  }),
  'listings.fbaReport': define({
    summary: 'FBA inventory of a rule\'s marketplace (fulfillable, inbound, reserved, unfulfillable) beside the ERP\'s stock of each mapped item, with the differences and a CSV of it',
    input: Scope,
    output: z.object({
      rows: z.array(z.object({
        sku: z.string(), itemNumber: z.string().nullable(), fulfillable: z.number().int(), inbound: z.number().int(), reserved: z.number().int(),
        unfulfillable: z.number().int(), amazonTotal: z.number().int(), erpStock: z.number().nullable(), difference: z.number().nullable(), note: z.string().nullable(),
      })),
      differences: z.number().int(),
      csv: z.string(),
      /** Whether the rule's ERP takes inventory adjustments: then each difference is proposed as one, held for approval. */
      adjustable: z.boolean(),
      adjustments: z.array(StockAdjustmentViewSchema),
    }),
    progress: true,
  }),
  'listings.adjustments': define({
    summary: 'The inventory adjustments of a rule\'s marketplace, newest first: held, approved, on their way, posted with the ERP\'s number, failed or withdrawn with why',
    input: Scope,
    output: z.array(StockAdjustmentViewSchema),
  }),
  'listings.approveAdjustments': define({
    summary: 'Approve held inventory adjustments, bound to the Amazon and ERP counts they stand on (who and when are recorded)',
    input: z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }),
    output: z.array(StockAdjustmentViewSchema),
  }),
  'listings.withdrawAdjustments': define({
    summary: 'Withdraw held or approved inventory adjustments before they are posted (audited)',
    input: z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }),
    output: z.array(StockAdjustmentViewSchema),
  }),
  'listings.postAdjustments': define({
    summary: 'Post the approved inventory adjustments of a rule to its ERP, once each, after reading both counts again (a moved count withdraws the adjustment)',
    input: Scope,
    output: z.object({
      posted: z.number().int(), found: z.number().int(), failed: z.number().int(), stopped: z.string().nullable(),
      withdrawn: z.array(z.object({ sku: z.string(), reason: z.string() })),
    }),
    progress: true,
  }),
  'listings.offerCheck': define({
    summary: 'Price an offer-only listing of an ERP item by the rule and have Amazon validate it (VALIDATION_PREVIEW); nothing is listed',
    input: OfferInput,
    output: OfferOutput,
  }),
  'listings.offerCreate': define({
    summary: 'Create an offer-only listing once: validated first, left alone if Amazon already lists the SKU (audited)',
    input: OfferInput,
    output: OfferOutput.extend({ outcome: z.enum(['created', 'already-listed', 'refused']) }),
  }),
  'listings.send': define({
    summary: 'Send the ready listing changes of a rule to Amazon, once each: a few by patchListingsItem, many by JSON_LISTINGS_FEED',
    input: Scope,
    output: z.object({
      sent: z.number().int(), failed: z.number().int(), retry: z.number().int(), feedIds: z.array(z.string()), stopped: z.string().nullable(),
      withdrawn: z.array(z.object({ sku: z.string(), reason: z.string() })),
    }),
    progress: true,
  }),
};
