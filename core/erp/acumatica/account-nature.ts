import type { AccountNature } from '../erp-connector';

/**
 * Account.Type (acumatica-Default_24.200.001.swagger.json, a StringValue) is the GL account's type: Asset,
 * Liability, Income or Expense, the four Acumatica's Chart of Accounts offers. The swagger gives the field,
 * not its values [UNVERIFIED there]; any other value gives no nature.
 */
const TYPES: Readonly<Record<string, AccountNature>> = { Asset: 'balance', Liability: 'balance', Income: 'revenue', Expense: 'expense' };

export function accountTypeNature(type: unknown): { nature: AccountNature; typeLabel: string } | null {
  const nature = typeof type === 'string' ? TYPES[type] : undefined;
  return nature && typeof type === 'string' ? { nature, typeLabel: type } : null;
}
