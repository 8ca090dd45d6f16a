import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { loadSettlement, readSettlementFile, type SettlementLine, type SettlementSummary } from '../../core/settlement';
import { documentBalance, JournalBuilder, type JournalOptions } from '../../core/settlement/journal-builder';
import { reconcile } from '../../core/settlement/reconciliation';
import { lineRow, load, SAMPLES, summaryRow, v2Text } from './settlement-fixtures';

const mapping: MappingRules = {
  accounts: { clearing: '1190-AMAZON-CLEARING', reserve: '1195-AMAZON-RESERVE', carriedForward: '1196-AMAZON-IN-TRANSIT' },
  rules: [
    { match: { category: 'principal' }, account: '4000-SALES' },
    { match: { category: 'principal', transactionType: 'Refund' }, account: '4010-RETURNS' },
    { match: { category: 'shipping' }, account: '4100-SHIPPING-INCOME' },
    { match: { category: 'tax' }, account: '2300-SALES-TAX' },
    { match: { category: 'withheld-tax' }, account: '2300-SALES-TAX' },
    { match: { category: 'referral-fee' }, account: '6100-AMAZON-FEES', dimensions: { FEE: 'REFERRAL' } },
    { match: { category: 'refund-commission' }, account: '6100-AMAZON-FEES', dimensions: { FEE: 'REFERRAL' } },
    { match: { category: 'fba-fee' }, account: '6110-FBA-FEES' },
    { match: { category: 'shipping-chargeback' }, account: '6110-FBA-FEES' },
    { match: { category: 'storage-fee' }, account: '6120-STORAGE' },
    { match: { category: 'subscription-fee' }, account: '6130-SUBSCRIPTION' },
    { match: { category: 'reimbursement' }, account: '4900-OTHER-INCOME' },
    // A rule that tries to send reserves to an expense account must not win: reserves are balance sheet.
    { match: { category: 'reserve' }, account: '6999-EXPENSE' },
  ],
};

function journal(summary: SettlementSummary | null, lines: readonly SettlementLine[], options: JournalOptions = {}) {
  const b = new JournalBuilder(summary, mapping, options);
  for (const l of lines) b.add(l);
  return b.build();
}

describe('journal of the V2 reference sample', () => {
  // Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
  it('balances in one document: deposit to clearing, reserves to the reserve account, every amount mapped', async () => {
    const s = await loadSettlement(readSettlementFile(join(SAMPLES, 'settlement-v2-synthetic.tsv')));
    const j = journal(s.summary, s.lines);
    expect(j.issues).toEqual([]);
    expect(j.documents).toHaveLength(1);
    const doc = j.documents[0]!;
    expect(doc).toMatchObject({ settlementId: '28471003921', currency: 'USD', period: '2026-06', postingDate: '2026-06-30', kind: 'settlement' });
    expect(documentBalance(doc)).toBe(0);
    const byAccount = (account: string) => doc.lines.filter((l) => l.account === account).reduce((s, l) => s + l.amount, 0);
    expect(byAccount('1190-AMAZON-CLEARING')).toBe(58289);
    expect(byAccount('1195-AMAZON-RESERVE')).toBe(-(82044 - 42000));
    expect(byAccount('6999-EXPENSE')).toBe(0);
    expect(byAccount('4000-SALES')).toBe(-(12999 + 8900 + 4550 + 21000));
    expect(byAccount('4010-RETURNS')).toBe(12999);
    expect(doc.lines.find((l) => l.account === '6100-AMAZON-FEES')?.dimensions).toEqual({ FEE: 'REFERRAL' });
  });
});

const summary = (over: Partial<SettlementSummary> = {}): SettlementSummary => ({
  settlementId: 'S-1', startDate: '2026-06-25T00:00:00.000Z', endDate: '2026-07-09T00:00:00.000Z', depositDate: '2026-07-11T00:00:00.000Z',
  totalAmount: 0, currency: 'EUR', row: 2, ...over,
});
let row = 3;
const line = (over: Partial<SettlementLine>): SettlementLine => ({
  row: row++, settlementId: 'S-1', transactionType: 'Order', amountType: 'ItemPrice', amountDescription: 'Principal', amount: 0, currency: 'EUR',
  orderId: 'O-1', merchantOrderId: '', adjustmentId: '', shipmentId: '', marketplaceName: 'amazon.de', fulfillmentId: 'AFN',
  postedDate: '2026-06-26T10:00:00.000Z', orderItemCode: '', merchantOrderItemId: '', merchantAdjustmentItemId: '', sku: 'SKU-A', quantity: 1, promotionId: '',
  ...over,
});

describe('period split', () => {
  it('splits a settlement spanning a month end into two balanced documents linked by the carried-forward account', () => {
    const lines = [
      line({ amount: 10000, postedDate: '2026-06-26T10:00:00.000Z' }),
      line({ amountType: 'ItemFees', amountDescription: 'Commission', amount: -1500, postedDate: '2026-06-30T23:59:59.000Z' }),
      line({ amount: 5000, postedDate: '2026-07-02T08:00:00.000Z', sku: 'SKU-B' }),
      line({ transactionType: 'ServiceFee', amountType: 'other-transaction', amountDescription: 'Storage Fee', amount: -700, postedDate: null }),
      // Posted before the settlement started: belongs to the settlement's first period, not to a closed May.
      line({ amount: 200, postedDate: '2026-05-31T00:00:00.000Z' }),
    ];
    const j = journal(summary({ totalAmount: 13000 }), lines);
    expect(j.issues).toEqual([]);
    expect(j.documents.map((d) => [d.period, d.postingDate, documentBalance(d)])).toEqual([
      ['2026-06', '2026-06-30', 0],
      ['2026-07', '2026-07-09', 0],
    ]);
    const [june, july] = j.documents as [typeof j.documents[0], typeof j.documents[0]];
    const cf = (d: typeof june) => d.lines.filter((l) => l.role === 'carried-forward').reduce((s, l) => s + l.amount, 0);
    expect(cf(june)).toBe(10000 - 1500 + 200);
    expect(cf(july)).toBe(-(10000 - 1500 + 200));
    expect(july.lines.find((l) => l.role === 'deposit')?.amount).toBe(13000);
    expect(june.lines.some((l) => l.role === 'deposit')).toBe(false);
  });

  it('gives the end month its own document for the deposit when no line falls in it', () => {
    // Ends (and pays out) on 2 July, but every line was posted in June: the June part carries forward,
    // the July document holds only the release and the deposit, dated on the settlement end.
    const lines = [
      line({ amount: 10000, postedDate: '2026-06-26T10:00:00.000Z' }),
      line({ amountType: 'ItemFees', amountDescription: 'Commission', amount: -1500, postedDate: '2026-06-29T12:00:00.000Z' }),
    ];
    const j = journal(summary({ totalAmount: 8500, endDate: '2026-07-02T23:59:59.000Z' }), lines);
    expect(j.issues).toEqual([]);
    expect(j.documents.map((d) => [d.period, d.postingDate, documentBalance(d)])).toEqual([
      ['2026-06', '2026-06-30', 0],
      ['2026-07', '2026-07-02', 0],
    ]);
    const july = j.documents[1]!;
    expect(july.lines.map((l) => [l.role, l.amount])).toEqual([['carried-forward', -8500], ['deposit', 8500]]);
  });
});

describe('signs and kinds', () => {
  it('posts a negative settlement as a payable: clearing credited, fees debited', () => {
    const j = journal(summary({ totalAmount: -5000, startDate: '2026-07-01T00:00:00.000Z' }), [
      line({ transactionType: 'ServiceFee', amountType: 'other-transaction', amountDescription: 'Storage Fee', amount: -3000, postedDate: '2026-07-03T00:00:00.000Z' }),
      line({ transactionType: 'ServiceFee', amountType: 'other-transaction', amountDescription: 'Subscription Fee', amount: -2000, postedDate: '2026-07-03T00:00:00.000Z' }),
    ]);
    const doc = j.documents[0]!;
    expect(doc.kind).toBe('settlement-payable');
    expect(doc.lines.find((l) => l.role === 'deposit')?.amount).toBe(-5000);
    expect(doc.lines.find((l) => l.account === '6120-STORAGE')?.amount).toBe(3000);
    expect(documentBalance(doc)).toBe(0);
  });

  it('never posts currencies together: a foreign-currency line gets its own document and a blocking issue', () => {
    const j = journal(summary({ totalAmount: 1000, endDate: '2026-06-30T23:59:59.000Z' }), [line({ amount: 1000 }), line({ amount: 700, currency: 'GBP' })]);
    expect(j.documents.map((d) => [d.currency, documentBalance(d)])).toEqual([
      ['EUR', 0],
      ['GBP', 0],
    ]);
    expect(j.issues).toEqual([{ kind: 'foreign-currency', currency: 'GBP', amount: -700 }]);
  });
});

describe('unknown combinations and unmapped categories', () => {
  it('reports an unknown combination with its count and total and maps it nowhere', () => {
    const j = journal(summary({ totalAmount: -300 }), [
      line({ amountType: 'ItemFees', amountDescription: 'BrandNewFee', amount: -100 }),
      line({ amountType: 'ItemFees', amountDescription: 'BrandNewFee', amount: -200 }),
    ]);
    expect(j.issues).toEqual([{ kind: 'unknown-combination', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'BrandNewFee', count: 2, amount: -300 }]);
    expect(j.documents[0]!.lines.find((l) => l.role === 'amount')?.account).toBeNull();
  });

  it('blocks a known category that has no mapping rule', () => {
    const j = journal(summary({ totalAmount: -100 }), [line({ transactionType: 'ServiceFee', amountType: 'other-transaction', amountDescription: 'Cost of Advertising', amount: -100 })]);
    expect(j.issues).toEqual([{ kind: 'unmapped', category: 'advertising', count: 1, amount: -100 }]);
  });
});

describe('reconciliation', () => {
  it('reports a difference with its likely cause and blocks the journal until a variance is accepted', async () => {
    // The generated file lost its Current Reserve Amount line: the lines exceed the deposit by 420.00.
    const s = await load(
      v2Text([
        summaryRow({ 'total-amount': '580.00' }),
        lineRow({ amount: '1000.00' }),
        lineRow({ 'transaction-type': 'Order', 'amount-type': 'ItemFees', 'amount-description': 'Commission', amount: '-420.00' }),
        lineRow({ 'transaction-type': 'Order', 'amount-type': 'ItemFees', 'amount-description': 'Commission', amount: '420.00' }),
      ]),
    );
    const r = reconcile(s.summary, s.lines);
    expect(r).toMatchObject({ balanced: false, totalAmount: 58000, linesTotal: 100000, difference: 42000 });
    expect(r.causes[0]).toMatchObject({ rows: [5], amount: 42000 });
    expect(r.causes.map((c) => c.reason).join('\n')).toMatch(/Current Reserve Amount/);

    const blocked = journal(s.summary, s.lines);
    expect(blocked.issues).toContainEqual({ kind: 'difference', difference: 42000 });
    expect(documentBalance(blocked.documents[0]!)).toBe(-42000);

    const accepted = journal(s.summary, s.lines, { variance: { account: '6990-SETTLEMENT-VARIANCE', reason: 'reserve missing from file, confirmed with Amazon', decidedBy: 'j.doe' } });
    expect(accepted.issues).toEqual([]);
    const doc = accepted.documents[0]!;
    expect(documentBalance(doc)).toBe(0);
    expect(doc.lines.find((l) => l.role === 'variance')).toMatchObject({ account: '6990-SETTLEMENT-VARIANCE', amount: 42000 });
  });

  it('is balanced when the lines equal the declared total', async () => {
    const s = await loadSettlement(readSettlementFile(join(SAMPLES, 'settlement-v2-synthetic.tsv')));
    expect(reconcile(s.summary, s.lines)).toMatchObject({ balanced: true, difference: 0, causes: [] });
  });
});

describe('grouping', () => {
  const lines = () => [
    line({ amount: 1000, sku: 'A', orderId: 'O-1', marketplaceName: 'amazon.de' }),
    line({ amount: 2000, sku: 'B', orderId: 'O-2', marketplaceName: 'amazon.fr' }),
    line({ amount: 3000, sku: 'A', orderId: 'O-3', marketplaceName: 'amazon.de' }),
  ];
  const sales = (options: JournalOptions) =>
    journal(summary({ totalAmount: 6000 }), lines(), options).documents[0]!.lines.filter((l) => l.account === '4000-SALES').map((l) => [l.marketplaceName ?? l.sku ?? l.orderId ?? '', l.amount, l.lineCount]);

  it('summarises per account by default and splits by marketplace, SKU or order on request', () => {
    expect(sales({})).toEqual([['', -6000, 3]]);
    expect(sales({ grouping: 'marketplace' })).toEqual([['amazon.de', -4000, 2], ['amazon.fr', -2000, 1]]);
    expect(sales({ grouping: 'sku' })).toEqual([['A', -4000, 2], ['B', -2000, 1]]);
    expect(sales({ grouping: 'order' })).toEqual([['O-1', -1000, 1], ['O-2', -2000, 1], ['O-3', -3000, 1]]);
  });
});
