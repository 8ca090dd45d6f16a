import { describe, expect, it } from 'vitest';
import { toCsv } from '../../core/reports/csv';

describe('CSV for spreadsheets', () => {
  it('quotes commas, quotes and line breaks, and starts with a BOM for Excel', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null]]);
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but keeps negative numbers as numbers', () => {
    const csv = toCsv(['v'], [['=HYPERLINK("http://x")'], ['+1'], ['@SUM(A1)'], ['-12.50'], [-12.5], ['-rm']]);
    const lines = csv.slice(1).trim().split('\r\n').slice(1);
    expect(lines).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'@SUM(A1)", '-12.50', '-12.5', "'-rm"]);
  });
});
