import type { LineCategory } from '../settlement/line-catalog';

/** Where an amount belongs in the accounts: the income statement's revenue or expense side, or the balance sheet. */
export type AccountNature = 'revenue' | 'expense' | 'balance';

/**
 * The reference cache keeps only an account's number, name and whether it accepts postings (the
 * connectors' type and category fields are not stored), so the nature is read from words of the name.
 * A name with none of these words, or with words of two natures, says nothing.
 */
const NAME_WORDS: Readonly<Record<AccountNature, readonly string[]>> = {
  balance: ['loan', 'lending', 'liability', 'liabilitie', 'payable', 'receivable', 'bank', 'cash', 'reserve', 'clearing', 'suspense', 'deposit', 'asset', 'equity', 'capital', 'debtor', 'creditor', 'inventory', 'stock'],
  revenue: ['sale', 'revenue', 'income', 'turnover'],
  expense: ['fee', 'expense', 'cost', 'commission', 'charge', 'advertising'],
};

export function accountNature(nameWords: readonly string[]): AccountNature | null {
  const found = (Object.keys(NAME_WORDS) as AccountNature[]).filter((n) => nameWords.some((w) => NAME_WORDS[n].includes(w)));
  return found.length === 1 ? found[0]! : null;
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
export function contradicts(category: string | null, nameWords: readonly string[]): boolean {
  const line = categoryNature(category);
  const account = accountNature(nameWords);
  if (!line || !account || line === account) return false;
  return !(line === 'revenue' && account === 'expense');
}
