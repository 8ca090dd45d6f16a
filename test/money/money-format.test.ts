import { describe, expect, it } from 'vitest';
import { addMinor, currencyExponent, formatMoney, sumMinor, toDecimalString, UnknownCurrencyError } from '../../core/money';

describe('currency exponents', () => {
  it('knows 0, 2 and 3 decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
  });
  it('refuses an unknown code instead of assuming two decimals', () => {
    expect(() => currencyExponent('USS')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('USS')).toThrow(/"USS"/);
  });
});

describe('formatting', () => {
  it('writes machine decimal strings with a dot and the currency decimals', () => {
    expect(toDecimalString(-123450, 2)).toBe('-1234.50');
    expect(toDecimalString(5, 2)).toBe('0.05');
    expect(toDecimalString(-5, 3)).toBe('-0.005');
    expect(toDecimalString(1500, 0)).toBe('1500');
    expect(toDecimalString(0, 2)).toBe('0.00');
  });
  it('displays in the user locale without float rounding', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(-99, 'USD', 'en-US')).toBe('-$0.99');
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toBe('￥1,500');
    expect(formatMoney(1234567, 'KWD', 'en-US')).toContain('1,234.567');
    expect(formatMoney(9007199254740991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });
  it('shows a negative in brackets when the workspace says so, and a positive the same either way', () => {
    expect(formatMoney(-123456, 'EUR', 'de-DE', 'brackets')).toBe('(1.234,56\u00a0€)');
    expect(formatMoney(-99, 'USD', 'en-US', 'brackets')).toBe('($0.99)');
    expect(formatMoney(-1500, 'JPY', 'en-US', 'minus')).toBe('-¥1,500');
    expect(formatMoney(99, 'USD', 'en-US', 'brackets')).toBe('$0.99');
  });
});

describe('checked arithmetic', () => {
  it('adds exactly and refuses to overflow', () => {
    expect(sumMinor([10, 20, -5])).toBe(25);
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(/safe integer/);
  });
});
