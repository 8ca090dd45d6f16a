import { describe, expect, it } from 'vitest';
import { suggestMappings, type FeeType } from '../../core/mapping/mapping-suggestions';
import type { MappingEntry } from '../../core/mapping/mapping-entry';

const refund: FeeType = { transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', category: 'principal' };
const weightFee: FeeType = { transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'FBAWeightBasedFee', category: 'fba-fee' };
const account = (code: string, name: string) => ({ code, name, postable: true });

describe('mapping suggestions never contradict the category', () => {
  it('does not offer a loan account for refund principal even when its name matches, and offers the refunds account with its reason', () => {
    const chart = [account('2400', 'Seller loan principal'), account('4010', 'Refunds')];
    const [s, ...rest] = suggestMappings([refund], [], chart);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ account: '4010', accountName: 'Refunds', reason: 'The account name "Refunds" shares "refund" with Refund / Principal.' });
  });

  it('offers nothing rather than the loan account when it is the only match', () => {
    expect(suggestMappings([refund], [], [account('2400', 'Seller loan principal'), account('1200', 'Bank')])).toEqual([]);
  });

  it('does not offer a revenue account for a fee, nor follow a sibling rule that points to a loan account', () => {
    const chart = [account('4000', 'FBA weight based income'), account('2400', 'Loan account'), account('6100', 'FBA weight based fees')];
    const sibling: MappingEntry = { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', subject: '', target: '2400', dimensions: {} };
    const suggestions = suggestMappings([weightFee], [sibling], chart);
    expect(suggestions.map((s) => s.account)).toEqual(['6100']);
  });
});
