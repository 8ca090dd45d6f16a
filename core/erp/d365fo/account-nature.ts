import type { AccountNature } from '../erp-connector';

/**
 * MainAccounts.MainAccountType is a DimensionLedgerAccountType (fo-ballerina-openapi-ledger.json): Blank,
 * ProfitAndLoss, Revenue, Expense, BalanceSheet, Asset, Liability, Equity, Total, Reporting, Common_CN.
 * ProfitAndLoss says income statement but not which side, Blank and Common_CN say nothing, and Total and
 * Reporting accounts take no postings: none of these gives a nature.
 */
const TYPES: Readonly<Record<string, { nature: AccountNature; label: string }>> = {
  Revenue: { nature: 'revenue', label: 'Revenue' },
  Expense: { nature: 'expense', label: 'Expense' },
  BalanceSheet: { nature: 'balance', label: 'Balance sheet' },
  Asset: { nature: 'balance', label: 'Asset' },
  Liability: { nature: 'balance', label: 'Liability' },
  Equity: { nature: 'balance', label: 'Equity' },
};

export function mainAccountTypeNature(type: unknown): { nature: AccountNature; typeLabel: string } | null {
  const found = typeof type === 'string' ? TYPES[type] : undefined;
  return found ? { nature: found.nature, typeLabel: found.label } : null;
}
