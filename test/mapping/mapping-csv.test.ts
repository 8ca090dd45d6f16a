import { describe, expect, it } from 'vitest';
import { mappingsFromCsv, mappingsToCsv, parseCsv } from '../../core/mapping/mapping-csv';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { ReferenceSnapshot } from '../../core/mapping/reference-cache';

const at = '2026-11-23T10:00:00.000Z';
const ref: ReferenceSnapshot = {
  accounts: [{ code: '8410', name: 'Amazon Selling Fees', postable: true }, { code: '-100', name: 'Odd but real', postable: true }],
  dimensions: [{ code: 'MARKETPLACE', name: 'Marketplace', postable: true, values: [{ code: 'AMAZON-DE', name: 'Amazon.de', postable: true }] }],
  items: [],
  customers: [],
  taxCodes: [],
  freightCodes: [],
  refreshedAt: { accounts: at, dimensions: at, items: at, customers: at },
};

describe('mappings CSV', () => {
  it('reads back what it wrote, including commas, quotes and text a spreadsheet would run as a formula', () => {
    const entries: MappingEntry[] = [
      { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Fee, "special"', subject: '', target: '8410', dimensions: { MARKETPLACE: 'AMAZON-DE' } },
      { kind: 'fee', transactionType: 'Order', amountType: 'other', amountDescription: '=HYPERLINK("x")', subject: '', target: '-100', dimensions: {} },
    ];
    const csv = mappingsToCsv(entries);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const back = mappingsFromCsv(csv, ref, 'BC');
    expect(back.problems).toEqual([]);
    expect(back.entries).toEqual(entries);
  });

  it('names the line and column of every bad row, counting lines inside quoted fields, and returns no entries', () => {
    const csv = 'kind,transaction-type,amount-type,amount-description,subject,target,dimensions\r\n'
      + 'fee,*,ItemFees,"two\nlines",,8410,\r\n'
      + 'fee,*,ItemFees,Commission,,8410,MARKETPLACE\r\n'
      + 'vendor,,,,x,1,\r\n';
    const r = mappingsFromCsv(csv, ref, 'BC');
    expect(r.entries).toEqual([]);
    expect(r.problems).toEqual([
      { line: 4, column: 'dimensions', message: '"MARKETPLACE" is not CODE=VALUE.' },
      { line: 5, column: 'kind', message: '"vendor" is not a kind; use one of fee, category, sku, marketplace, account.' },
    ]);
  });

  it('refuses a file without the expected columns, saying which is missing', () => {
    const r = mappingsFromCsv('kind,target\nfee,8410\n', ref, 'BC');
    expect(r.problems[0]).toMatchObject({ line: 1, column: 'transaction-type' });
    expect(parseCsv('\uFEFFa,b\r\n\r\n"c",d')).toEqual([{ line: 1, cells: ['a', 'b'] }, { line: 3, cells: ['c', 'd'] }]);
  });
});
