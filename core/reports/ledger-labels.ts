import type { LedgerNames } from '../mapping/ledger-names';

/**
 * Accounts and dimensions as the exports write them: the number (what an ERP filter takes) and the
 * ERP's name beside it, so a reader of the file needs no chart of accounts open next to it.
 */

/** A journal line no mapping rule covers has no account: said in words rather than left blank. */
export const accountText = (account: string) => account || '(not mapped)';

/** The ERP's name of the account; empty when unmapped, and said when the ERP's chart does not hold it. */
export function accountName(account: string, names: LedgerNames): string {
  if (!account) return '';
  return names.accounts[account] ?? 'not in the chart of accounts';
}

/** "6100 Sales, Retail - Amazon": number and name in one cell (the PDF's narrow tables). */
export function accountLabel(account: string, names: LedgerNames): string {
  return account ? `${account} ${accountName(account, names)}` : accountText(account);
}

/** "MARKETPLACE=AMAZON-US (Amazon US)": code and value, with the value's name where the ERP has one. */
export function dimensionsText(d: Readonly<Record<string, string>>, names: LedgerNames): string {
  return Object.entries(d)
    .map(([code, value]) => {
      const name = names.dimensions[code]?.values[value];
      return `${code}=${value}${name ? ` (${name})` : ''}`;
    })
    .join('; ');
}
