import { describe, expect, it } from 'vitest';
import { FieldEnds } from '../../core/settlement/field-ends';
import { FieldSpans } from '../../core/settlement/field-spans';
import { StringPool } from '../../core/settlement/string-pool';
import { lineRow, load, parseError, summaryRow, v2Text } from './settlement-fixtures';

describe('fields read as offsets into their row', () => {
  it('gives each field as split and trim would, a missing one as empty, and counts fields past the capacity', () => {
    const spans = new FieldSpans(4);
    spans.read('a\t  b c \t\t\u00a0d');
    expect([0, 1, 2, 3, 4, -1].map((i) => spans.str(i))).toEqual(['a', 'b c', '', '\u00a0d', '', '']);
    expect(spans.raw(1)).toBe('  b c ');
    expect(spans.is(1, 'b c')).toBe(true);
    expect(spans.is(2, '')).toBe(true);
    spans.read('1\t2\t3\t4\t5\t6');
    expect(spans.count).toBe(6);
    expect(spans.str(3)).toBe('4');
    expect(spans.str(4)).toBe('');
  });

  it('pools a value found in a row without making a new string for it', () => {
    const pool = new StringPool();
    const first = pool.intern('Commission'.slice(0));
    const row = 'Order\tCommission\t-1.00';
    expect(pool.internSpan(row, 6, 16)).toBe(first);
    expect(pool.internSpan(row, 0, 5)).toBe('Order');
    expect(pool.internSpan(row, 0, 0)).toBe('');
  });
});

describe('rows read through their offsets', () => {
  it('keep every field, amount and date to the cent and second, with spaces and CRLF around them', async () => {
    const s = await load(
      v2Text([summaryRow({ 'total-amount': '7.50' }), lineRow({ 'order-id': ' 111-2 ', amount: ' -2.50 ', sku: 'A B', 'quantity-purchased': '12' }), lineRow({ amount: '10' })], { lineEnding: '\r\n' }),
    );
    expect(s.lines.map((l) => [l.orderId, l.amount, l.sku, l.quantity, l.postedDate, l.settlementId])).toEqual([
      ['111-2', -250, 'A B', 12, '2026-06-17T08:14:22.000Z', '900100'],
      ['111-0000000-0000001', 1000, 'SKU-1', 1, '2026-06-17T08:14:22.000Z', '900100'],
    ]);
  });

  it('still refuses a row with more fields than the header, a line of another settlement and a bad quantity, naming where', async () => {
    const wide = v2Text([summaryRow(), lineRow()]).replace(/\n$/, '\textra\n');
    expect((await parseError(wide)).message).toContain('line 3, value "extra": row has 25 fields but the header names 24 columns');
    expect((await parseError(v2Text([summaryRow(), lineRow({ 'settlement-id': '900101' })]))).message).toContain('line 3, column "settlement-id", value "900101"');
    expect((await parseError(v2Text([summaryRow(), lineRow({ 'quantity-purchased': '1.5' })]))).message).toContain('line 3, column "quantity-purchased", value "1.5"');
  });
});

describe('fields located in the pass that cuts the lines', () => {
  it('finds every field of every line of a block, CRLF and empty lines included, as offsets into the block', () => {
    const text = 'a\tbb\t\r\n\nccc\td\n';
    const located = new FieldEnds();
    const lines: string[] = [];
    located.scan(Buffer.from(text, 'latin1'), text, lines);
    expect(lines).toEqual(['a\tbb\t', '', 'ccc\td']);
    expect(located.lines).toBe(3);
    const spans = new FieldSpans(4);
    const fields = (line: number) => {
      spans.readLocated(located, line);
      return Array.from({ length: spans.count }, (_, i) => spans.raw(i));
    };
    expect([0, 1, 2].map(fields)).toEqual([['a', 'bb', ''], [''], ['ccc', 'd']]);
  });

  it('reads a file of plain ASCII (located in one pass) as it reads the same file once it holds other text (searched line by line)', async () => {
    const rows = [summaryRow({ 'total-amount': '7.50' }), lineRow({ 'order-id': ' 111-2 ', amount: ' -2.50 ', sku: 'A B' }), lineRow({ amount: '10', 'promotion-id': 'P1' })];
    for (const lineEnding of ['\n', '\r\n'] as const) {
      const ascii = await load(v2Text(rows, { lineEnding }), {}, 1 << 16);
      const utf8 = await load(v2Text([...rows.slice(0, 2), { ...rows[2], sku: 'SKU-é' }], { lineEnding }), {}, 1 << 16);
      expect(utf8.lines.map((l) => ({ ...l, sku: l.sku.replace('SKU-é', 'SKU-1') }))).toEqual(ascii.lines);
      expect(ascii.lines.map((l) => [l.orderId, l.amount, l.sku, l.promotionId])).toEqual([['111-2', -250, 'A B', ''], ['111-0000000-0000001', 1000, 'SKU-1', 'P1']]);
    }
  });
});
