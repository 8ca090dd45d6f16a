import type { AccountNature } from '../erp-connector';

/**
 * API v2.0 accounts.category is the G/L account's "Account Category" (bc-apiv2-page-fields.json, APIV2Accounts:
 * category <- Rec."Account Category"), the enum "G/L Account Category": " ", Assets, Liabilities, Equity
 * (balance sheet), Income, Cost of Goods Sold, Expense (income statement), per the API v2.0 account resource
 * page of the BC docs. OData names a blank or spaced option with _x0020_ (and some clients drop the spaces),
 * so the value is compared on its letters alone. subCategory is not read for the nature: it is the company's
 * own description of a subcategory, free text under the category, so it adds no nature the category lacks.
 */
const CATEGORIES: Readonly<Record<string, { nature: AccountNature; label: string }>> = {
  assets: { nature: 'balance', label: 'Assets' },
  liabilities: { nature: 'balance', label: 'Liabilities' },
  equity: { nature: 'balance', label: 'Equity' },
  income: { nature: 'revenue', label: 'Income' },
  costofgoodssold: { nature: 'expense', label: 'Cost of Goods Sold' },
  expense: { nature: 'expense', label: 'Expense' },
};

/** The nature and BC's caption for a category; nothing for the blank category (not yet categorised) or an unknown one. */
export function categoryNature(category: unknown): { nature: AccountNature; typeLabel: string } | null {
  if (typeof category !== 'string') return null;
  const found = CATEGORIES[category.replace(/_x0020_/g, '').replace(/[^A-Za-z]/g, '').toLowerCase()];
  return found ? { nature: found.nature, typeLabel: found.label } : null;
}
