import type { ChargeLineType, OrderChargeMapping } from './order-charge-mapping';
import { ORDER_CHARGE_NAMES } from './order-charge-mapping';
import type { CachedKind, CachedRecord, ReferenceSnapshot } from './reference-cache';

/** What the ERP's reference data says of a charge's target: its name there, or why it cannot take the charge. */
export interface ChargeTargetCheck {
  /** The item's, account's, freight code's or tax code's name in the ERP; null where that list has not been read. */
  name: string | null;
  refusal: string | null;
}

/** Where each target type is listed in the reference cache, and how messages name it. */
const TARGET_LISTS: Record<ChargeLineType, { kind: CachedKind & keyof ReferenceSnapshot; one: string; many: string }> = {
  item: { kind: 'items', one: 'item', many: 'items' },
  account: { kind: 'accounts', one: 'G/L account', many: 'accounts' },
  freight: { kind: 'freightCodes', one: 'freight code', many: 'freight codes' },
  'tax-code': { kind: 'taxCodes', one: 'tax code', many: 'tax codes' },
};

/**
 * Checks a charge mapping against the items, accounts, freight codes and tax codes last read from the ERP.
 * A list never read is not a refusal: the ERP says so when the invoice is posted, in its words, and the
 * document waits for a fix. An ERP that has no freight codes at all (its list read empty) refuses every one.
 */
export function checkChargeTarget(snapshot: ReferenceSnapshot, m: Pick<OrderChargeMapping, 'charge' | 'lineType' | 'target'>, erpName: string): ChargeTargetCheck {
  const what = ORDER_CHARGE_NAMES[m.charge].toLowerCase();
  const list = TARGET_LISTS[m.lineType];
  const readAt = snapshot.refreshedAt[list.kind];
  if (!readAt) return { name: null, refusal: null };
  const records = snapshot[list.kind] as CachedRecord[];
  const code = m.target.trim();
  const found = records.find((r) => r.code === code);
  const asRead = `${list.many} as read ${readAt.slice(0, 10)}`;
  if (!found && records.length === 0 && m.lineType === 'freight') {
    return { name: null, refusal: `${erpName} has no freight codes (${asRead}); map ${what} to an item or an account, or add freight codes in ${erpName} and refresh its data under Mappings.` };
  }
  if (!found) return { name: null, refusal: `${erpName} has no ${list.one} ${code} (${asRead}); choose one of its ${list.many} for ${what}, or refresh its data under Mappings.` };
  // An item the ERP marks unsellable is not refused here (as before): the ERP's own refusal names why.
  if (found.postable || m.lineType === 'item') return { name: found.name, refusal: null };
  if (m.lineType === 'account') return { name: found.name, refusal: `Account ${code} ${found.name} in ${erpName} is a heading or total, which takes no postings; choose a posting account for ${what}.` };
  return { name: found.name, refusal: `${erpName} marks ${list.one} ${code} ${found.name} inactive or not for sales (${asRead}); choose another of its ${list.many} for ${what}.` };
}

/**
 * A charge mapping's refusal by the ERP's reference data as last read, for the invoice builder to ask before
 * queuing. Asked once per order and charge, answered once per mapping: a run of 10,000 orders names a handful
 * of mappings, and each answer searches a list that may hold every item of the ERP.
 */
export function chargeRefusals(snapshot: ReferenceSnapshot, erpName: string): (m: OrderChargeMapping) => string | null {
  const answered = new Map<string, string | null>();
  return (m) => {
    const key = `${m.charge}|${m.lineType}|${m.target}`;
    if (!answered.has(key)) answered.set(key, checkChargeTarget(snapshot, m, erpName).refusal);
    return answered.get(key)!;
  };
}
