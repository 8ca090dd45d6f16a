import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettlement, readSettlementFile } from '../../core/settlement';
import { LineClassifier } from '../../core/settlement/line-classifier';
import { FeeMetricsTally, settlementWarnings, type FeeMetrics } from '../../core/settlement/settlement-anomalies';
import { SAMPLES } from './settlement-fixtures';

const past = (i: number, over: Partial<FeeMetrics> = {}): FeeMetrics => ({
  settlementId: `P-${i}`, currency: 'USD', endDate: `2026-0${i}-14T00:00:00.000Z`, depositDate: `2026-0${i}-16T00:00:00.000Z`,
  totalAmount: 100000, referralRateBp: 1500, fbaFeePerUnit: 475, storageFees: 6000, ...over,
});

describe('fee metrics', () => {
  it('measures referral rate, FBA fee per unit and storage of the V2 reference sample', async () => {
    // Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
    const s = await loadSettlement(readSettlementFile(join(SAMPLES, 'settlement-v2-synthetic.tsv')));
    const tally = new FeeMetricsTally(new LineClassifier());
    for (const l of s.lines) tally.addLine(l);
    const m = tally.result(s.summary!);
    // Order commission 19.50 + 13.35 + 6.83 + 31.50 over order principal 129.99 + 89.00 + 45.50 + 210.00.
    expect(m.referralRateBp).toBe(Math.round((7118 * 10000) / 47449));
    // FBA per unit: the 4.75 unit fee of Order rows (the 2.50 per-order fee sits on a Shipment row) over 5 units sold.
    expect(m.fbaFeePerUnit).toBe(Math.round(475 / 5));
    expect(m.storageFees).toBe(6428);
  });
});

describe('settlement warnings', () => {
  const history = [past(1), past(2), past(3)];

  it('stays quiet when fees are in their usual range', () => {
    expect(settlementWarnings(past(4, { referralRateBp: 1550, fbaFeePerUnit: 500 }), history)).toEqual([]);
  });

  it('flags a fee rate outside the range of earlier settlements', () => {
    const w = settlementWarnings(past(4, { referralRateBp: 2400, storageFees: 30000 }), history);
    expect(w).toEqual([
      { kind: 'fee-out-of-range', metric: 'referralRateBp', value: 2400, usual: 1500, low: 1125, high: 1875 },
      { kind: 'fee-out-of-range', metric: 'storageFees', value: 30000, usual: 6000, low: 4500, high: 7500 },
    ]);
  });

  it('needs enough history and the same currency before judging', () => {
    expect(settlementWarnings(past(4, { referralRateBp: 9000 }), history.slice(0, 2))).toEqual([]);
    expect(settlementWarnings(past(4, { referralRateBp: 9000, currency: 'EUR' }), history)).toEqual([]);
  });

  it('flags a settlement with no deposit and a deposit out of sequence', () => {
    expect(settlementWarnings(past(4, { depositDate: null }), history)).toContainEqual({ kind: 'no-deposit', reason: 'the settlement has no deposit date' });
    expect(settlementWarnings(past(4, { totalAmount: 0 }), history).map((w) => w.kind)).toEqual(['no-deposit']);
    expect(settlementWarnings(past(4, { depositDate: '2026-03-10T00:00:00.000Z' }), history)).toContainEqual({
      kind: 'deposit-out-of-sequence', previousSettlementId: 'P-3', previousDepositDate: '2026-03-16T00:00:00.000Z', depositDate: '2026-03-10T00:00:00.000Z',
    });
  });
});
