import type { Exponent } from './currency';

export type DecimalSeparator = '.' | ',';

export class AmountParseError extends Error {
  constructor(readonly text: string, readonly reason: string) {
    super(`Cannot read amount "${text}": ${reason}`);
    this.name = 'AmountParseError';
  }
}

export interface ParseAmountOptions {
  /**
   * The decimal separator the file is known to use. Without it a lone separator followed by exactly
   * three digits ("1,234", "1.234") is ambiguous; see `parseAmount`.
   */
  decimalSeparator?: DecimalSeparator;
}

// Characters used to group thousands besides '.' and ',': space, no-break spaces, Swiss apostrophe.
const GROUPING_EXTRA = /[ \u00a0\u202f']/g;

/**
 * Parses an amount written as text in any marketplace's local format into integer minor units:
 * "1.234,56", "-0,99", "1,234.56", "-12.3", "1234", "1 234,56", "(12.50)" is not accepted.
 *
 * Rules, chosen so that no amount is ever silently misread:
 * - when both '.' and ',' occur, the last one is the decimal separator, the other groups thousands;
 * - a separator occurring more than once groups thousands;
 * - a single separator is decimal unless exactly three digits follow it: then the hint decides, else it
 *   groups thousands for 0- and 2-decimal currencies and is decimal for 3-decimal ones;
 * - groups of thousands must be three digits; more decimals than the currency has are an error unless
 *   they are zeros ("12.500" USD = 1250), never rounded.
 */
/**
 * The common shapes ("-12.34", "95,00", "1500") read without regex or allocation: digits, then
 * optionally a lone separator and exactly two digits for a two-decimal currency. Two digits after a
 * lone separator can only be decimals, so the result is what the general rules give. Returns NaN
 * when the text has any other shape.
 */
function parsePlain(text: string, exponent: Exponent): number {
  return parsePlainAmount(text, 0, text.length, exponent);
}

/**
 * parsePlain on the characters of `text` from `start` to `end`, so a reader can take an amount straight
 * from its row without making a string of it. NaN for any other shape (then call parseAmount).
 */
export function parsePlainAmount(text: string, start: number, end: number, exponent: Exponent): number {
  const n = end;
  let i = start;
  if (i < n && text.charCodeAt(i) === 45) i++; // '-'
  const negative = i > start;
  let whole = 0;
  const digitsStart = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === digitsStart || i - digitsStart > 15) return NaN;
  let value: number;
  if (i === n) value = whole * 10 ** exponent;
  else {
    const sep = text.charCodeAt(i);
    if (exponent !== 2 || (sep !== 46 && sep !== 44) || n - i !== 3) return NaN;
    const d1 = text.charCodeAt(i + 1) - 48;
    const d2 = text.charCodeAt(i + 2) - 48;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
    value = whole * 100 + d1 * 10 + d2;
  }
  if (!Number.isSafeInteger(value)) return NaN;
  return negative && value !== 0 ? -value : value;
}

export function parseAmount(text: string, exponent: Exponent, options: ParseAmountOptions = {}): number {
  const plain = parsePlain(text, exponent);
  if (plain === plain) return plain; // not NaN
  let s = text.trim();
  if (s === '') throw new AmountParseError(text, 'empty');
  let negative = false;
  if (s[0] === '-' || s[0] === '+' || s[0] === '\u2212') {
    negative = s[0] !== '+';
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    // Some exports write the sign after the number ("12,50-").
    negative = true;
    s = s.slice(0, -1);
  }
  s = s.replace(GROUPING_EXTRA, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) throw new AmountParseError(text, 'not a number');

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimal: DecimalSeparator | null;
  if (lastDot >= 0 && lastComma >= 0) {
    decimal = lastDot > lastComma ? '.' : ',';
  } else if (lastDot < 0 && lastComma < 0) {
    decimal = null;
  } else {
    const sep: DecimalSeparator = lastDot >= 0 ? '.' : ',';
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (count > 1) decimal = null;
    else if (after !== 3) decimal = sep;
    else if (options.decimalSeparator) decimal = options.decimalSeparator === sep ? sep : null;
    else decimal = exponent === 3 ? sep : null;
  }

  let whole = s;
  let fraction = '';
  if (decimal) {
    const at = s.lastIndexOf(decimal);
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (!/^[0-9]*$/.test(fraction)) throw new AmountParseError(text, 'misplaced separator');
  }
  const grouping = decimal === '.' ? ',' : decimal === ',' ? '.' : whole.includes('.') ? '.' : ',';
  if (whole.includes(grouping)) {
    const groups = whole.split(grouping);
    const first = groups[0] ?? '';
    if (first.length < 1 || first.length > 3 || groups.slice(1).some((g) => g.length !== 3)) {
      throw new AmountParseError(text, `thousands separator "${grouping}" not followed by groups of three digits`);
    }
    whole = groups.join('');
  }
  if (!/^[0-9]*$/.test(whole)) throw new AmountParseError(text, 'misplaced separator');
  if (whole === '' && fraction === '') throw new AmountParseError(text, 'not a number');

  if (fraction.length > exponent) {
    if (/[^0]/.test(fraction.slice(exponent))) {
      throw new AmountParseError(text, `more than ${exponent} decimals for this currency`);
    }
    fraction = fraction.slice(0, exponent);
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw new AmountParseError(text, 'too large');
  return negative && value !== 0 ? -value : value;
}

/**
 * The decimal separator an amount text proves, or null when it is ambiguous ("1,234") or has none.
 * Lets a parser learn a file's convention from its first unambiguous amount.
 */
export function provenDecimalSeparator(text: string): DecimalSeparator | null {
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const at = Math.max(lastDot, lastComma);
  if (at < 0) return null;
  const sep = text[at] as DecimalSeparator;
  if (text.indexOf(sep) !== at) return null;
  const after = text.trimEnd().replace(/-$/, '').length - at - 1;
  return after === 3 ? null : sep;
}
