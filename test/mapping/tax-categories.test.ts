import { describe, expect, it } from 'vitest';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { SettlementLine } from '../../core/settlement';
import { JournalBuilder, documentBalance } from '../../core/settlement/journal-builder';
import { journalMappingFromEntries } from '../../core/mapping/journal-mapping';

const fee = (transactionType: string, amountType: string, amountDescription: string, target: string): MappingEntry => ({ kind: 'fee', transactionType, amountType, amountDescription, subject: '', target, dimensions: {} });
const account = (subject: string, target: string): MappingEntry => ({ kind: 'account', transactionType: '', amountType: '', amountDescription: '', subject, target, dimensions: {} });

let row = 3;
const line = (transactionType: string, amountType: string, amountDescription: string, amount: number): SettlementLine => ({
  row: row++, settlementId: 'S', transactionType, amountType, amountDescription, amount, currency: 'EUR', orderId: '', merchantOrderId: '', adjustmentId: '',
  shipmentId: '', marketplaceName: 'Amazon.de', fulfillmentId: '', postedDate: '2026-06-20T00:00:00.000Z', orderItemCode: '', merchantOrderItemId: '',
  merchantAdjustmentItemId: '', sku: '', quantity: null, promotionId: '',
});

describe('tax collected and tax on Amazon\'s fees map to different accounts', () => {
  it('posts output tax, input VAT on fees and whole families through the mapping editor\'s rows', () => {
    const { mapping } = journalMappingFromEntries([
      fee('*', 'ItemPrice', 'Tax', '2300-OUTPUT-VAT'),
      fee('*', 'Promotion', 'TaxDiscount', '2300-OUTPUT-VAT'),
      fee('*', '*', 'Tax on fee', '1410-INPUT-VAT'),
      fee('ServiceFee', '*', 'TaxAmount', '1410-INPUT-VAT'),
      // A family is mapped once, whatever reason or component its description names.
      fee('*', 'Cost of Advertising', '*', '6200-ADVERTISING'),
      fee('*', 'FBA Inventory Reimbursement', '*', '4900-REIMBURSEMENTS'),
      fee('*', 'Coupon Participation Fee', '*', '6300-PROMOTION-FEES'),
      account('clearing', '1190'), account('reserve', '1195'), account('carriedForward', '1196'),
    ]);
    const lines = [
      line('Order', 'ItemPrice', 'Tax', 1900),
      line('Order', 'Promotion', 'TaxDiscount', -95),
      line('AmazonFees', 'Coupon Participation Fee', 'Base fee', -6000),
      line('AmazonFees', 'Coupon Participation Fee', 'Tax on fee', -1140),
      line('ServiceFee', 'Cost of Advertising', 'TransactionTotalAmount', -5000),
      line('ServiceFee', 'Cost of Advertising', 'TaxAmount', -950),
      line('other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', 1200),
      line('Adjustment', 'FBA Inventory Reimbursement', 'A_REASON_NO_LIST_NAMES', 100),
    ];
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const b = new JournalBuilder({ settlementId: 'S', startDate: '2026-06-16T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z', depositDate: null, totalAmount: total, currency: 'EUR', row: 2 }, mapping!);
    for (const l of lines) b.add(l);
    const j = b.build();
    expect(j.issues).toEqual([]);
    const doc = j.documents[0]!;
    expect(documentBalance(doc)).toBe(0);
    expect(doc.lines.filter((l) => l.role === 'amount').map((l) => [l.account, l.category, l.amount])).toEqual([
      ['2300-OUTPUT-VAT', 'tax', -1805],
      ['6300-PROMOTION-FEES', 'promotion-fee', 6000],
      ['1410-INPUT-VAT', 'fee-tax', 2090],
      ['6200-ADVERTISING', 'advertising', 5000],
      ['4900-REIMBURSEMENTS', 'reimbursement', -1300],
    ]);
  });

  it('leaves tax on fees unmapped (blocking) when only collected tax has an account', () => {
    const { mapping } = journalMappingFromEntries([fee('*', 'ItemPrice', 'Tax', '2300'), account('clearing', '1190'), account('reserve', '1195'), account('carriedForward', '1196')]);
    const b = new JournalBuilder({ settlementId: 'S', startDate: null, endDate: '2026-06-30T00:00:00.000Z', depositDate: null, totalAmount: 760, currency: 'EUR', row: 2 }, mapping!);
    b.add(line('Order', 'ItemPrice', 'Tax', 1900));
    b.add(line('AmazonFees', 'Deal Participation Fee', 'Tax on fee', -1140));
    expect(b.build().issues).toEqual([{ kind: 'unmapped', category: 'fee-tax', count: 1, amount: -1140 }]);
  });
});
