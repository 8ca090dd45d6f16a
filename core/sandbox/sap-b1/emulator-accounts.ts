import { SapB1Failure } from './emulator-errors';
import type { SapB1Account } from './emulator-seed';

type Row = Record<string, unknown>;

const FIELDS = ['Code', 'Name', 'ActiveAccount', 'AccountType', 'FrozenFor', 'LockManualTransaction', 'AcctCurrency', 'FatherAccountKey'];
const ACCOUNT_TYPES = ['at_Revenues', 'at_Expenses', 'at_Other'];

/**
 * POST ChartOfAccounts (edmx ChartOfAccount: Code Edm.String max 15, Name max 100, AccountType
 * BoAccountTypes). A code already in the chart is refused as B1 refuses a duplicate key
 * [UNVERIFIED wording: "This entry already exists in the following tables" with ODBC -2035 is what B1 clients report].
 */
export function addAccount(accounts: SapB1Account[], input: Row): SapB1Account {
  for (const key of Object.keys(input)) if (!FIELDS.includes(key)) throw new SapB1Failure(400, -1000, `Property '${key}' of 'ChartOfAccount' is invalid`);
  const code = typeof input.Code === 'string' ? input.Code.trim() : '';
  if (!code || code.length > 15) throw new SapB1Failure(400, -5002, `G/L account code "${code}" must have 1 to 15 characters`);
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (!name || name.length > 100) throw new SapB1Failure(400, -5002, 'Enter an account name of up to 100 characters');
  if (input.AccountType !== undefined && !ACCOUNT_TYPES.includes(String(input.AccountType))) throw new SapB1Failure(400, -1000, `Enum value '${String(input.AccountType)}' is invalid for 'BoAccountTypes'`);
  if (accounts.some((a) => a.Code === code)) throw new SapB1Failure(400, -2035, "This entry already exists in the following tables 'G/L Accounts' (OACT) (ODBC -2035)");
  const flag = (k: string, d: 'tYES' | 'tNO') => (input[k] === 'tYES' || input[k] === 'tNO' ? input[k] : d);
  const account: SapB1Account = {
    Code: code, Name: name, ActiveAccount: flag('ActiveAccount', 'tYES'), FrozenFor: flag('FrozenFor', 'tNO'),
    LockManualTransaction: flag('LockManualTransaction', 'tNO'), AcctCurrency: typeof input.AcctCurrency === 'string' ? input.AcctCurrency : '##',
    // Without a type the account is Other, the type B1's form starts a new account with [UNVERIFIED].
    AccountType: input.AccountType === undefined ? 'at_Other' : (String(input.AccountType) as SapB1Account['AccountType']),
  };
  accounts.push(account);
  return account;
}
