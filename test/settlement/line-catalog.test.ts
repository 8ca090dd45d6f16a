import { describe, expect, it } from 'vitest';
import { LineClassifier } from '../../core/settlement/line-classifier';

const classifier = new LineClassifier();
const category = (transactionType: string, amountType: string, amountDescription: string) => classifier.classify({ transactionType, amountType, amountDescription })?.category ?? null;

describe('line catalog: families, not only the values seen', () => {
  it('recognises a family by its amount type, with any description as detail', () => {
    for (const reason of ['WAREHOUSE_DAMAGE', 'WAREHOUSE_LOST', 'REVERSAL_REIMBURSEMENT', 'CUSTOMER_RETURN', 'SOMETHING_AMAZON_ADDS_NEXT_YEAR']) {
      expect(category('Adjustment', 'FBA Inventory Reimbursement', reason)).toBe('reimbursement');
      expect(category('other-transaction', 'FBA Inventory Reimbursement', reason)).toBe('reimbursement');
    }
    for (const c of ['MarketplaceFacilitatorVAT-Principal', 'MarketplaceFacilitatorVAT-Shipping', 'MarketplaceFacilitatorVAT-Giftwrap', 'LowValueGoodsTax-Principal']) {
      expect(category('Refund', 'ItemWithheldTax', c)).toBe('withheld-tax');
    }
  });

  it('lets a named combination win over its family', () => {
    expect(category('Order', 'Promotion', 'Shipping')).toBe('promotion');
    expect(category('Order', 'Promotion', 'TaxDiscount')).toBe('tax');
    expect(category('Liquidations', 'ItemPrice', 'Principal')).toBe('liquidation');
    expect(category('Liquidations', 'ItemPrice', 'Tax')).toBe('tax');
    expect(category('AmazonFees', 'Deal Performance Based Fee', 'Tax on fee')).toBe('fee-tax');
    expect(category('AmazonFees', 'Deal Performance Based Fee', 'Base fee')).toBe('promotion-fee');
    expect(category('AmazonFees', 'A Fee Not Listed Yet', 'Base fee')).toBe('other-fee');
  });

  it('tells tax Amazon charges on its fees from tax the seller collected', () => {
    expect(category('Order', 'ItemPrice', 'Tax')).toBe('tax');
    expect(category('ServiceFee', 'other-transaction', 'TaxAmount')).toBe('fee-tax');
    expect(category('Order', 'ItemFees', 'CommissionTax')).toBe('fee-tax');
    expect(category('Order', 'ItemFees', 'FBAPerUnitFulfillmentFee GST')).toBe('fee-tax');
    expect(category('Order', 'ItemFees', 'MarketplaceFacilitatorVAT-Principal')).toBe('withheld-tax');
  });

  it('answers a name-shaped family with the line\'s own combination, so it is mapped as itself', () => {
    expect(classifier.classify({ transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'CommissionTax' })).toEqual({
      transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'CommissionTax', category: 'fee-tax', evidence: 'family',
    });
    expect(category('other-transaction', 'other-transaction', 'Transfer of funds unsuccessful: bank account closed')).toBe('transfer');
    expect(category('Order', 'FBA Multi-Channel Fulfillment Fee', 'Base fee')).toBe('mcf-fee');
  });

  it('still reports what no entry and no family explains', () => {
    expect(category('Order', 'ItemPrice', 'SomethingNew')).toBeNull();
    expect(category('SomethingNew', 'Whatever', 'Mystery')).toBeNull();
  });

  it('does not let a person\'s catch-all row make a new combination known', () => {
    const user = new LineClassifier([{ transactionType: '*', amountType: 'ItemFees', amountDescription: '*', category: 'other-fee' }]);
    expect(user.classify({ transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'MysteryFee' })).toBeNull();
  });

  it('takes a user entry over a family', () => {
    const user = new LineClassifier([{ transactionType: '*', amountType: 'FBA Inventory Reimbursement', amountDescription: 'COMPENSATED_CLAWBACK', category: 'adjustment' }]);
    expect(user.classify({ transactionType: 'Adjustment', amountType: 'FBA Inventory Reimbursement', amountDescription: 'COMPENSATED_CLAWBACK' })?.category).toBe('adjustment');
    expect(user.classify({ transactionType: 'Adjustment', amountType: 'FBA Inventory Reimbursement', amountDescription: 'WAREHOUSE_LOST' })?.category).toBe('reimbursement');
  });
});
