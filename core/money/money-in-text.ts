import type { NegativeStyle } from './amount-format';
import { toDecimalString } from './amount-format';
import { currencyExponent, isKnownCurrency } from './currency';

/**
 * An amount inside a sentence the server writes and stores (a review item's title, its details):
 * "-12.34 EUR". Stored sentences are read later under whatever negatives style the workspace then has,
 * so they hold this one form and `negativesInText` restyles it when they are shown.
 */
export function moneyInText(minor: number, currency: string): string {
  return `${toDecimalString(minor, isKnownCurrency(currency) ? currencyExponent(currency) : 2)} ${currency}`;
}

// A minus that starts an amount (not the hyphen inside a date or an id), its digits, then a currency code.
const NEGATIVE_IN_TEXT = /(?<![\w.)-])-(\d+(?:\.\d+)?) ([A-Z]{3})\b/g;

/** A stored sentence with each of its `moneyInText` negatives shown as the workspace shows negatives. */
export function negativesInText(text: string, negatives: NegativeStyle): string {
  return negatives === 'brackets' ? text.replace(NEGATIVE_IN_TEXT, '($1 $2)') : text;
}
