import { randomUUID } from 'node:crypto';
import { BcFailure } from './emulator-failure';

type Row = Record<string, unknown>;

/** …/ODataV4/Company('<name>')/Chart_of_Accounts: page 16 published as an OData V4 web service. */
export const CHART_OF_ACCOUNTS_PATH = /^(.*)\/ODataV4\/Company\('((?:[^']|'')*)'\)\/Chart_of_Accounts$/;

const FIELDS = ['No', 'Name', 'Income_Balance', 'Account_Category', 'Account_Type', 'Direct_Posting', 'Blocked'];
const CATEGORIES = ['', 'Assets', 'Liabilities', 'Equity', 'Income', 'Cost of Goods Sold', 'Expense'];

/**
 * Inserts a G/L account as the page does: No. required (Code[20]) and unique, Name Text[100], the options
 * by their captions. The new account is what API v2.0's accounts page then reads.
 */
export function insertGlAccount(accounts: Map<string, Row>, input: Row, at: string): { row: Row; answer: Row } {
  for (const key of Object.keys(input)) {
    if (!key.startsWith('@odata') && !FIELDS.includes(key)) {
      throw new BcFailure(400, 'BadRequest', `The property '${key}' does not exist on type 'NAV.Chart_of_Accounts'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
  }
  const no = typeof input.No === 'string' ? input.No.trim() : '';
  // Field-validation wording of the platform [UNVERIFIED: exact text for a blank primary key].
  if (!no) throw new BcFailure(400, 'Internal_TestFieldError', 'No. must have a value in G/L Account: No.=. It cannot be zero or empty.');
  if (no.length > 20) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${no.length}, but it must be less than or equal to 20 characters. Value: ${no}`);
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (name.length > 100) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${name.length}, but it must be less than or equal to 100 characters. Value: ${name}`);
  const category = typeof input.Account_Category === 'string' ? input.Account_Category : '';
  if (!CATEGORIES.includes(category)) throw new BcFailure(400, 'BadRequest', `Cannot convert the literal '${category}' to the expected type 'NAV.Account_Category'.`);
  if ([...accounts.values()].some((a) => a.number === no)) {
    // NOTES §1.7 lists Internal_EntityWithSameKeyExists for an insert whose key is taken.
    throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table G/L Account already exists. Identification fields and values: No.='${no}'`);
  }
  const accountType = input.Account_Type === undefined ? 'Posting' : String(input.Account_Type);
  const row: Row = {
    id: randomUUID(), number: no, displayName: name, category, subCategory: '', accountType, blocked: input.Blocked === true,
    directPosting: input.Direct_Posting === true, lastModifiedDateTime: at,
  };
  const answer: Row = {
    No: no, Name: name, Income_Balance: input.Income_Balance ?? 'Income Statement', Account_Category: category, Account_Type: accountType,
    Direct_Posting: row.directPosting, Blocked: row.blocked,
  };
  return { row, answer };
}
