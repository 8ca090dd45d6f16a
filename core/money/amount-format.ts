import type { Exponent } from './currency';
import { currencyExponent, isKnownCurrency } from './currency';

/**
 * Machine format: the amount as a decimal string with a dot and exactly `exponent` decimals,
 * e.g. -123450 with exponent 2 -> "-1234.50". Used by the command line and exports.
 */
export function toDecimalString(minor: number, exponent: Exponent): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${minor} is not a whole number of minor units`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor));
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** An amount with its currency code for a message ("12.50 USD"); minor units as they are for a currency we do not know. */
export function amountWithCurrency(minor: number, currency: string): string {
  return `${isKnownCurrency(currency) ? toDecimalString(minor, currencyExponent(currency)) : String(minor)} ${currency}`;
}

/** How a negative amount is shown: "-$1.00" or "($1.00)". */
export type NegativeStyle = 'minus' | 'brackets';
export const NEGATIVE_STYLES: readonly NegativeStyle[] = ['minus', 'brackets'];

/**
 * Display format in the user's locale with the currency's own decimals, negatives as the workspace
 * shows them. Intl formats the decimal string exactly (no float conversion), so large amounts are not rounded.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-US', negatives: NegativeStyle = 'minus'): string {
  if (negatives === 'brackets' && minor < 0) return `(${formatMoney(-minor, currency, locale)})`;
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat accepts a decimal string (ES2023) and keeps every digit of it.
  return format.format(toDecimalString(minor, exponent) as unknown as number);
}
