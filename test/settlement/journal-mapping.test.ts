import { describe, expect, it } from 'vitest';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { JournalBuilder, documentBalance } from '../../core/settlement/journal-builder';
import { journalMappingFromEntries } from '../../core/mapping/journal-mapping';
import type { SettlementLine } from '../../core/settlement';

const fee = (transactionType: string, amountType: string, amountDescription: string, target: string): MappingEntry => ({ kind: 'fee', transactionType, amountType, amountDescription, subject: '', target, dimensions: {} });
const account = (subject: string, target: string): MappingEntry => ({ kind: 'account', transactionType: '', amountType: '', amountDescription: '', subject, target, dimensions: {} });

describe('journal mapping from the mapping editor rows', () => {
  it('posts with the editor rules, the more specific row winning', () => {
    const { mapping, missing } = journalMappingFromEntries([
      fee('*', 'ItemPrice', 'Principal', '4000'),
      fee('Refund', 'ItemPrice', 'Principal', '4010'),
      account('bank', '1100'),
      account('reserve', '1195'),
      account('carriedForward', '1196'),
    ]);
    expect(missing).toEqual([]);
    const line = (transactionType: string, amount: number): SettlementLine => ({
      row: 3, settlementId: 'S', transactionType, amountType: 'ItemPrice', amountDescription: 'Principal', amount, currency: 'USD', orderId: '', merchantOrderId: '',
      adjustmentId: '', shipmentId: '', marketplaceName: '', fulfillmentId: '', postedDate: '2026-06-20T00:00:00.000Z', orderItemCode: '', merchantOrderItemId: '',
      merchantAdjustmentItemId: '', sku: '', quantity: 1, promotionId: '',
    });
    const b = new JournalBuilder({ settlementId: 'S', startDate: '2026-06-16T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z', depositDate: null, totalAmount: 700, currency: 'USD', row: 2 }, mapping!);
    b.add(line('Order', 1000));
    b.add(line('Refund', -300));
    const j = b.build();
    const doc = j.documents[0]!;
    expect(documentBalance(doc)).toBe(0);
    expect(doc.lines.map((l) => [l.account, l.amount])).toEqual([['4000', -1000], ['4010', 300], ['1100', 700]]);
  });

  it('names the fixed accounts that are not mapped yet', () => {
    expect(journalMappingFromEntries([account('clearing', '1190')])).toEqual({ mapping: null, missing: ['reserve', 'carriedForward'] });
  });
});
