/**
 * Money is integer minor units everywhere in our code; ERPs speak decimals. These two functions are the
 * only place the two meet. They work on digits (strings), never on float arithmetic. Currency exponents
 * come from the one ISO 4217 table in core/money.
 */
import { toDecimalString, type Exponent } from '../money';

const POW10 = [1, 10, 100, 1000];

/** 123456 minor units of EUR -> "1234.56"; -5 of JPY -> "-5". The one formatter lives in core/money. */
export const minorToDecimalString = toDecimalString;

/**
 * For JSON bodies, which carry decimals as JSON numbers (BC's Edm.Decimal fields). A decimal with at most
 * 15 significant digits survives Number() -> JSON.stringify unchanged, because JavaScript prints the
 * shortest string that round-trips (ECMA-262 Number::toString); beyond that we refuse rather than round.
 */
export function minorToWireNumber(minor: number, exponent: Exponent): number {
  if (Number.isSafeInteger(minor) && Math.abs(minor) < 1e15 && exponent >= 0 && exponent <= 3) {
    // Fast path, same result: minor and 10^exponent are exact doubles and IEEE 754 division is correctly
    // rounded, so minor / 10^exponent is the double nearest the decimal, which is what Number(text) parses
    // to; with at most 15 significant digits that double prints back as the decimal. A journal of 10,000
    // lines formats in a few milliseconds instead of a hundred (test/erp/erp-framework.test.ts compares both).
    return minor / POW10[exponent]! + 0; // + 0 turns -0 into 0, as Number("0") is
  }
  const text = minorToDecimalString(minor, exponent);
  if (text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15) {
    throw new RangeError(`Amount ${text} has more than 15 significant digits and cannot be sent exactly as a JSON number`);
  }
  const n = Number(text);
  if (decimalToMinor(n, exponent) !== minor) {
    // Defensive: only reachable if the engine printed numbers differently than ECMA-262 says.
    throw new RangeError(`Amount ${text} does not round-trip as a JSON number`);
  }
  return n;
}

/** "1234.5" or 1234.5 (as received in JSON) -> 123450 minor units. Refuses digits below the minor unit. */
export function decimalToMinor(value: number | string, exponent: Exponent): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fracRaw = ''] = m;
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > exponent) throw new RangeError(`${text} has more decimals than the currency's ${exponent}`);
  const minor = Number((whole ?? '0') + frac.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${text} is too large`);
  return sign === '-' && minor !== 0 ? -minor : minor;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not an amount`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Exponent notation only appears below 1e-6 or above 1e21; print those in full.
  return n.toFixed(20).replace(/\.?0+$/, '');
}
