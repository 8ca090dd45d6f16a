import type { StockAndPriceReading } from '../erp/erp-connector';
import { toDecimalString } from '../money/amount-format';
import { parseAmount } from '../money/amount-parser';
import { currencyExponent, type Exponent } from '../money/currency';
import type { ListingRule } from './listing-rule';
import type { ListingChange, ListingOutbox } from './listing-outbox';

export interface Withdrawn {
  sku: string;
  reason: string;
}

/**
 * Just before sending, reads the ERP again for the rule's ready changes and withdraws each whose grounds moved
 * since the run that found it (or since a person approved it): the ERP price or stock it was built from, or the
 * rule itself. Such a change is never sent; the next run compares again and, if the move is still large, asks
 * again. Only what would go out is checked: a price-only change does not fall because the stock moved.
 */
export async function withdrawStale(outbox: ListingOutbox, rule: ListingRule, erp: StockAndPriceReading, actor: string, signal?: AbortSignal, o: { quantitiesOnly?: boolean } = {}): Promise<Withdrawn[]> {
  // A quantities-only run sends no price change, so it leaves each one (and its approval) to the price run.
  const ready = outbox.list({ amazonConnectionId: rule.amazonConnectionId, marketplaceId: rule.marketplaceId, states: ['ready'] }).filter((c) => !o.quantitiesOnly || c.newPriceMinor === null);
  if (!ready.length) return [];
  const priced = ready.filter((c) => c.newPriceMinor !== null && c.erpPriceMinor !== null);
  const counted = ready.filter((c) => c.newQuantity !== null && c.erpQuantity !== null);
  const numbers = (cs: ListingChange[]) => [...new Set(cs.map((c) => c.itemNumber))];
  const prices = new Map((priced.length ? await erp.readPrices(numbers(priced), signal) : []).map((p) => [p.itemNumber, p]));
  const stock = new Map((counted.length ? await erp.readStock(numbers(counted), signal) : []).map((s) => [s.itemNumber, s.quantity]));

  const withdrawn: Withdrawn[] = [];
  for (const c of ready) {
    const exponent = currencyExponent(c.currency);
    const fmt = (m: number) => toDecimalString(m, exponent);
    const moved: string[] = [];
    if (c.createdAt < rule.updatedAt) moved.push(`the rule was changed by ${rule.updatedBy}`);
    if (c.newPriceMinor !== null && c.erpPriceMinor !== null) {
      const p = prices.get(c.itemNumber);
      const now = p && (p.currency === null || p.currency === c.currency) ? minorOrNull(p.unitPrice, exponent) : null;
      if (now === null) moved.push(`the ERP no longer gives item ${c.itemNumber} a price in ${c.currency}`);
      else if (now !== c.erpPriceMinor) moved.push(`item ${c.itemNumber}'s ERP price moved from ${fmt(c.erpPriceMinor)} to ${fmt(now)}`);
    }
    if (c.newQuantity !== null && c.erpQuantity !== null) {
      const now = stock.get(c.itemNumber);
      if (now === undefined) moved.push(`the ERP no longer gives item ${c.itemNumber} a stock`);
      else if (now !== c.erpQuantity) moved.push(`item ${c.itemNumber}'s ERP stock moved from ${c.erpQuantity} to ${now}`);
    }
    if (!moved.length) continue;
    const since = c.approvedBy ? `since ${c.approvedBy} approved it` : 'since the run that found it';
    const reason = `Withdrawn before sending: ${moved.join('; ')} ${since}. The next run compares again${c.approvedBy ? ' and asks again if the move is still held' : ''}.`;
    if (outbox.withdraw(c, reason, actor)) withdrawn.push({ sku: c.sku, reason });
  }
  return withdrawn;
}

function minorOrNull(amount: string, exponent: Exponent): number | null {
  try {
    return parseAmount(amount, exponent);
  } catch {
    return null;
  }
}
