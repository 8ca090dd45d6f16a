import { toDecimalString } from '../money/amount-format';
import { currencyExponent } from '../money/currency';

export const ROUNDINGS = ['none', 'up-to-99', 'up-to-whole'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

/**
 * How one Amazon marketplace of one Amazon connection takes prices and quantities from one ERP connection.
 * Money is integer minor units of `currency`; percentages are basis points (1500 = 15%).
 */
export interface ListingRule {
  amazonConnectionId: string;
  marketplaceId: string;
  erpConnectionId: string;
  /** The selling partner id Listings Items and the listings feed address. */
  sellerId: string;
  currency: string;
  /** The ERP price the rule starts from: the item's unit price (the only one every connector reads today). */
  priceSource: 'item-unit-price';
  pricing: 'markup' | 'fixed';
  markupBp: number;
  fixedPriceMinor: number | null;
  rounding: Rounding;
  minPriceMinor: number | null;
  maxPriceMinor: number | null;
  /** Units kept back from Amazon: the quantity sent is the ERP's stock less this, never below 0. */
  stockBuffer: number;
  /** The SKUs that take part; null: every SKU with an item mapping. */
  skus: string[] | null;
  sendPrices: boolean;
  sendQuantities: boolean;
  /** A price moving more than this from what Amazon shows waits for a person's approval. */
  holdAboveBp: number;
  /** Changes that need no approval are sent by the listings job without a person pressing Send. */
  autoSend: boolean;
  updatedAt: string;
  updatedBy: string;
}

export type ListingRuleInput = Omit<ListingRule, 'updatedAt' | 'updatedBy'>;

export interface PriceOutcome {
  priceMinor: number;
  /** The steps in words, e.g. "unit price 1000.80 + 15.00% = 1150.92, up to .99 = 1150.99". */
  steps: string;
  /** Set when the price hit the minimum guard: such a change waits for approval. */
  underMinimum: boolean;
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** Rounds half away from zero: value * (10000 + bp) / 10000 in integers, so no float touches the money. */
function withMarkup(minor: number, bp: number): number {
  const scaled = BigInt(minor) * BigInt(10_000 + bp);
  const q = scaled / 10_000n;
  const r = scaled % 10_000n;
  return Number(r * 2n >= 10_000n ? q + 1n : q);
}

function rounded(minor: number, rounding: Rounding, unit: number): number {
  if (rounding === 'none' || unit === 1) return minor;
  if (rounding === 'up-to-whole') return Math.ceil(minor / unit) * unit;
  // The next price at or above ending in .99 (one minor unit under a whole amount).
  const whole = Math.floor(minor / unit) * unit;
  return minor <= whole + unit - 1 ? whole + unit - 1 : whole + 2 * unit - 1;
}

/** The price a rule gives for an ERP price, with how it got there. */
export function priceFor(rule: Pick<ListingRule, 'pricing' | 'markupBp' | 'fixedPriceMinor' | 'rounding' | 'minPriceMinor' | 'maxPriceMinor' | 'currency'>, erpPriceMinor: number): PriceOutcome {
  const exponent = currencyExponent(rule.currency);
  const unit = 10 ** exponent;
  const fmt = (m: number) => toDecimalString(m, exponent);
  let price: number;
  let steps: string;
  if (rule.pricing === 'fixed') {
    if (rule.fixedPriceMinor === null) throw new RangeError('A fixed-price rule needs its price');
    price = rule.fixedPriceMinor;
    steps = `fixed price ${fmt(price)}`;
  } else {
    price = withMarkup(erpPriceMinor, rule.markupBp);
    steps = `unit price ${fmt(erpPriceMinor)} ${rule.markupBp >= 0 ? '+' : '−'} ${pct(Math.abs(rule.markupBp))} = ${fmt(price)}`;
  }
  const r = rounded(price, rule.rounding, unit);
  if (r !== price) steps += `, ${rule.rounding === 'up-to-99' ? `up to .${'9'.repeat(exponent)}` : 'up to a whole amount'} = ${fmt(r)}`;
  price = r;
  let underMinimum = false;
  if (rule.minPriceMinor !== null && price < rule.minPriceMinor) {
    steps += `, under the minimum ${fmt(rule.minPriceMinor)}: raised to it`;
    price = rule.minPriceMinor;
    underMinimum = true;
  }
  if (rule.maxPriceMinor !== null && price > rule.maxPriceMinor) {
    steps += `, over the maximum ${fmt(rule.maxPriceMinor)}: lowered to it`;
    price = rule.maxPriceMinor;
  }
  return { priceMinor: price, steps, underMinimum };
}

/** The quantity to offer: ERP stock less the buffer, never negative; ERP stock may be fractional, Amazon's is whole. */
export function quantityFor(stockBuffer: number, erpStock: number): { quantity: number; steps: string } {
  const whole = Math.max(0, Math.floor(erpStock));
  const quantity = Math.max(0, whole - stockBuffer);
  return { quantity, steps: stockBuffer ? `stock ${whole} − buffer ${stockBuffer} = ${quantity}` : `stock ${whole}` };
}

/** Whether a price move is beyond the hold threshold: |new − old| / old > bp, in integers. */
export function movesBeyond(oldMinor: number, newMinor: number, bp: number): boolean {
  if (oldMinor <= 0) return newMinor !== oldMinor;
  return Math.abs(newMinor - oldMinor) * 10_000 > oldMinor * bp;
}
