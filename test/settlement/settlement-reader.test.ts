import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettlement, readSettlementFile, SettlementParseError } from '../../core/settlement';
import { lineRow, load, parseError, SAMPLES, summaryRow, v2Text, V2_COLUMNS } from './settlement-fixtures';

describe('Flat File V2 reference sample', () => {
  // Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
  const file = join(SAMPLES, 'settlement-v2-synthetic.tsv');

  it('reads the summary row apart from the 23 transaction lines, and the lines add up to the deposit', async () => {
    const s = await loadSettlement(readSettlementFile(file));
    expect(s.format).toBe('v2');
    expect(s.summary).toMatchObject({
      settlementId: '28471003921',
      startDate: '2026-06-16T00:00:00.000Z',
      endDate: '2026-06-30T23:59:59.000Z',
      depositDate: '2026-07-02T00:00:00.000Z',
      totalAmount: 58289,
      currency: 'USD',
    });
    expect(s.lines).toHaveLength(23);
    expect(s.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(58289);
    expect(s.lines[0]).toMatchObject({
      row: 3,
      transactionType: 'Order',
      amountType: 'ItemPrice',
      amountDescription: 'Principal',
      amount: 12999,
      orderId: '114-8829371-4410258',
      sku: 'NX-HD-1200',
      quantity: 1,
      postedDate: '2026-06-17T08:14:22.000Z',
    });
    expect(s.lines.at(-1)).toMatchObject({ amountDescription: 'Current Reserve Amount', amount: -42000 });
  });

  it('reads the same settlement from a gzip download, detected by its magic bytes', async () => {
    const plain = await loadSettlement(readSettlementFile(file));
    const zipped = await load(gzipSync(readFileSync(file)));
    expect(zipped.summary?.totalAmount).toBe(plain.summary?.totalAmount);
    expect(zipped.lines.map((l) => l.amount)).toEqual(plain.lines.map((l) => l.amount));
  });
});

describe('legacy 36-column flat file reference sample (fluxxu/mws-rs, MIT)', () => {
  it('turns each filled amount column into its own line and carries the quantity-only row onto them', async () => {
    const s = await loadSettlement(readSettlementFile(join(SAMPLES, 'settlement-legacy-us-2015.tsv')));
    expect(s.format).toBe('legacy');
    expect(s.summary).toMatchObject({ settlementId: '6016502941', totalAmount: 1663013, startDate: '2015-12-02T03:27:08.000Z' });
    expect(s.lines.map((l) => [l.row, l.amountType, l.amountDescription, l.amount, l.source])).toEqual([
      [4, 'ItemPrice', 'Principal', 2799, 'price-amount'],
      [5, 'ItemFees', 'FBAPerOrderFulfillmentFee', -100, 'item-related-fee-amount'],
    ]);
    expect(s.lines.map((l) => l.quantity)).toEqual([1, 1]);
  });

  it('reads the 33-column legacy variant without the promotion columns', async () => {
    const [header, ...rows] = readFileSync(join(SAMPLES, 'settlement-legacy-us-2015.tsv'), 'utf8').trimEnd().split('\n');
    const names = header!.split('\t');
    const keep = names.map((n, i) => (n.startsWith('promotion-') ? -1 : i)).filter((i) => i >= 0);
    const text = [header!, ...rows].map((r) => keep.map((i) => r.split('\t')[i] ?? '').join('\t')).join('\n');
    expect(keep).toHaveLength(33);
    const s = await load(text);
    expect(s.format).toBe('legacy');
    expect(s.lines.map((l) => l.amount)).toEqual([2799, -100]);
  });

  it('splits one legacy row carrying several amounts into one line per amount', async () => {
    const columns = ['settlement-id', 'total-amount', 'currency', 'transaction-type', 'order-id', 'price-type', 'price-amount',
      'item-related-fee-type', 'item-related-fee-amount', 'promotion-type', 'promotion-amount', 'other-amount', 'posted-date'];
    const text = [
      columns.join('\t'),
      ['77', '-3,10', 'EUR', '', '', '', '', '', '', '', '', '', ''].join('\t'),
      ['77', '', '', 'Order', 'O-1', 'Principal', '10,00', 'Commission', '-1,50', 'Shipping', '-0,60', '', '2015-12-02T04:15:26+00:00'].join('\t'),
      ['77', '', '', 'Current Reserve Amount', '', '', '', '', '', '', '', '-11,00', '2015-12-03T00:00:00+00:00'].join('\t'),
    ].join('\r\n');
    const s = await load(text);
    expect(s.lines.map((l) => [l.transactionType, l.amountType, l.amountDescription, l.amount])).toEqual([
      ['Order', 'ItemPrice', 'Principal', 1000],
      ['Order', 'ItemFees', 'Commission', -150],
      ['Order', 'Promotion', 'Shipping', -60],
      ['Current Reserve Amount', 'other-transaction', 'Current Reserve Amount', -1100],
    ]);
  });
});

describe('marketplace dialects and traps', () => {
  it('reads a European file: BOM, CRLF, 1.234,56 amounts and dd.MM.yyyy dates', async () => {
    const text = v2Text(
      [
        summaryRow({ 'total-amount': '1.234,56', currency: 'EUR', 'settlement-start-date': '16.06.2026 00:00:00 UTC', 'settlement-end-date': '30.06.2026', 'deposit-date': '02/07/2026' }),
        lineRow({ currency: 'EUR', amount: '1.235,55', 'posted-date-time': '17.06.2026 08:14:22 UTC' }),
        lineRow({ currency: 'EUR', amount: '-0,99', 'amount-type': 'ItemFees', 'amount-description': 'Commission' }),
      ],
      { bom: true, lineEnding: '\r\n' },
    );
    const s = await load(text);
    expect(s.summary).toMatchObject({ totalAmount: 123456, startDate: '2026-06-16T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z', depositDate: '2026-07-02T00:00:00.000Z' });
    expect(s.lines.map((l) => l.amount)).toEqual([123555, -99]);
    expect(s.lines[0]!.postedDate).toBe('2026-06-17T08:14:22.000Z');
    expect(s.lines[1]!.sku).toBe('SKU-1'); // no stray \r on the last column
  });

  it('decodes windows-1252 text when the bytes are not UTF-8', async () => {
    const text = v2Text([summaryRow({ currency: 'EUR', 'total-amount': '-5,00' }), lineRow({ currency: 'EUR', amount: '-5,00', 'amount-type': 'other-transaction', 'amount-description': 'Gebühr für Lagerung €' })]);
    const s = await load(Buffer.from(new Uint8Array([...text].map((c) => (c === 'ü' ? 0xfc : c === '€' ? 0x80 : c.charCodeAt(0))))));
    expect(s.lines[0]!.amountDescription).toBe('Gebühr für Lagerung €');
  });

  it('decodes a Japanese settlement in Shift_JIS, with yen amounts without decimals', async () => {
    const text = v2Text([summaryRow({ currency: 'JPY', 'total-amount': '1,500' }), lineRow({ currency: 'JPY', amount: '1500', sku: '商品-テスト' })]);
    // Shift_JIS bytes of the two Japanese words, built by hand so the test needs no encoder.
    const sjis: Record<string, number[]> = { 商品: [0x8f, 0xa4, 0x95, 0x69], テスト: [0x83, 0x65, 0x83, 0x58, 0x83, 0x67] };
    const [before, after] = text.split('商品-テスト') as [string, string];
    const bytes = Buffer.concat([Buffer.from(before, 'latin1'), Buffer.from(sjis['商品']!), Buffer.from('-'), Buffer.from(sjis['テスト']!), Buffer.from(after, 'latin1')]);
    // One chunk holding everything proves the charset is chosen after the summary row was read.
    for (const size of [3, 100_000]) {
      const s = await load(bytes, {}, size);
      expect(s.summary?.totalAmount).toBe(1500);
      expect(s.lines[0]).toMatchObject({ sku: '商品-テスト', amount: 1500 });
    }
  });

  it('keeps multi-byte UTF-8 intact across chunk boundaries', async () => {
    const text = v2Text([summaryRow(), lineRow({ 'amount-description': 'Café – crème ✓', amount: '0.00' })]);
    for (const size of [1, 2, 3, 5]) {
      const s = await load(text, {}, size);
      expect(s.lines[0]!.amountDescription).toBe('Café – crème ✓');
    }
  });

  it('reads 3-decimal currencies exactly', async () => {
    const s = await load(v2Text([summaryRow({ currency: 'KWD', 'total-amount': '12.345' }), lineRow({ currency: 'KWD', amount: '12.345' })]));
    expect(s.summary?.totalAmount).toBe(12345);
    expect(s.lines[0]!.amount).toBe(12345);
  });

  it('reads columns by name, in any order, with or without promotion-id, and keeps unknown columns', async () => {
    const columns: string[] = [...V2_COLUMNS.filter((c) => c !== 'promotion-id')].reverse();
    columns.push('tax-collection-model');
    const s = await load(v2Text([summaryRow({ 'total-amount': '7.00' }), lineRow({ amount: '7.00', 'tax-collection-model': 'MarketplaceFacilitator' })], { columns }));
    expect(s.lines[0]).toMatchObject({ amount: 700, sku: 'SKU-1', extra: { 'tax-collection-model': 'MarketplaceFacilitator' } });
    expect(s.columns).toContain('tax-collection-model');
  });

  it('tells apart dates that differ only in the characters its date cache does not index, and values that only share a length', async () => {
    // The reader caches dates by their day, minute and second digits and pools short fields by length
    // (core/settlement/string-pool.ts); these lines share those and must still read as what they say.
    const dates = ['2026-06-16 08:14:22 UTC', '2026-07-16 08:14:22 UTC', '2027-06-16 09:04:22 UTC', '2026-06-16 08:14:22 UTC'];
    const descriptions = ['Principal', 'Shipping', 'Principal', 'GiftWrap'];
    const rows = dates.map((d, i) => lineRow({ 'posted-date-time': d, 'amount-description': descriptions[i], amount: '1.00', 'marketplace-name': i % 2 ? 'amazon.de' : 'amazon.fr' }));
    const s = await load(v2Text([summaryRow({ 'total-amount': '4.00' }), ...rows]));
    expect(s.lines.map((l) => l.postedDate)).toEqual(['2026-06-16T08:14:22.000Z', '2026-07-16T08:14:22.000Z', '2027-06-16T09:04:22.000Z', '2026-06-16T08:14:22.000Z']);
    expect(s.lines.map((l) => l.amountDescription)).toEqual(descriptions);
    expect(s.lines.map((l) => l.marketplaceName)).toEqual(['amazon.fr', 'amazon.de', 'amazon.fr', 'amazon.de']);
  });

  it('recognises the summary even when rows repeat the header fields', async () => {
    const s = await load(v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow({ ...summaryRow(), ...lineRow() })]));
    expect(s.lines).toHaveLength(1);
    expect(s.summary?.totalAmount).toBe(1000);
  });
});

describe('rows that cannot be read stop the import with file, line, column and value', () => {
  it('names a bad amount', async () => {
    const e = await parseError(v2Text([summaryRow(), lineRow(), lineRow({ amount: '12,3.4' })]));
    expect(e).toBeInstanceOf(SettlementParseError);
    expect(e.message).toMatch(/^test\.txt, line 4, column "amount", value "12,3\.4": /);
  });
  it('names a bad date', async () => {
    const e = await parseError(v2Text([summaryRow(), lineRow({ 'posted-date-time': '2026-13-01 00:00:00 UTC' })]));
    expect(e.message).toContain('line 3, column "posted-date-time", value "2026-13-01 00:00:00 UTC"');
  });
  it('names an unknown currency', async () => {
    const e = await parseError(v2Text([summaryRow({ currency: 'EUX' })]));
    expect(e.message).toContain('line 2, column "currency", value "EUX"');
  });
  it('refuses a file that is not a settlement', async () => {
    const e = await parseError('name\tprice\nfoo\t1\n');
    expect(e.message).toMatch(/line 1.*not a settlement header/);
  });
  it('quotes the header as the file writes it, not in lower case', async () => {
    const e = await parseError('Settlement-ID\tOrder-ID\tPrice\nfoo\t1\t2\n');
    expect(e.message).toContain('value "Settlement-ID\tOrder-ID\tPrice"');
    const twice = await parseError(v2Text([summaryRow()]).replace('settlement-id', 'Settlement-ID\tSETTLEMENT-ID'));
    expect(twice.message).toContain('column "SETTLEMENT-ID", value "SETTLEMENT-ID": column appears twice');
  });
  it('refuses rows of two settlements in one file', async () => {
    const e = await parseError(v2Text([summaryRow(), lineRow({ 'settlement-id': '900200' })]));
    expect(e.message).toContain('line 3, column "settlement-id", value "900200"');
  });
  it('refuses a row with more fields than the header', async () => {
    const e = await parseError(v2Text([summaryRow()]) + 'x\t'.repeat(30) + '\n');
    expect(e.message).toContain('line 3');
  });
  it('refuses UTF-8 text that turns into invalid bytes', async () => {
    const good = Buffer.from(v2Text([summaryRow(), lineRow({ sku: 'Café' })]));
    const e = await parseError(Buffer.concat([good, Buffer.from([0x39, 0x30, 0x30, 0x31, 0x30, 0x30, 0x09, 0xff, 0x0a])]));
    expect(e.message).toMatch(/line 4: .*not UTF-8/);
  });
  it('refuses bytes that are not the charset the download declared', async () => {
    const e = await parseError(Buffer.concat([Buffer.from(v2Text([summaryRow()])), Buffer.from([0xff, 0x0a])]), { encoding: 'UTF-8' });
    expect(e.message).toMatch(/not valid utf-8/);
  });
  it('refuses bytes that are not UTF-8 after a UTF-8 BOM, rather than reading them as another charset', async () => {
    const e = await parseError(Buffer.concat([Buffer.from('\ufeff' + v2Text([summaryRow()])), Buffer.from([0xff, 0x0a])]));
    expect(e.message).toMatch(/not valid utf-8/);
  });
  it('reports damaged gzip data', async () => {
    const zipped = gzipSync(Buffer.from(v2Text([summaryRow(), lineRow()])));
    const e = await parseError(zipped.subarray(0, zipped.length - 12));
    expect(e.message).toMatch(/^test\.txt, line \d+: the gzip data is damaged/);
  });
});
