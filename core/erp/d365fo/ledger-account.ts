import { ErpError } from '../erp-error';

/** How F&O reads an account plus dimensions: the ordered dimension names after the main account, and the delimiter. */
export interface LedgerDimensionFormat {
  dimensions: readonly string[];
  delimiter: string;
}

/**
 * The account display value of a journal line (NOTES §2.3): the main account, then the mapped value of each
 * dimension in the format's order, joined by the delimiter, e.g. 605140-001-02. A dimension the line does
 * not carry stays blank (F&O leaves missing segments blank); trailing blanks are left off. A dimension
 * the format does not name would be silently dropped by F&O, so it is refused here instead.
 */
export function ledgerDisplayValue(mainAccount: string, dimensions: Readonly<Record<string, string>> | undefined, format: LedgerDimensionFormat): string {
  const dims = dimensions ?? {};
  const unknown = Object.keys(dims).filter((d) => !format.dimensions.includes(d));
  if (unknown.length) {
    throw new ErpError(`Account ${mainAccount}: dimension ${unknown.join(', ')} is not in the connection's ledger dimension format (${format.dimensions.join(', ') || 'none'}); add it to the format or remove it from the mapping.`, { system: 'd365fo', kind: 'validation', retryable: false });
  }
  const segments = [mainAccount, ...format.dimensions.map((d) => dims[d] ?? '')];
  const withDelimiter = segments.find((s) => s.includes(format.delimiter));
  if (withDelimiter !== undefined) {
    throw new ErpError(`Account ${mainAccount}: "${withDelimiter}" contains the delimiter "${format.delimiter}" of the ledger dimension format, so F&O would split it.`, { system: 'd365fo', kind: 'validation', retryable: false });
  }
  while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments.join(format.delimiter);
}
