import { describe, expect, it } from 'vitest';
import { moneyInText, negativesInText } from '../../core/money';

describe('amounts inside stored sentences', () => {
  it('writes an amount with its currency\'s decimals and code', () => {
    expect(moneyInText(-123456, 'EUR')).toBe('-1234.56 EUR');
    expect(moneyInText(-1500, 'JPY')).toBe('-1500 JPY');
  });

  it('shows negatives in brackets when chosen, leaving dates, ids, ranges and positive amounts alone', () => {
    const text = `Refunded 2026-06-01, order 302-1234567-7654321 (${moneyInText(-4999, 'EUR')}); usual ${moneyInText(1200, 'EUR')} to ${moneyInText(-300, 'EUR')}`;
    expect(negativesInText(text, 'brackets')).toBe('Refunded 2026-06-01, order 302-1234567-7654321 ((49.99 EUR)); usual 12.00 EUR to (3.00 EUR)');
    expect(negativesInText(text, 'minus')).toBe(text);
  });
});
