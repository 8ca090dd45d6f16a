import type { MappingEntry } from './mapping-entry';
import type { InvoicedOrders, MappingRule, MappingRules } from '../settlement/journal-rules';

export type SettlementAccountRole = 'clearing' | 'reserve' | 'carriedForward';

/**
 * A fee or category entry of the Mappings screen as a journal rule: '*' (or empty) in a type field
 * matches anything; a category entry matches its category.
 */
export function entryRule(e: MappingEntry): MappingRule {
  return {
    match: {
      ...(e.kind === 'category' ? { category: e.subject } : {}),
      ...(e.transactionType && e.transactionType !== '*' ? { transactionType: e.transactionType } : {}),
      ...(e.amountType && e.amountType !== '*' ? { amountType: e.amountType } : {}),
      ...(e.amountDescription && e.amountDescription !== '*' ? { amountDescription: e.amountDescription } : {}),
    },
    account: e.target,
    ...(Object.keys(e.dimensions).length ? { dimensions: e.dimensions } : {}),
  };
}

/**
 * The one place the mapping editor's rows (core/mapping/mapping-entry.ts) become the rules the journal
 * builder reads: fee and category rows become rules in the rows' order (`sources[i]` is the row of
 * `rules.rules[i]`), account rows fill the fixed accounts (the bank account stands in for clearing when
 * no clearing account is set). A role not mapped is '' (its lines show without an account and block
 * posting) and is named in `missing`.
 */
export function journalRules(entries: readonly MappingEntry[], ordersInvoiced: OrdersInvoiced | null = null): { rules: MappingRules; sources: MappingEntry[]; missing: SettlementAccountRole[] } {
  const rules: MappingRule[] = [];
  const sources: MappingEntry[] = [];
  const accounts = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'fee' || e.kind === 'category') {
      rules.push(entryRule(e));
      sources.push(e);
    } else if (e.kind === 'account') accounts.set(e.subject, e.target);
  }
  const roles = { clearing: accounts.get('clearing') || accounts.get('bank') || '', reserve: accounts.get('reserve') ?? '', carriedForward: accounts.get('carriedForward') ?? '' };
  const missing = (['clearing', 'reserve', 'carriedForward'] as const).filter((r) => !roles[r]);
  const invoicedOrders = ordersInvoiced ? invoicedOrdersOf(entries, ordersInvoiced) : null;
  return { rules: { rules, accounts: roles, ...(invoicedOrders ? { invoicedOrders } : {}) }, sources, missing };
}

/** A connection in "Orders as invoices" mode, and whether its ERP's journal takes customer lines. */
export interface OrdersInvoiced {
  customerLines: boolean;
  /** Whether refunds become credit notes in the ERP (its salesCreditNotes flow). */
  creditNotes?: boolean;
}

/**
 * What the order invoices carry, and so what the settlement no longer books as revenue: exactly the
 * categories core/posting/order-invoices.ts puts on an invoice. Today that is the goods (each item at
 * Amazon's unit price); shipping and tax join this list when the invoice carries them (issue 19: shipping
 * mapped to an item or account, tax as Amazon calculated it). Clearing more than the invoices booked
 * would leave shipping revenue and tax unbooked and the customer in credit. The customer of each
 * marketplace is the one its orders are invoiced to (the marketplace rows of the Mappings screen).
 */
export const INVOICED_ORDER_CATEGORIES = ['principal'] as const;

function invoicedOrdersOf(entries: readonly MappingEntry[], o: OrdersInvoiced): InvoicedOrders {
  const customers = new Map(entries.filter((e) => e.kind === 'marketplace').map((e) => [e.subject.toLowerCase(), e.target]));
  return { categories: INVOICED_ORDER_CATEGORIES, customers, customerLines: o.customerLines, creditNotes: o.creditNotes === true };
}

/** journalRules, or null in place of rules while an account role is not mapped. */
export function journalMappingFromEntries(entries: readonly MappingEntry[]): { mapping: MappingRules | null; missing: SettlementAccountRole[] } {
  const { rules, missing } = journalRules(entries);
  return { mapping: missing.length ? null : rules, missing };
}
