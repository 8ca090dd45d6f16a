import { settlementFlatFileV2, type SettlementLine, type SettlementSpec } from '../../core/sandbox/amazon/settlement-file';

/**
 * The row families real V2 files carry (see core/settlement/line-catalog.ts for the sources), as
 * settlements of four marketplaces. Reimbursement reasons include one no list names, to show the family
 * is recognised by its amount type rather than by a list of reasons.
 */
const at = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
type Row = [transactionType: string, amountType: string, amountDescription: string, amount: string];
const rows = (marketplaceName: string, list: Row[]): SettlementLine[] =>
  list.map(([transactionType, amountType, amountDescription, amount], i) => ({ transactionType, amountType, amountDescription, amount, marketplaceName, postedAt: at(17 + (i % 10)), ...(transactionType === 'Order' ? { orderId: `302-0000000-${String(i).padStart(7, '0')}` } : {}) }));

const ORDERS_AND_TAX: Row[] = [
  ['Order', 'ItemPrice', 'Principal', '100.00'],
  ['Order', 'ItemPrice', 'Tax', '19.00'],
  ['Order', 'ItemPrice', 'Shipping', '4.00'],
  ['Order', 'ItemPrice', 'ShippingTax', '0.76'],
  ['Order', 'ItemFees', 'Commission', '-15.00'],
  ['Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', '-3.20'],
  ['Order', 'Promotion', 'Principal', '-5.00'],
  ['Order', 'Promotion', 'TaxDiscount', '-0.95'],
  ['Refund', 'ItemPrice', 'Principal', '-20.00'],
  ['Refund', 'ItemFees', 'FBACustomerReturnPerUnitFee', '-2.10'],
];

const FBA_REIMBURSEMENTS: Row[] = [
  ['other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', '12.00'],
  ['other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_LOST', '8.00'],
  ['Adjustment', 'FBA Inventory Reimbursement', 'REVERSAL_REIMBURSEMENT', '-8.00'],
  ['Adjustment', 'FBA Inventory Reimbursement', 'CUSTOMER_RETURN', '6.50'],
  ['Adjustment', 'FBA Inventory Reimbursement', 'INVENTORY_RECOUNT_ADJUSTMENT', '1.25'],
];

const ADVERTISING: Row[] = [
  ['ServiceFee', 'Cost of Advertising', 'TransactionTotalAmount', '-50.00'],
  ['ServiceFee', 'Cost of Advertising', 'TaxAmount', '-9.50'],
];

const LIQUIDATIONS: Row[] = [
  ['Liquidations', 'ItemPrice', 'Principal', '30.00'],
  ['Liquidations', 'ItemPrice', 'Tax', '5.70'],
  ['Liquidations', 'ItemFees', 'LiquidationsBrokerageFee', '-4.50'],
  ['Liquidations', 'ItemFees', 'Commission', '-1.00'],
  ['Liquidations Adjustments', 'ItemPrice', 'Principal', '-2.00'],
];

/** Coupon, deal and Vine fees in both spellings (newer fee rows, older other-transaction rows), with Amazon's VAT on them. */
const PROGRAMME_FEES_WITH_VAT: Row[] = [
  ['AmazonFees', 'Coupon Participation Fee', 'Base fee', '-60.00'],
  ['AmazonFees', 'Coupon Participation Fee', 'Tax on fee', '-11.40'],
  ['AmazonFees', 'Coupon Performance Based Fee', 'Base fee', '-3.00'],
  ['AmazonFees', 'Deal Participation Fee', 'Base fee', '-70.00'],
  ['AmazonFees', 'Deal Participation Fee', 'Tax on fee', '-13.30'],
  ['AmazonFees', 'Vine Enrollment Fee', 'Base fee', '-200.00'],
  ['AmazonFees', 'Vine Enrollment Fee', 'Tax on fee', '-38.00'],
  ['other-transaction', 'other-transaction', 'Vine Enrollment Fee', '-200.00'],
  ['other-transaction', 'other-transaction', 'CouponRedemptionFee', '-0.60'],
  ['other-transaction', 'other-transaction', 'Lightning Deal Fee', '-150.00'],
  ['FBAFees', 'FBA Inventory Storage Fee', 'Base fee', '-14.00'],
  ['FBAFees', 'FBA Inventory Storage Fee', 'Tax on fee', '-2.66'],
  ['other-transaction', 'other-transaction', 'FBACustomerReturnPerUnitFee', '-2.10'],
  ['other-transaction', 'other-transaction', 'Current Reserve Amount', '-40.00'],
  ['other-transaction', 'other-transaction', 'Previous Reserve Amount Balance', '35.00'],
];

/** Multi-channel orders settle under the marketplace "Non-Amazon". */
const MCF: SettlementLine[] = [
  { transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', amount: '-5.40', marketplaceName: 'Non-Amazon', postedAt: at(20) },
  { transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'FBAPerOrderFulfillmentFee', amount: '-1.00', marketplaceName: 'Non-Amazon', postedAt: at(20) },
];

const spec = (settlementId: string, currency: string, style: SettlementSpec['style'], lines: SettlementLine[]): SettlementSpec => ({
  settlementId, currency, style, start: '2026-06-16T00:00:00Z', end: '2026-06-30T00:00:00Z', deposit: '2026-07-02T00:00:00Z', lines,
});

export const REAL_WORLD_SETTLEMENTS: Record<'de' | 'uk' | 'ca' | 'jp', SettlementSpec> = {
  de: spec('91000000001', 'EUR', 'comma', [
    ...rows('Amazon.de', [
      ...ORDERS_AND_TAX,
      ['Order', 'ItemWithheldTax', 'MarketplaceFacilitatorVAT-Principal', '-19.00'],
      ['Order', 'ItemWithheldTax', 'MarketplaceFacilitatorVAT-Shipping', '-0.76'],
      ['Order', 'ItemWithheldTax', 'MarketplaceFacilitatorVAT-Giftwrap', '-0.38'],
      ['Refund', 'ItemWithheldTax', 'MarketplaceFacilitatorVAT-Principal', '3.80'],
      ...FBA_REIMBURSEMENTS,
      ...ADVERTISING,
      ...LIQUIDATIONS,
      ...PROGRAMME_FEES_WITH_VAT,
    ]),
    ...rows('Amazon.fr', [['Order', 'ItemPrice', 'Principal', '40.00'], ['Order', 'ItemFees', 'Commission', '-6.00']]),
    ...MCF,
  ]),
  uk: spec('91000000002', 'GBP', 'dot', rows('Amazon.co.uk', [
    ...ORDERS_AND_TAX,
    ['Order', 'ItemWithheldTax', 'LowValueGoodsTax-Principal', '-4.00'],
    ['Order', 'ItemWithheldTax', 'LowValueGoodsTax-Shipping', '-0.20'],
    ...FBA_REIMBURSEMENTS,
    ...ADVERTISING,
    ...PROGRAMME_FEES_WITH_VAT,
  ])),
  ca: spec('91000000003', 'CAD', 'dot', rows('Amazon.ca', [
    ...ORDERS_AND_TAX,
    ['Order', 'ItemWithheldTax', 'MarketplaceFacilitatorTax-Principal', '-13.00'],
    ['Order', 'ItemWithheldTax', 'MarketplaceFacilitatorTax-Shipping', '-0.52'],
    ['Order', 'ItemFees', 'CommissionTax', '-1.95'],
    ...FBA_REIMBURSEMENTS,
    ...ADVERTISING,
    ...PROGRAMME_FEES_WITH_VAT,
  ])),
  jp: spec('91000000004', 'JPY', 'dot', rows('Amazon.co.jp', [
    ['Order', 'ItemPrice', 'Principal', '1000'],
    ['Order', 'ItemPrice', 'Tax', '100'],
    ['Order', 'ItemFees', 'Commission', '-150'],
    ['Order', 'Promotion', 'TaxDiscount', '-10'],
    ['other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_LOST', '800'],
    ['FBAFees', 'FBA Inventory Storage Fee', 'Base fee', '-140'],
    ['FBAFees', 'FBA Inventory Storage Fee', 'Tax on fee', '-14'],
    ['FBAFees', 'FBA Removal Order: Disposal Fee', 'Base fee', '-30'],
    ['FBAFees', 'FBA Removal Order: Disposal Fee', 'Tax on fee', '-3'],
  ])),
};

export const realWorldFile = (key: keyof typeof REAL_WORLD_SETTLEMENTS): string => settlementFlatFileV2(REAL_WORLD_SETTLEMENTS[key]);
