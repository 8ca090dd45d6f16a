import { describe, expect, it } from 'vitest';
import { StringPool } from '../../core/settlement/string-pool';

describe('pooled values found from a row of ASCII bytes', () => {
  it('hands back the one pooled instance, whichever way the value was first met, and pools a new one once', () => {
    const pool = new StringPool();
    const row = 'Order\tCommission\tCommissioN\t-1.00';
    const bytes = Buffer.from(row, 'latin1');
    const commission = pool.intern('Commission'.slice(0));
    expect(pool.internBytes(bytes, row, 6, 16)).toBe(commission);
    expect(pool.internBytes(bytes, row, 17, 27)).toBe('CommissioN');
    expect(pool.internBytes(bytes, row, 17, 27)).toBe(pool.internSpan(row, 17, 27));
    expect(pool.internBytes(bytes, row, 0, 0)).toBe('');
  });

  it('never matches a value with a character beyond one byte to bytes that only look alike', () => {
    const pool = new StringPool();
    const wide = pool.intern('Geb\u00fchr\u20ac');
    const row = 'Geb\u00fchr\u00ac';
    expect(pool.internBytes(Buffer.from(row, 'latin1'), row, 0, row.length)).toBe(row);
    expect(pool.intern('Geb\u00fchr\u20ac'.slice(0))).toBe(wide);
  });
});
