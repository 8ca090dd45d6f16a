import { currencyExponent, toDecimalString, type NegativeStyle } from '../money';

/**
 * Amounts as the exports write them, from integer minor units and the currency's ISO 4217 exponent.
 */

/** "1,234.56" / "-1,234.56" or "(1,234.56)": grouped, the currency's decimals, negatives as the workspace shows them (PDF tables). */
export function groupedAmount(minor: number, currency: string, negatives: NegativeStyle = 'minus'): string {
  if (negatives === 'brackets' && minor < 0) return `(${groupedAmount(-minor, currency)})`;
  const exponent = currencyExponent(currency);
  const f = new Intl.NumberFormat('en-US', { minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  // Intl formats the decimal string exactly (ES2023), so no float ever carries the amount.
  return f.format(toDecimalString(minor, exponent) as unknown as number);
}

/** "1234.56": what a CSV cell holds (no grouping, so every spreadsheet reads it as a number). */
export function plainAmount(minor: number, currency: string): string {
  return toDecimalString(minor, currencyExponent(currency));
}

/**
 * The value of a spreadsheet number cell. A cell is an IEEE double by definition; going through the
 * exact decimal string gives the double nearest to the amount, which prints back exactly with the
 * currency's decimals.
 */
export function cellAmount(minor: number, currency: string): number {
  return Number(plainAmount(minor, currency));
}

/** Excel number format with the currency's decimals; negatives in red, with a minus sign or in brackets. */
export function excelAmountFormat(currency: string, negatives: NegativeStyle = 'minus'): string {
  const exponent = currencyExponent(currency);
  const body = exponent ? `#,##0.${'0'.repeat(exponent)}` : '#,##0';
  return negatives === 'brackets' ? `${body};[Red](${body})` : `${body};[Red]-${body}`;
}
