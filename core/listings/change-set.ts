import type { ListingShown } from '../amazon/listings';
import type { StockAndPriceReading } from '../erp/erp-connector';
import { parseAmount } from '../money/amount-parser';
import { toDecimalString } from '../money/amount-format';
import { currencyExponent } from '../money/currency';
import { movesBeyond, priceFor, quantityFor, type ListingRule } from './listing-rule';
import type { Withdrawn } from './approval-check';
import type { ListingChange, ListingOutbox } from './listing-outbox';

export interface ChangeSetSources {
  erp: StockAndPriceReading;
  /** What Amazon shows for a SKU in the rule's marketplace (getListingsItem); null when Amazon has no such listing. */
  readAmazon(sku: string, signal?: AbortSignal): Promise<ListingShown | null>;
  /** SKU → ERP item number: the ERP connection's `sku` mappings. */
  skuItems: ReadonlyMap<string, string>;
}

export interface ChangeSetResult {
  found: ListingChange[];
  /** SKUs whose price and quantity already are what the rule gives. */
  unchanged: number;
  /** SKUs left out, with why. */
  skipped: { sku: string; reason: string }[];
  /** Held or ready changes this run took out before they were sent (approved ones among them), with why. */
  withdrawn: Withdrawn[];
}

/**
 * Compares, for each SKU of the rule, what the ERP says (through the rule) with what was last sent and what
 * Amazon shows, and records each difference as a change in the outbox, with the rule that produced it. A
 * change waits for approval when its price moves beyond the rule's threshold or hit the minimum guard; the rest
 * are ready to send. FBA listings (a fulfilment channel other than DEFAULT) never get a quantity: Amazon counts it.
 */
export async function buildChangeSet(outbox: ListingOutbox, rule: ListingRule, sources: ChangeSetSources, actor: string, signal?: AbortSignal, o: { quantitiesOnly?: boolean } = {}): Promise<ChangeSetResult> {
  // A quantities-only run (the listings schedule's 15-minute runs) compares no prices and leaves a SKU's pending price
  // change as it is: a quantity that moved goes alone, in a change of its own beside it.
  const quantitiesOnly = o.quantitiesOnly ?? false;
  if (quantitiesOnly) rule = { ...rule, sendPrices: false };
  /** The open changes this run may take out: a quantities-only run never touches one carrying a price. */
  const ours = (sku: string) => outbox.openChanges(rule.amazonConnectionId, rule.marketplaceId, sku).filter((c) => c.state !== 'sending' && (!quantitiesOnly || c.newPriceMinor === null));
  const skipped: ChangeSetResult['skipped'] = [];
  const withdrawn: Withdrawn[] = [];
  const withdraw = (c: ListingChange, reason: string) => {
    if (outbox.withdraw(c, reason, actor)) withdrawn.push({ sku: c.sku, reason });
  };
  // A SKU left out or found unchanged has nothing to send: a change still held or ready for it, approved or not, is
  // withdrawn with the reason, so an approval never sends values the ERP no longer gives.
  const skip = (sku: string, reason: string) => {
    skipped.push({ sku, reason });
    for (const open of ours(sku)) withdraw(open, `Withdrawn by a newer run: ${reason}`);
  };
  const skus = rule.skus ?? [...sources.skuItems.keys()].sort();
  const taking = new Set(skus);
  for (const c of outbox.list({ amazonConnectionId: rule.amazonConnectionId, marketplaceId: rule.marketplaceId, states: ['held', 'ready'] })) {
    if (!taking.has(c.sku)) withdraw(c, `Withdrawn: SKU ${c.sku} no longer takes part in the rule.`);
  }
  const items = new Map<string, string>();
  for (const sku of skus) {
    const item = sources.skuItems.get(sku);
    if (item) items.set(sku, item);
    else skip(sku, `SKU ${sku} is not mapped to an item; map it under Mappings.`);
  }
  const numbers = [...new Set(items.values())];
  const prices = new Map((rule.sendPrices && numbers.length ? await sources.erp.readPrices(numbers, signal) : []).map((p) => [p.itemNumber, p]));
  const stock = new Map((rule.sendQuantities && numbers.length ? await sources.erp.readStock(numbers, signal) : []).map((s) => [s.itemNumber, s.quantity]));
  const exponent = currencyExponent(rule.currency);
  const fmt = (m: number | null) => (m === null ? '—' : toDecimalString(m, exponent));
  const found: ListingChange[] = [];
  let unchanged = 0;

  for (const [sku, item] of items) {
    signal?.throwIfAborted();
    const opens = outbox.openChanges(rule.amazonConnectionId, rule.marketplaceId, sku);
    if (opens.some((c) => c.state === 'sending')) {
      skipped.push({ sku, reason: `A change of SKU ${sku} is on its way to Amazon; the next run compares again after it is sent.` });
      continue;
    }
    // The change this run may keep (same values) or supersede; any other open one of ours is withdrawn below.
    const pendingPrice = quantitiesOnly ? opens.find((c) => c.newPriceMinor !== null) ?? null : null;
    const open = quantitiesOnly ? opens.find((c) => c.newPriceMinor === null) ?? null : opens[0] ?? null;
    const shown = await sources.readAmazon(sku, signal);
    if (!shown) {
      skip(sku, `Amazon has no listing for SKU ${sku} in marketplace ${rule.marketplaceId}; create the offer on Amazon first.`);
      continue;
    }
    const last = outbox.lastSent(rule.amazonConnectionId, rule.marketplaceId, sku);
    const steps: string[] = [];
    const holds: string[] = [];

    let amazonPrice: number | null = null;
    if (shown.price && shown.price.currency === rule.currency) amazonPrice = parseAmount(shown.price.amount, exponent);
    let erpPrice: number | null = null;
    let newPrice: number | null = null;
    if (rule.sendPrices) {
      const p = prices.get(item);
      if (!p) {
        skip(sku, `The ERP has no item ${item} (mapped from SKU ${sku}), so it gives no price.`);
        continue;
      }
      if (p.currency !== null && p.currency !== rule.currency) {
        skip(sku, `Item ${item}'s unit price is in ${p.currency} and the rule sells in ${rule.currency}; prices are never converted. Choose the rule's currency to match.`);
        continue;
      }
      if (shown.price && shown.price.currency !== rule.currency) {
        skip(sku, `Amazon shows SKU ${sku} in ${shown.price.currency}, the rule sells in ${rule.currency}.`);
        continue;
      }
      try {
        erpPrice = parseAmount(p.unitPrice, exponent);
      } catch {
        skip(sku, `Item ${item}'s unit price "${p.unitPrice}" has more decimals than ${rule.currency} allows.`);
        continue;
      }
      const outcome = priceFor(rule, erpPrice);
      steps.push(outcome.steps);
      const reference = amazonPrice ?? last?.priceMinor ?? null;
      if (outcome.priceMinor !== amazonPrice) {
        newPrice = outcome.priceMinor;
        if (outcome.underMinimum) holds.push(`the price ${fmt(erpPrice)} with the rule is under the minimum ${fmt(rule.minPriceMinor)}`);
        if (reference !== null && movesBeyond(reference, newPrice, rule.holdAboveBp)) {
          holds.push(`the price moves from ${fmt(reference)} to ${fmt(newPrice)}, more than ${(rule.holdAboveBp / 100).toFixed(2)}%`);
        }
      }
    }

    const fba = shown.fulfillmentChannel !== null && shown.fulfillmentChannel !== 'DEFAULT';
    let erpQuantity: number | null = null;
    let newQuantity: number | null = null;
    /** The quantity the rule gives, whether or not Amazon already shows it. */
    let ruleQuantity: number | null = null;
    if (rule.sendQuantities && fba) steps.push(`FBA (${shown.fulfillmentChannel}): Amazon counts the stock, no quantity is sent`);
    else if (rule.sendQuantities) {
      const s = stock.get(item);
      if (s === undefined) {
        skip(sku, `The ERP has no item ${item} (mapped from SKU ${sku}), so it gives no stock.`);
        continue;
      }
      erpQuantity = s;
      const q = quantityFor(rule.stockBuffer, s);
      steps.push(q.steps);
      ruleQuantity = q.quantity;
      if (q.quantity !== shown.quantity) newQuantity = q.quantity;
    }
    if (newPrice === null && newQuantity === null) {
      unchanged++;
      for (const c of ours(sku)) withdraw(c, `Withdrawn by a newer run: Amazon already shows what the rule now gives for SKU ${sku} (${steps.join('; ')}).`);
      continue;
    }
    // A quantity Amazon already shows (a quantities-only run sent it beside this change) still is the rule's: sending it again changes nothing.
    const sameQuantity = open !== null && (open.newQuantity === newQuantity || (open.newQuantity !== null && open.newQuantity === ruleQuantity));
    if (open && open.newPriceMinor === newPrice && sameQuantity && (!holds.length || open.state === 'held' || open.approvedBy !== null)) {
      // The same values are still held or ready: the change keeps its place (and any approval, which approved exactly these values).
      for (const other of ours(sku)) {
        if (other.id !== open.id) withdraw(other, `Withdrawn by a newer run: the quantity the rule gives for SKU ${sku} goes with change ${open.id}, or Amazon already shows it.`);
      }
      found.push(open);
      continue;
    }
    if (pendingPrice) steps.push(`the quantity goes alone; the price change ${pendingPrice.state === 'held' ? 'waiting for approval' : 'waiting for the price run'} stays as it is`);
    if (open?.approvedBy) withdrawn.push({ sku, reason: `The values ${open.approvedBy} approved no longer hold: a newer run found other values, which ${holds.length ? 'wait for approval again' : 'need no approval under the rule'}.` });
    if (last && amazonPrice !== null && last.priceMinor !== null && last.priceMinor !== amazonPrice) steps.push(`Amazon shows ${fmt(amazonPrice)}, last sent ${fmt(last.priceMinor)}`);
    found.push(outbox.add({
      amazonConnectionId: rule.amazonConnectionId, marketplaceId: rule.marketplaceId, sku, itemNumber: item, productType: shown.productType ?? 'PRODUCT',
      currency: rule.currency, erpPriceMinor: erpPrice, sentPriceMinor: last?.priceMinor ?? null, amazonPriceMinor: amazonPrice, newPriceMinor: newPrice,
      erpQuantity, sentQuantity: last?.quantity ?? null, amazonQuantity: shown.quantity, newQuantity, rule: steps.join('; '),
      holdReason: holds.length ? `Held: ${holds.join('; ')}.` : null,
    }, actor, { besidePrice: quantitiesOnly }));
  }
  return { found, unchanged, skipped, withdrawn };
}
