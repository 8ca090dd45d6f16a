import type { AccountNature } from '../erp-connector';

/**
 * ChartOfAccount.AccountType is a BoAccountTypes (sapb1-servicelayer-v2-metadata.edmx.xml): at_Revenues,
 * at_Expenses, at_Other. at_Other gives no nature: neither the metadata nor NOTES.md says it is only for
 * balance-sheet accounts, and a chart may type income-statement accounts outside sales and expenditure
 * (financing, other revenues and expenses) as Other, so calling it balance sheet could hide the right
 * account from a sale or a fee. Such accounts are judged by their names, as untyped ones are.
 */
const TYPES: Readonly<Record<string, { nature: AccountNature; label: string }>> = {
  at_Revenues: { nature: 'revenue', label: 'Revenues' },
  at_Expenses: { nature: 'expense', label: 'Expenses' },
};

export function accountTypeNature(accountType: unknown): { nature: AccountNature; typeLabel: string } | null {
  const found = typeof accountType === 'string' ? TYPES[accountType] : undefined;
  return found ? { nature: found.nature, typeLabel: found.label } : null;
}
