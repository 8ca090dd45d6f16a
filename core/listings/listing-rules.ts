import { z } from 'zod';
import { isKnownCurrency } from '../money/currency';
import type { AuditLog, Db } from '../store';
import { ROUNDINGS, type ListingRule, type ListingRuleInput } from './listing-rule';

const minor = z.number().int().safe();
/** What a rule must hold; the same checks for the API and for a stored row. */
export const ListingRuleInputSchema = z
  .object({
    amazonConnectionId: z.string().min(1),
    marketplaceId: z.string().min(1),
    erpConnectionId: z.string().min(1),
    sellerId: z.string().trim().min(1, 'The selling partner id is required: Listings Items and the listings feed address the seller by it.'),
    currency: z.string().refine(isKnownCurrency, 'Not an ISO 4217 currency code'),
    priceSource: z.literal('item-unit-price'),
    pricing: z.enum(['markup', 'fixed']),
    markupBp: z.number().int().min(-9_000).max(100_000),
    fixedPriceMinor: minor.positive().nullable(),
    rounding: z.enum(ROUNDINGS),
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
    if (r.minPriceMinor !== null && r.maxPriceMinor !== null && r.minPriceMinor > r.maxPriceMinor) {
      ctx.addIssue({ code: 'custom', path: ['maxPriceMinor'], message: 'The maximum price is under the minimum price' });
    }
  });

interface Row {
  amazon_connection_id: string; marketplace_id: string; erp_connection_id: string; seller_id: string; currency: string; price_source: 'item-unit-price';
  pricing: 'markup' | 'fixed'; markup_bp: number; fixed_price_minor: number | null; rounding: ListingRule['rounding']; min_price_minor: number | null;
  max_price_minor: number | null; stock_buffer: number; skus: string | null; send_prices: number; send_quantities: number; hold_above_bp: number;
  auto_send: number; updated_at: string; updated_by: string;
}

const fromRow = (r: Row): ListingRule => ({
  amazonConnectionId: r.amazon_connection_id, marketplaceId: r.marketplace_id, erpConnectionId: r.erp_connection_id, sellerId: r.seller_id,
  currency: r.currency, priceSource: r.price_source, pricing: r.pricing, markupBp: r.markup_bp, fixedPriceMinor: r.fixed_price_minor,
  rounding: r.rounding, minPriceMinor: r.min_price_minor, maxPriceMinor: r.max_price_minor, stockBuffer: r.stock_buffer,
  skus: r.skus === null ? null : z.array(z.string()).parse(JSON.parse(r.skus)), sendPrices: r.send_prices === 1, sendQuantities: r.send_quantities === 1,
  holdAboveBp: r.hold_above_bp, autoSend: r.auto_send === 1, updatedAt: r.updated_at, updatedBy: r.updated_by,
});

/** The listing rules of each Amazon connection and marketplace; every change is audited with before and after. */
export class ListingRules {
  constructor(private readonly db: Db, private readonly audit: AuditLog) {}

  list(amazonConnectionId?: string): ListingRule[] {
    const rows = (amazonConnectionId
      ? this.db.prepare('SELECT * FROM listing_rule WHERE amazon_connection_id = ? ORDER BY marketplace_id').all(amazonConnectionId)
      : this.db.prepare('SELECT * FROM listing_rule ORDER BY amazon_connection_id, marketplace_id').all()) as Row[];
    return rows.map(fromRow);
  }

  get(amazonConnectionId: string, marketplaceId: string): ListingRule | null {
    const r = this.db.prepare('SELECT * FROM listing_rule WHERE amazon_connection_id = ? AND marketplace_id = ?').get(amazonConnectionId, marketplaceId) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  save(input: ListingRuleInput, actor: string, at: Date): ListingRule {
    const r = ListingRuleInputSchema.parse(input);
    return this.db.transaction(() => {
      const before = this.get(r.amazonConnectionId, r.marketplaceId);
      this.db.prepare(`INSERT INTO listing_rule (amazon_connection_id, marketplace_id, erp_connection_id, seller_id, currency, price_source, pricing, markup_bp,
          fixed_price_minor, rounding, min_price_minor, max_price_minor, stock_buffer, skus, send_prices, send_quantities, hold_above_bp, auto_send, updated_at, updated_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (amazon_connection_id, marketplace_id) DO UPDATE SET erp_connection_id = excluded.erp_connection_id, seller_id = excluded.seller_id,
          currency = excluded.currency, price_source = excluded.price_source, pricing = excluded.pricing, markup_bp = excluded.markup_bp,
          fixed_price_minor = excluded.fixed_price_minor, rounding = excluded.rounding, min_price_minor = excluded.min_price_minor,
          max_price_minor = excluded.max_price_minor, stock_buffer = excluded.stock_buffer, skus = excluded.skus, send_prices = excluded.send_prices,
          send_quantities = excluded.send_quantities, hold_above_bp = excluded.hold_above_bp, auto_send = excluded.auto_send,
          updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(r.amazonConnectionId, r.marketplaceId, r.erpConnectionId, r.sellerId, r.currency, r.priceSource, r.pricing, r.markupBp, r.fixedPriceMinor,
          r.rounding, r.minPriceMinor, r.maxPriceMinor, r.stockBuffer, r.skus === null ? null : JSON.stringify(r.skus), r.sendPrices ? 1 : 0,
          r.sendQuantities ? 1 : 0, r.holdAboveBp, r.autoSend ? 1 : 0, at.toISOString(), actor);
      const after = this.get(r.amazonConnectionId, r.marketplaceId)!;
      this.audit.record({
        kind: 'decision', system: 'app', operation: before ? 'listing-rule.change' : 'listing-rule.add', actor, connectionId: r.amazonConnectionId,
        subjectType: 'listing-rule', subjectId: r.marketplaceId, detail: { before, after },
      });
      return after;
    })();
  }
}
