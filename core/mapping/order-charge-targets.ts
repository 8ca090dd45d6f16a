import type { OrderChargeMapping } from './order-charge-mapping';
import { ORDER_CHARGE_NAMES } from './order-charge-mapping';
import type { CachedRecord, ReferenceSnapshot } from './reference-cache';

/** What the ERP's reference data says of a charge's target: its name there, or why it cannot take the charge. */
export interface ChargeTargetCheck {
  /** The item's or account's name in the ERP; null where the ERP's list of that kind is not read (freight and tax codes are not). */
  name: string | null;
  refusal: string | null;
}

/**
 * Checks a charge mapping against the items and accounts last read from the ERP. A list never read (or
 * a freight or tax code, which the app does not read) is not a refusal: the ERP says so when the invoice
 * is posted, in its words, and the document waits for a fix.
 */
export function checkChargeTarget(snapshot: ReferenceSnapshot, m: Pick<OrderChargeMapping, 'charge' | 'lineType' | 'target'>, erpName: string): ChargeTargetCheck {
  const what = ORDER_CHARGE_NAMES[m.charge].toLowerCase();
  const find = (list: CachedRecord[]) => list.find((r) => r.code === m.target.trim()) ?? null;
  if (m.lineType === 'item') {
    if (!snapshot.refreshedAt.items) return { name: null, refusal: null };
    const item = find(snapshot.items);
    return item ? { name: item.name, refusal: null } : { name: null, refusal: `${erpName} has no item ${m.target} (items as read ${snapshot.refreshedAt.items.slice(0, 10)}); choose one of its items for ${what}, or refresh its data under Mappings.` };
  }
  if (m.lineType === 'account') {
    if (!snapshot.refreshedAt.accounts) return { name: null, refusal: null };
    const account = find(snapshot.accounts);
    if (!account) return { name: null, refusal: `${erpName} has no G/L account ${m.target} (accounts as read ${snapshot.refreshedAt.accounts.slice(0, 10)}); choose one of its accounts for ${what}, or refresh its data under Mappings.` };
    if (!account.postable) return { name: account.name, refusal: `Account ${m.target} ${account.name} in ${erpName} is a heading or total, which takes no postings; choose a posting account for ${what}.` };
    return { name: account.name, refusal: null };
  }
  return { name: null, refusal: null };
}
