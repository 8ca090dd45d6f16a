import { describe, expect, it } from 'vitest';
import { BusinessCentralSettingsSchema } from '../../core/erp/business-central/settings';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { calendarMonthIn, calendarMonthUtc } from '../../core/settlement/accounting-period';
import { JournalBuilder, documentBalance, type JournalOptions } from '../../core/settlement/journal-builder';
import { SettlementDigest } from '../../core/settlement/settlement-digest';
import { settlementTimeZone } from '../../core/settlement/settlement-marketplaces';
import type { SettlementLine, SettlementSummary } from '../../core/settlement/settlement-model';

const mapping: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: [{ match: { category: 'principal' }, account: 'SALES' }, { match: { category: 'referral-fee' }, account: 'FEES' }],
};

const summary = (over: Partial<SettlementSummary> = {}): SettlementSummary => ({
  settlementId: 'S-TZ', startDate: '2026-05-20T00:00:00.000Z', endDate: '2026-06-03T00:00:00.000Z', depositDate: '2026-06-05T00:00:00.000Z',
  totalAmount: 0, currency: 'JPY', row: 2, ...over,
});
let row = 3;
const line = (postedDate: string, amount: number, over: Partial<SettlementLine> = {}): SettlementLine => ({
  row: row++, settlementId: 'S-TZ', transactionType: 'Order', amountType: 'ItemPrice', amountDescription: 'Principal', amount, currency: 'JPY',
  orderId: '', merchantOrderId: '', adjustmentId: '', shipmentId: '', marketplaceName: 'Amazon.co.jp', fulfillmentId: 'AFN', postedDate,
  orderItemCode: '', merchantOrderItemId: '', merchantAdjustmentItemId: '', sku: '', quantity: 1, promotionId: '', ...over,
});

function journal(s: SettlementSummary, lines: SettlementLine[], options: JournalOptions = {}) {
  const b = new JournalBuilder(s, mapping, options);
  for (const l of lines) b.add(l);
  return b.build();
}

describe('month-end split in the company\'s time zone', () => {
  it('puts a Tokyo sale at 01:00 on the 1st (Tokyo time) into the new month', () => {
    // 2026-05-31T16:00Z is 2026-06-01 01:00 in Tokyo.
    const lines = [line('2026-05-25T03:00:00.000Z', 5000), line('2026-05-31T16:00:00.000Z', 3000)];
    const s = summary({ totalAmount: 8000 });
    const tokyo = journal(s, lines, { timeZone: 'Asia/Tokyo' });
    expect(tokyo.documents.map((d) => [d.period, d.postingDate])).toEqual([['2026-05', '2026-05-31'], ['2026-06', '2026-06-03']]);
    expect(tokyo.documents[1]!.lines.find((l) => l.account === 'SALES')?.amount).toBe(-3000);
    for (const d of tokyo.documents) expect(documentBalance(d)).toBe(0);
    // Without a time zone the months stay UTC months, as before.
    const utc = journal(s, lines);
    expect(utc.documents[0]!.lines.find((l) => l.account === 'SALES')?.amount).toBe(-8000);
  });

  it('posts an earlier part on the last day of the month where the company is, west of UTC too', () => {
    // 2026-06-01T03:00Z is still 31 May in Los Angeles; June begins there at 07:00Z.
    const s = summary({ currency: 'USD', totalAmount: 3000, endDate: '2026-06-10T00:00:00.000Z' });
    const lines = [line('2026-06-01T03:00:00.000Z', 1000, { currency: 'USD' }), line('2026-06-01T08:00:00.000Z', 2000, { currency: 'USD' })];
    const j = journal(s, lines, { timeZone: 'America/Los_Angeles' });
    expect(j.documents.map((d) => [d.period, d.postingDate])).toEqual([['2026-05', '2026-05-31'], ['2026-06', '2026-06-09']]);
  });

  it('follows Berlin\'s daylight-saving time across the last Sundays of March and October', () => {
    const berlin = calendarMonthIn('Europe/Berlin');
    // Summer time from 29 March 2026: April begins at 22:00 UTC on 31 March.
    expect(berlin('2026-03-31T21:59:59.999Z')).toEqual({ id: '2026-03', end: '2026-03-31T21:59:59.999Z', lastDay: '2026-03-31' });
    expect(berlin('2026-03-31T22:00:00.000Z').id).toBe('2026-04');
    expect(berlin('2026-03-29T01:30:00.000Z').id).toBe('2026-03');
    // Winter time from 25 October 2026: November begins at 23:00 UTC on 31 October.
    expect(berlin('2026-10-31T22:30:00.000Z')).toEqual({ id: '2026-10', end: '2026-10-31T22:59:59.999Z', lastDay: '2026-10-31' });
    expect(berlin('2026-10-31T23:00:00.000Z').id).toBe('2026-11');
    // Winter time at the end of February: March begins at 23:00 UTC on 28 February.
    expect(berlin('2026-02-28T23:00:00.000Z').id).toBe('2026-03');
    expect(berlin('2026-02-28T22:59:59.000Z').end).toBe('2026-02-28T22:59:59.999Z');
  });

  it('reads UTC and Tokyo months, year end included', () => {
    expect(calendarMonthIn('UTC')).toBe(calendarMonthUtc);
    const tokyo = calendarMonthIn('Asia/Tokyo');
    expect(tokyo('2026-12-31T15:00:00.000Z').id).toBe('2027-01');
    expect(tokyo('2026-12-31T14:59:59.999Z')).toEqual({ id: '2026-12', end: '2026-12-31T14:59:59.999Z', lastDay: '2026-12-31' });
  });

  it('builds the same journal from the stored line groups as from every line, at a Tokyo and a Kolkata month end', () => {
    const s = summary({ totalAmount: 0 });
    // Around the month boundary of Tokyo (15:00Z) and Kolkata (18:30Z) on the last UTC day of May.
    const times = ['2026-05-31T14:50:00.000Z', '2026-05-31T15:05:00.000Z', '2026-05-31T18:20:00.000Z', '2026-05-31T18:40:00.000Z', '2026-06-01T02:00:00.000Z'];
    const lines = times.flatMap((t, i) => [line(t, 100 * (i + 1)), line(t, -10 * (i + 1), { amountType: 'ItemFees', amountDescription: 'Commission' })]);
    s.totalAmount = lines.reduce((a, l) => a + l.amount, 0);
    for (const timeZone of ['Asia/Tokyo', 'Asia/Kolkata', 'Europe/Berlin']) {
      const digest = new SettlementDigest();
      digest.add({ kind: 'summary', summary: s });
      for (const l of lines) digest.addLine(l);
      const fromLines = journal(s, lines, { timeZone });
      expect(digest.journal(mapping, { timeZone }), timeZone).toEqual(fromLines);
      expect(fromLines.documents.length, timeZone).toBe(2);
    }
  });

  it('takes the time zone from the ERP connection, else from the marketplace, else UTC', () => {
    expect(settlementTimeZone({ timeZone: 'Europe/Berlin' }, ['Amazon.co.jp'])).toBe('Europe/Berlin');
    expect(settlementTimeZone({}, ['Non-Amazon', 'Amazon.co.jp'])).toBe('Asia/Tokyo');
    expect(settlementTimeZone(null, ['Amazon.de', 'Amazon.fr'])).toBe('Europe/Berlin');
    expect(settlementTimeZone(undefined, ['Non-Amazon'])).toBe('UTC');
  });

  it('accepts an IANA time zone in the Business Central settings and refuses anything else', () => {
    const base = { deployment: 'on-premises', baseUrl: 'https://bc.example.com:7048/bc/api/v2.0', username: 'svc' };
    expect(BusinessCentralSettingsSchema.safeParse({ ...base, timeZone: 'Asia/Tokyo' }).success).toBe(true);
    expect(BusinessCentralSettingsSchema.safeParse(base).success).toBe(true);
    const bad = BusinessCentralSettingsSchema.safeParse({ ...base, timeZone: 'Tokyo time' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('Europe/Berlin');
  });
});

describe('nothing of zero amount in a journal', () => {
  it('leaves out a journal line whose amounts net to zero, and a document with nothing to post', () => {
    // A sale and its correction in May net to zero (a refund would be a line of its own: "Refunds"); June holds a fee and the deposit.
    const s = summary({ totalAmount: -150 });
    const lines = [
      line('2026-05-25T03:00:00.000Z', 1000),
      line('2026-05-26T03:00:00.000Z', -1000),
      line('2026-06-02T03:00:00.000Z', -150, { amountType: 'ItemFees', amountDescription: 'Commission' }),
    ];
    const j = journal(s, lines);
    expect(j.issues).toEqual([]);
    expect(j.documents.map((d) => d.period)).toEqual(['2026-06']);
    expect(j.documents[0]!.lines.map((l) => [l.role, l.account, l.amount])).toEqual([['amount', 'FEES', 150], ['deposit', 'CLEARING', -150]]);
  });

  it('produces no document at all for a settlement that moves no money', () => {
    const j = journal(summary({ totalAmount: 0 }), [line('2026-05-25T03:00:00.000Z', 500), line('2026-05-25T04:00:00.000Z', -500)]);
    expect(j.documents).toEqual([]);
    expect(j.issues).toEqual([]);
  });
});
