import type { NewAccount } from '../erp-connector';

/**
 * API v2.0's accounts page is read-only (NOTES §1.3: Insert/Modify/DeleteAllowed=false), so new G/L
 * accounts go through the Chart of Accounts page (page 16) as an OData V4 web service, which Business
 * Central publishes under the service name Chart_of_Accounts [UNVERIFIED: published by default; an
 * administrator can unpublish it under Web Services]. Its URL sits beside /api/v2.0:
 * …/ODataV4/Company('<name>')/Chart_of_Accounts (NOTES §1.1, legacy OData web services).
 */
export function chartOfAccountsUrl(apiBaseUrl: string, companyName: string): string {
  const root = apiBaseUrl.replace(/\/api\/v2\.0$/, '');
  return `${root}/ODataV4/Company('${encodeURIComponent(companyName.replace(/'/g, "''"))}')/Chart_of_Accounts`;
}

/** The page's fields for a posting account that journals may post to directly. */
export function chartOfAccountsRow(a: NewAccount): Record<string, unknown> {
  const balance = a.kind === 'asset' || a.kind === 'liability';
  return {
    No: a.number,
    Name: a.name.slice(0, 100),
    Income_Balance: balance ? 'Balance Sheet' : 'Income Statement',
    Account_Category: { asset: 'Assets', liability: 'Liabilities', income: 'Income', expense: 'Expense' }[a.kind],
    Account_Type: 'Posting',
    Direct_Posting: true,
  };
}

/** Business Central's code for an insert whose key is taken ("The record in table G/L Account already exists."). */
export const SAME_KEY_EXISTS = 'Internal_EntityWithSameKeyExists';
