import { currencyExponent, isKnownCurrency, parseAmount } from '../money';

/** The charges an invoice carries beside an item's goods, as Amazon breaks down its proceeds. */
export type ItemCharge = 'shipping' | 'gift-wrap' | 'promotion';
/** What a part of the tax falls on: the goods, or one of the charges. */
export type TaxedPart = 'goods' | ItemCharge;

export interface ItemProceeds {
  currency: string | null;
  charges: Record<ItemCharge, number>;
  tax: Record<TaxedPart, number>;
}

interface MoneyView { amount?: unknown; currencyCode?: unknown }
interface BreakdownView { type?: unknown; subtotal?: MoneyView; detailedBreakdowns?: Array<{ subtype?: unknown; value?: MoneyView }> }

/** Proceeds types and the part of the invoice each lands on (ItemProceedsBreakdown.type, orders_2026-01-01.json). */
const CHARGE_OF: Record<string, ItemCharge> = { SHIPPING: 'shipping', GIFT_WRAP: 'gift-wrap', DISCOUNT: 'promotion' };
/** ItemProceedsDetailedBreakdown.subtype of a TAX breakdown: what that part of the tax was charged on. */
const TAXED_OF: Record<string, TaxedPart> = { ITEM: 'goods', SHIPPING: 'shipping', GIFT_WRAP: 'gift-wrap', DISCOUNT: 'promotion' };

/**
 * An order item's shipping, gift wrap, promotion and tax, in minor units, from its proceeds breakdowns
 * (read with includedData=PROCEEDS). The goods themselves are invoiced at the item's unit price, so the
 * ITEM breakdown is not read here. A discount only ever lowers the proceeds, so it is negative whatever
 * sign Amazon writes (the model does not say, UNVERIFIED). A TAX breakdown without detail is tax on the
 * goods. A COD fee, an "OTHER" amount or tax on one is refused: this app does not invoice those yet, and
 * dropping them would leave the invoice short of what the settlement clears.
 */
export function itemProceeds(item: { orderItemId: string; proceeds?: unknown }, where: string): ItemProceeds | { reasons: string[] } {
  const out: ItemProceeds = { currency: null, charges: { shipping: 0, 'gift-wrap': 0, promotion: 0 }, tax: { goods: 0, shipping: 0, 'gift-wrap': 0, promotion: 0 } };
  const reasons: string[] = [];
  const breakdowns = ((item.proceeds as { breakdowns?: unknown } | undefined)?.breakdowns ?? []) as BreakdownView[];
  if (!Array.isArray(breakdowns)) return out;
  const minor = (m: MoneyView | undefined, what: string): number | null => {
    const code = typeof m?.currencyCode === 'string' ? m.currencyCode : '';
    const amount = typeof m?.amount === 'string' ? m.amount : '';
    if (!code || !amount) { reasons.push(`${where} has ${what} with no amount or currency in Amazon's data.`); return null; }
    if (!isKnownCurrency(code)) { reasons.push(`${where} has ${what} in ${code}, a currency this app does not know.`); return null; }
    if (out.currency && out.currency !== code) { reasons.push(`${where} has ${what} in ${code} beside amounts in ${out.currency}; an invoice is in one currency.`); return null; }
    try {
      const v = parseAmount(amount, currencyExponent(code), { decimalSeparator: '.' });
      out.currency = code;
      return v;
    } catch {
      reasons.push(`${where} has ${what} of "${amount}", which is not an amount in ${code}.`);
      return null;
    }
  };
  for (const b of breakdowns) {
    const type = typeof b.type === 'string' ? b.type : '';
    if (type === 'ITEM') continue;
    const charge = CHARGE_OF[type];
    if (charge) {
      const v = minor(b.subtotal, charge === 'promotion' ? 'a promotion' : charge === 'shipping' ? 'shipping' : 'gift wrap');
      if (v !== null) out.charges[charge] += charge === 'promotion' ? -Math.abs(v) : v;
      continue;
    }
    if (type === 'TAX') {
      const details = Array.isArray(b.detailedBreakdowns) ? b.detailedBreakdowns : [];
      if (!details.length) {
        const v = minor(b.subtotal, 'tax');
        if (v !== null) out.tax.goods += v;
        continue;
      }
      for (const d of details) {
        const subtype = typeof d.subtype === 'string' ? d.subtype : '';
        const part = TAXED_OF[subtype];
        const v = minor(d.value, `tax on ${subtype || 'an unnamed part'}`);
        if (v === null || v === 0) continue;
        if (part) out.tax[part] += v;
        else reasons.push(`${where} has tax on ${subtype || 'an unnamed part'} (${d.value?.amount as string} ${d.value?.currencyCode as string}), which this app does not invoice yet.`);
      }
      continue;
    }
    const v = minor(b.subtotal, `a ${type || 'nameless'} amount`);
    if (v) reasons.push(`${where} has a ${type || 'nameless'} amount of ${b.subtotal?.amount as string} ${b.subtotal?.currencyCode as string}, which this app does not invoice yet.`);
  }
  return reasons.length ? { reasons } : out;
}
