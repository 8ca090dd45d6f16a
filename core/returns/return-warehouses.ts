import type { ErpWarehouse } from '../erp/erp-connector';

/** The warehouses returned goods go to in one ERP connection: one for sellable returns, one for the rest. */
export interface ReturnWarehouses {
  sellable: string;
  unsellable: string;
}

export type ReturnCondition = 'sellable' | 'unsellable';

/**
 * A return's condition from Amazon's detailed-disposition (FBA customer returns report): SELLABLE goes back
 * to sellable stock; any other value (DAMAGED, CUSTOMER_DAMAGED, DEFECTIVE, CARRIER_DAMAGED, EXPIRED... the
 * list is UNVERIFIED: the reference names the column, not its values) and an empty one (a seller-fulfilled
 * return Amazon did not grade) are unsellable, so nothing doubtful lands in stock that is sold.
 */
export function conditionOf(disposition: string): ReturnCondition {
  return disposition.trim().toUpperCase() === 'SELLABLE' ? 'sellable' : 'unsellable';
}

export function warehouseFor(w: ReturnWarehouses, disposition: string): string {
  return w[conditionOf(disposition)];
}

/**
 * The warehouses as they will be stored: trimmed, both given, each one the ERP lists and active. `listed`
 * null: the ERP's API lists none, so only emptiness is checked. Throws a RangeError naming what is wrong.
 */
export function checkReturnWarehouses(w: ReturnWarehouses, listed: readonly ErpWarehouse[] | null, erpName: string): ReturnWarehouses {
  const out = { sellable: w.sellable.trim(), unsellable: w.unsellable.trim() };
  for (const condition of ['sellable', 'unsellable'] as const) {
    const code = out[condition];
    if (!code) throw new RangeError(`Pick the warehouse ${condition} returns go to in ${erpName}.`);
    if (!listed) continue;
    const found = listed.find((x) => x.code === code);
    const active = listed.filter((x) => x.active).map((x) => x.code);
    if (!found) throw new RangeError(`${erpName} has no warehouse ${code} (for ${condition} returns); it has ${active.join(', ') || 'none'}.`);
    if (!found.active) throw new RangeError(`The warehouse ${code} (for ${condition} returns) is inactive in ${erpName}; pick one of ${active.join(', ')}.`);
  }
  return out;
}
