import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettlement, readSettlementFile } from '../../core/settlement';
import { LineClassifier } from '../../core/settlement/line-classifier';
import { inspectionToJson, inspectSettlement } from '../../core/settlement/settlement-inspection';
import { chunked, lineRow, SAMPLES, summaryRow, v2Text } from './settlement-fixtures';

describe('settlement inspection', () => {
  it('describes the V2 reference sample as inspect --json prints it', async () => {
    // Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
    const json = inspectionToJson(await inspectSettlement(readSettlementFile(join(SAMPLES, 'settlement-v2-synthetic.tsv'))));
    expect(json).toMatchObject({
      settlementId: '28471003921',
      format: 'v2',
      currency: 'USD',
      startDate: '2026-06-16T00:00:00.000Z',
      endDate: '2026-06-30T23:59:59.000Z',
      depositDate: '2026-07-02T00:00:00.000Z',
      totalAmount: '582.89',
      linesTotal: '582.89',
      difference: '0.00',
      lineCount: 23,
      unknown: [],
    });
    // Each type says what the catalog makes of it.
    expect(json.byType).toContainEqual({ transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'Commission', category: 'referral-fee', count: 4, amount: '-71.18' });
    expect(json.byType).toContainEqual({ transactionType: 'Transfer', amountType: 'other-transaction', amountDescription: 'Current Reserve Amount', category: 'reserve', count: 1, amount: '-420.00' });
    expect(json.byType.reduce((n, t) => n + t.count, 0)).toBe(23);
  });

  it('lists combinations the catalog does not know with their count and total, and learns from user entries', async () => {
    const text = v2Text([
      summaryRow({ 'total-amount': '-1.234,50', currency: 'EUR' }),
      lineRow({ currency: 'EUR', 'transaction-type': 'Order_Retrocharge', 'amount-type': 'ItemFees', 'amount-description': 'NewFee', amount: '-1.000,00' }),
      lineRow({ currency: 'EUR', 'transaction-type': 'Order_Retrocharge', 'amount-type': 'ItemFees', 'amount-description': 'NewFee', amount: '-234,50' }),
    ]);
    const inspect = (classifier?: LineClassifier) => inspectSettlement(readSettlement(chunked(Buffer.from(text))), classifier);
    const json = inspectionToJson(await inspect());
    expect(json.unknown).toEqual([{ transactionType: 'Order_Retrocharge', amountType: 'ItemFees', amountDescription: 'NewFee', category: null, count: 2, amount: '-1234.50' }]);
    expect(json.difference).toBe('0.00');
    const learned = await inspect(new LineClassifier([{ transactionType: '*', amountType: 'ItemFees', amountDescription: 'NewFee', category: 'other-fee' }]));
    expect(learned.unknown).toEqual([]);
  });
});
