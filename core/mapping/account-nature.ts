import type { AccountNature } from '../erp/erp-connector';
import type { LineCategory } from '../settlement/line-catalog';

/**
 * Words of an account's name that say its nature, for accounts the ERP gave no type for (or a type that does
 * not settle it, such as SAP Business One's "Other"). A name with none of these words, or with words of two
 * natures, says nothing.
 */
const NAME_WORDS: Readonly<Record<AccountNature, readonly string[]>> = {
  balance: ['loan', 'lending', 'liability', 'liabilitie', 'payable', 'receivable', 'bank', 'cash', 'reserve', 'clearing', 'suspense', 'deposit', 'asset', 'equity', 'capital', 'debtor', 'creditor', 'inventory', 'stock'],
  revenue: ['sale', 'revenue', 'income', 'turnover'],
  expense: ['fee', 'expense', 'cost', 'commission', 'charge', 'advertising'],
};

function natureFromName(nameWords: readonly string[]): AccountNature | null {
  const found = (Object.keys(NAME_WORDS) as AccountNature[]).filter((n) => nameWords.some((w) => NAME_WORDS[n].includes(w)));
  return found.length === 1 ? found[0]! : null;
}

/** What is known of an account: the nature its ERP type gives, if any, and the words of its name. */
export interface AccountEvidence {
  nature?: AccountNature | undefined;
  nameWords: readonly string[];
}

/** An account's nature and where it was read: the ERP's own account type first, the name only without one. */
export function accountNature(account: AccountEvidence): { nature: AccountNature; from: 'erp' | 'name' } | null {
  if (account.nature) return { nature: account.nature, from: 'erp' };
  const byName = natureFromName(account.nameWords);
  return byName ? { nature: byName, from: 'name' } : null;
}

const BALANCE_CATEGORIES: ReadonlySet<LineCategory> = new Set(['tax', 'withheld-tax', 'fee-tax', 'reserve', 'loan', 'transfer']);
const REVENUE_CATEGORIES: ReadonlySet<LineCategory> = new Set(['principal', 'shipping', 'gift-wrap', 'promotion', 'goodwill', 'restocking-fee', 'reimbursement', 'liquidation']);
const EXPENSE_CATEGORIES: ReadonlySet<LineCategory> = new Set([
  'referral-fee', 'closing-fee', 'digital-services-fee', 'fba-fee', 'mcf-fee', 'shipping-chargeback', 'gift-wrap-chargeback', 'refund-commission',
  'storage-fee', 'long-term-storage-fee', 'disposal-fee', 'subscription-fee', 'advertising', 'promotion-fee', 'inbound-transportation',
  'shipping-services', 'liquidation-fee', 'other-fee',
]);

/** A category's nature; currency conversion and adjustments can land on either side, so they have none. */
export function categoryNature(category: string | null): AccountNature | null {
  if (!category) return null;
  const c = category as LineCategory;
  if (BALANCE_CATEGORIES.has(c)) return 'balance';
  if (REVENUE_CATEGORIES.has(c)) return 'revenue';
  if (EXPENSE_CATEGORIES.has(c)) return 'expense';
  return null;
}

/**
 * Whether an account plainly contradicts a line's category: a sale, refund or fee (income statement) on a
 * balance-sheet account such as a loan, a fee on a revenue account, tax or a reserve on revenue or expense.
 * Revenue lines on expense accounts are left alone: promotions and refunds are booked either way.
 */
export function contradicts(category: string | null, account: AccountEvidence): boolean {
  const line = categoryNature(category);
  const found = accountNature(account);
  if (!line || !found || line === found.nature) return false;
  return !(line === 'revenue' && found.nature === 'expense');
}
