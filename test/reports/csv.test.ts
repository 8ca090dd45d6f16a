import { describe, expect, it } from 'vitest';
import { csvNumber, toCsv } from '../../core/text/csv';

describe('CSV for spreadsheets', () => {
  it('quotes commas, quotes and line breaks, and starts with a BOM for Excel', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null]]);
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, whatever follows the sign, and writes our own numbers bare', () => {
    const csv = toCsv(['v'], [['=HYPERLINK("http://x")'], ['+1'], ['@SUM(A1)'], ['-12.50'], ["-2+3+cmd|' /C calc'!A0"], ['-rm'], [-12.5], [csvNumber('-12.50')]]);
    const lines = csv.slice(1).trim().split('\r\n').slice(1);
    expect(lines).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'@SUM(A1)", "'-12.50", "'-2+3+cmd|' /C calc'!A0", "'-rm", '-12.5', '-12.50']);
  });

  it('takes only a plain decimal as a number cell', () => {
    expect(() => csvNumber('-2+3')).toThrow(/plain decimal/);
    expect(() => csvNumber('1,234.56')).toThrow(/plain decimal/);
  });
});
