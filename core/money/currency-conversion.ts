import { checkedMinor } from './minor-units';

/**
 * Converting an amount between currencies without floats: a rate is an exact fraction of two integers
 * (BigInt), built from the decimal strings an ERP states it in, and each conversion rounds once, at the end.
 */
export interface Rational {
  num: bigint;
  /** Always positive. */
  den: bigint;
}

export class RateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateError';
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
}

function reduced(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RateError('A rate cannot divide by zero');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** "1.08", "0.93", "150", "-2.5", or a JSON number as received -> the exact fraction it writes. */
export function decimalToRational(value: string | number): Rational {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RateError(`"${text}" is not a decimal number`);
  const [, sign, whole, frac = ''] = m;
  const num = BigInt(`${sign}${whole}${frac}`);
  return reduced(num, 10n ** BigInt(frac.length));
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RateError(`${n} is not a number`);
  // JSON decimals arrive as numbers; their shortest round-trip text is the decimal the ERP wrote
  // (ECMA-262 Number::toString), exponent notation aside.
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

export const multiplyRational = (a: Rational, b: Rational): Rational => reduced(a.num * b.num, a.den * b.den);
export const divideRational = (a: Rational, b: Rational): Rational => {
  if (b.num === 0n) throw new RateError('A rate of zero cannot be divided by');
  return reduced(a.num * b.den, a.den * b.num);
};

/** The fraction as a decimal string with up to `places` decimals, rounded half away from zero (for showing only). */
export function rationalToDecimalString(r: Rational, places: number): string {
  const scaled = divideRoundHalfAway(r.num * 10n ** BigInt(places), r.den);
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = places ? digits.slice(digits.length - places).replace(/0+$/, '') : '';
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** num / den rounded to the nearest integer, halves away from zero (so a debit and the same credit convert alike). */
function divideRoundHalfAway(num: bigint, den: bigint): bigint {
  const neg = (num < 0n) !== (den < 0n);
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d);
  return neg ? -q : q;
}

/**
 * `amount` minor units of a currency with exponent `fromExponent`, times `rate` (units of the target
 * currency per unit of the source), in minor units of a currency with exponent `toExponent`. Exact until
 * the one rounding: to the nearest minor unit, halves away from zero.
 */
export function convertMinor(amount: number, fromExponent: number, toExponent: number, rate: Rational): number {
  if (!Number.isSafeInteger(amount)) throw new RateError(`${amount} is not a whole number of minor units`);
  const shift = toExponent - fromExponent;
  const num = BigInt(amount) * rate.num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const den = rate.den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  const result = divideRoundHalfAway(num, den);
  return checkedMinor(Number(result), 'currency conversion');
}
