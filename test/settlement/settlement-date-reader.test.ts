import { describe, expect, it } from 'vitest';
import { SettlementDateReader } from '../../core/settlement/settlement-date-reader';
import { DateParseError, parseSettlementDate } from '../../core/settlement/settlement-dates';
import { lineRow, load, parseError, summaryRow, v2Text } from './settlement-fixtures';

const two = (n: number) => String(n).padStart(2, '0');
/** The same instant as the three ways a settlement writes it. */
function written(ms: number) {
  const d = new Date(ms);
  const [y, mo, day, h, mi, s] = [d.getUTCFullYear(), two(d.getUTCMonth() + 1), two(d.getUTCDate()), two(d.getUTCHours()), two(d.getUTCMinutes()), two(d.getUTCSeconds())];
  return { us: `${y}-${mo}-${day} ${h}:${mi}:${s} UTC`, eu: `${day}.${mo}.${y} ${h}:${mi}:${s} UTC`, iso: `${y}-${mo}-${day}T${h}:${mi}:${s}+00:00` };
}

describe('dates read from their digits', () => {
  it('agree with the general reader on every form, across month ends, leap days and the nights clocks change in Europe and the US', () => {
    const reader = new SettlementDateReader();
    const instants = [
      Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 2, 29, 2, 30, 0), // EU summer time starts 01:00 UTC
      Date.UTC(2026, 9, 25, 0, 59, 59), Date.UTC(2026, 9, 25, 1, 0, 0), Date.UTC(2026, 9, 25, 1, 30, 0), // and ends
      Date.UTC(2026, 2, 8, 7, 0, 0), Date.UTC(2026, 10, 1, 6, 0, 0), // US changes (02:00 local)
      Date.UTC(2028, 1, 29, 23, 59, 59), Date.UTC(2026, 11, 31, 23, 59, 59), Date.UTC(2027, 0, 1, 0, 0, 0), Date.UTC(2026, 5, 30, 23, 59, 59),
    ];
    // And a day's worth of seconds spread over a year, so the per-day cache is hit and missed alike.
    for (let i = 0; i < 2000; i++) instants.push(Date.UTC(2026, 0, 1) + ((i * 7_919_993_000) % (366 * 86_400_000)) - (((i * 7_919_993_000) % (366 * 86_400_000)) % 1000));
    for (const ms of instants) {
      const expected = new Date(ms).toISOString();
      for (const text of Object.values(written(ms))) {
        expect(reader.read(text, 0, text.length, 'dmy')).toBe(expected);
        expect(parseSettlementDate(text)).toBe(expected);
      }
    }
  });

  it('reads a date inside a row from its offsets, ignoring spaces around it, and plain days in both orders', () => {
    const reader = new SettlementDateReader();
    const row = 'x\t 16.06.2026 08:14:22 UTC \t2026-06-16\t16.06.2026\ty';
    expect(reader.read(row, 2, 27, 'dmy')).toBe('2026-06-16T08:14:22.000Z');
    expect(reader.read(row, 28, 38, 'dmy')).toBe('2026-06-16T00:00:00.000Z');
    expect(reader.read(row, 39, 49, 'dmy')).toBe('2026-06-16T00:00:00.000Z');
  });

  it('leaves other forms to the general reader: offsets other than UTC, slashes, fractions of a second', () => {
    const reader = new SettlementDateReader();
    const read = (t: string, order: 'dmy' | 'mdy' = 'dmy') => reader.read(t, 0, t.length, order);
    expect(read('2026-03-29T03:30:00+02:00')).toBe('2026-03-29T01:30:00.000Z');
    expect(read('2026-06-16T08:14:22.5Z')).toBe('2026-06-16T08:14:22.500Z');
    expect(read('06/16/26', 'mdy')).toBe('2026-06-16T00:00:00.000Z');
    expect(read('16/06/2026')).toBe('2026-06-16T00:00:00.000Z');
  });

  it('refuses days and times that do not exist, saying why', () => {
    const reader = new SettlementDateReader();
    const refusal = (t: string) => {
      try {
        reader.read(t, 0, t.length, 'dmy');
      } catch (e) {
        return e as DateParseError;
      }
      throw new Error(`${t} was read`);
    };
    expect(refusal('2026-02-29 10:00:00 UTC').reason).toBe('day 29 does not exist in month 2');
    expect(refusal('31.06.2026 10:00:00 UTC').reason).toBe('day 31 does not exist in month 6');
    expect(refusal('2026-13-01').reason).toBe('month 13 does not exist');
    expect(refusal('2026-06-16 24:00:00 UTC').reason).toBe('time of day out of range');
    expect(refusal('16.06.2026 08:61:00 UTC').reason).toBe('time of day out of range');
    expect(refusal('2026-06-1x 08:00:00 UTC')).toBeInstanceOf(DateParseError);
    expect(refusal('yesterday').reason).toBe('not a date in a known settlement format');
  });
});

describe('EU settlement files', () => {
  const eu = (over = {}) => lineRow({ currency: 'EUR', 'marketplace-name': 'Amazon.de', 'posted-date': '17.06.2026', 'posted-date-time': '17.06.2026 08:14:22 UTC', ...over });
  const euSummary = summaryRow({ currency: 'EUR', 'settlement-start-date': '16.06.2026 00:00:00 UTC', 'settlement-end-date': '30.06.2026 23:59:59 UTC', 'deposit-date': '02.07.2026 00:00:00 UTC' });

  it('reads decimal commas to the cent and dd.MM.yyyy dates to the second', async () => {
    const s = await load(v2Text([{ ...euSummary, 'total-amount': '1.234,56' }, eu({ amount: '1234,56' }), eu({ amount: '-0,99', 'posted-date-time': '' })]));
    expect(s.summary).toMatchObject({ totalAmount: 123456, startDate: '2026-06-16T00:00:00.000Z', endDate: '2026-06-30T23:59:59.000Z', depositDate: '2026-07-02T00:00:00.000Z' });
    expect(s.lines.map((l) => [l.amount, l.postedDate])).toEqual([[123456, '2026-06-17T08:14:22.000Z'], [-99, '2026-06-17T00:00:00.000Z']]);
  });

  it('names the line, column and value of a date that does not exist', async () => {
    const e = await parseError(v2Text([euSummary, eu(), eu({ 'posted-date-time': '31.06.2026 08:14:22 UTC' })]));
    expect(e.message).toBe('test.txt, line 4, column "posted-date-time", value "31.06.2026 08:14:22 UTC": day 31 does not exist in month 6');
    const summary = await parseError(v2Text([{ ...euSummary, 'deposit-date': '02.13.2026 00:00:00 UTC' }]));
    expect(summary.message).toBe('test.txt, line 2, column "deposit-date", value "02.13.2026 00:00:00 UTC": month 13 does not exist');
  });
});
