/** Decimals a currency shows (EUR 2, JPY 0), as the browser's Intl knows them. */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "1150.99" or "1150,99" typed by a person → integer minor units, without a float in between; null for blank,
 * NaN for anything else (grouping separators included: "1.150" could be either, so it is refused).
 */
export function decimalToMinor(text: string, decimals: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(t);
  if (!m || (m[2] ?? '').length > decimals) return NaN;
  const minor = Number((m[1] ?? '0') + (m[2] ?? '').padEnd(decimals, '0'));
  return Number.isSafeInteger(minor) ? minor : NaN;
}

/** Minor units → the plain decimal an input shows ("1150.99"). */
export function minorToDecimal(minor: number | null, decimals: number): string {
  if (minor === null) return '';
  if (decimals === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** "15" or "12.5" percent → basis points; NaN when not a percentage with at most two decimals. */
export function percentToBp(text: string): number {
  const t = text.trim();
  const m = /^(-?)(\d+)(?:[.,](\d{0,2}))?$/.exec(t);
  if (!m) return NaN;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -bp : bp;
}

export const bpToPercent = (bp: number) => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2));
