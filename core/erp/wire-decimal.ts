/**
 * Money is integer minor units everywhere in our code; ERPs speak decimals. These two functions are the
 * only place the two meet. They work on digits (strings), never on float arithmetic.
 */

/**
 * ISO 4217 minor-unit exponents that differ from 2 (ISO 4217 table, "Minor unit" column).
 * core/money owns the full table; this short list only lets the ERP layer format without depending on it.
 */
const EXPONENTS: Record<string, number> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

const POW10 = [1, 10, 100, 1000];

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** 123456 minor units of EUR -> "1234.56"; -5 of JPY -> "-5". */
export function minorToDecimalString(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${minor} is not a whole number of minor units`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const frac = exponent === 0 ? '' : '.' + digits.slice(-exponent);
  return (negative ? '-' : '') + whole + frac;
}

/**
 * For JSON bodies, which carry decimals as JSON numbers (BC's Edm.Decimal fields). A decimal with at most
 * 15 significant digits survives Number() -> JSON.stringify unchanged, because JavaScript prints the
 * shortest string that round-trips (ECMA-262 Number::toString); beyond that we refuse rather than round.
 */
export function minorToWireNumber(minor: number, exponent: number): number {
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
export function decimalToMinor(value: number | string, exponent: number): number {
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
