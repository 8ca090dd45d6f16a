/**
 * What each (transaction-type, amount-type, amount-description) combination Amazon sends means for the
 * books. This is data: the user can add entries later (they take precedence), and a combination that
 * is in no entry is reported as unknown, never guessed.
 *
 * `'*'` in transactionType or amountType is an explicit statement that the description means the same
 * whatever that field holds (legacy files put the description in transaction-type, V2 in
 * amount-description; Order, Refund and Adjustment rows carry the same ItemPrice descriptions).
 *
 * Sources (NOTES §6.5): observed in real legacy files and the V2 samples, the fee-code list of
 * amazon-settlement-parser by xieyi138-star (CC BY 4.0), and for loans and currency conversion the
 * Finances API event names (not yet seen in a settlement file; `evidence: 'finances-api'`).
 */
export type LineCategory =
  | 'principal' | 'shipping' | 'gift-wrap' | 'tax' | 'withheld-tax' | 'promotion' | 'goodwill' | 'restocking-fee'
  | 'referral-fee' | 'closing-fee' | 'digital-services-fee' | 'fba-fee' | 'shipping-chargeback' | 'gift-wrap-chargeback'
  | 'refund-commission' | 'reimbursement' | 'storage-fee' | 'long-term-storage-fee' | 'disposal-fee' | 'subscription-fee'
  | 'advertising' | 'inbound-transportation' | 'shipping-services' | 'reserve' | 'loan' | 'transfer' | 'currency-conversion'
  | 'adjustment' | 'other-fee';

export interface CatalogEntry {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  category: LineCategory;
  evidence?: 'observed' | 'finances-api';
}

const any = '*';
const e = (transactionType: string, amountType: string, descriptions: string[], category: LineCategory, evidence: CatalogEntry['evidence'] = 'observed'): CatalogEntry[] =>
  descriptions.map((amountDescription) => ({ transactionType, amountType, amountDescription, category, evidence }));

export const DEFAULT_LINE_CATALOG: readonly CatalogEntry[] = [
  ...e(any, 'ItemPrice', ['Principal'], 'principal'),
  ...e(any, 'ItemPrice', ['Shipping'], 'shipping'),
  ...e(any, 'ItemPrice', ['GiftWrap'], 'gift-wrap'),
  ...e(any, 'ItemPrice', ['Tax', 'ShippingTax', 'GiftWrapTax', 'Product Tax', 'Shipping Tax'], 'tax'),
  ...e(any, 'ItemPrice', ['Goodwill'], 'goodwill'),
  ...e(any, 'ItemPrice', ['RestockingFee'], 'restocking-fee'),
  ...e(any, 'ItemFees', ['Commission'], 'referral-fee'),
  ...e(any, 'ItemFees', ['VariableClosingFee', 'FixedClosingFee'], 'closing-fee'),
  ...e(any, 'ItemFees', ['DigitalServicesFee'], 'digital-services-fee'),
  ...e(any, 'ItemFees', ['FBAPerUnitFulfillmentFee', 'FBAPerOrderFulfillmentFee', 'FBAWeightBasedFee'], 'fba-fee'),
  ...e(any, 'ItemFees', ['RefundCommission'], 'refund-commission'),
  ...e(any, 'ItemFees', ['ShippingChargeback', 'ShippingHB'], 'shipping-chargeback'),
  ...e(any, 'ItemFees', ['GiftwrapChargeback'], 'gift-wrap-chargeback'),
  ...e(any, 'ItemFees', ['MarketplaceFacilitatorVAT-Principal', 'MarketplaceFacilitatorVAT-Shipping'], 'withheld-tax'),
  ...e(any, 'ItemFees', ['RestockingFee'], 'restocking-fee'),
  ...e(any, 'ItemFees', ['Goodwill'], 'goodwill'),
  ...e(any, 'ItemFees', ['Cost of Advertising'], 'advertising'),
  ...e(any, 'ItemWithheldTax', [
    'MarketplaceFacilitatorTax-Principal', 'MarketplaceFacilitatorTax-Shipping', 'MarketplaceFacilitatorTax-Giftwrap',
    'MarketplaceFacilitatorTax-Other', 'TCS-CGST', 'TCS-SGST', 'TCS-IGST', 'TCS-UTGST', 'TDS (Section 194-O)',
  ], 'withheld-tax'),
  ...e(any, 'Shipment-Fees', ['FBAPerOrderFulfillmentFee'], 'fba-fee'),
  ...e(any, 'Shipment-Fees', ['FBATransportationFee', 'FBA transportation fee'], 'inbound-transportation'),
  ...e(any, 'Shipment-Fees', ['Shipping'], 'shipping-chargeback'),
  ...e(any, 'Promotion', ['Principal', 'Shipping', 'GiftWrap', 'TaxDiscount'], 'promotion'),
  ...e(any, 'other-transaction', ['Previous Reserve Amount Balance', 'Current Reserve Amount'], 'reserve'),
  ...e(any, 'other-transaction', ['Storage Fee', 'FBA Storage Fee'], 'storage-fee'),
  ...e(any, 'other-transaction', ['StorageRenewalBilling', 'FBA Long-Term Storage Fee', 'LongTermStorageFee'], 'long-term-storage-fee'),
  ...e(any, 'other-transaction', ['DisposalComplete', 'RemovalComplete'], 'disposal-fee'),
  ...e(any, 'other-transaction', ['LowInventoryLevelFee'], 'fba-fee'),
  ...e(any, 'other-transaction', ['Subscription Fee'], 'subscription-fee'),
  ...e(any, 'other-transaction', ['Cost of Advertising'], 'advertising'),
  ...e('ServiceFee', 'other-transaction', ['TaxAmount'], 'tax'),
  ...e(any, 'other-transaction', ['Inbound Transportation Fee', 'FBAInboundTransportationFee'], 'inbound-transportation'),
  ...e(any, 'other-transaction', [
    'Refund Reimbursal', 'REVERSAL_REIMBURSEMENT', 'WAREHOUSE_DAMAGE', 'WAREHOUSE_LOST', 'WAREHOUSE_DAMAGE_EXCEPTION',
    'FBA Inventory Reimbursement - Customer Return', 'MISSING_FROM_INBOUND', 'COMPENSATED_CLAWBACK', 'FREE_REPLACEMENT_REFUND_ITEMS',
  ], 'reimbursement'),
  ...e(any, 'other-transaction', ['Shipping label purchase', 'ShippingServices', 'Shipping label purchase for return'], 'shipping-services'),
  ...e(any, 'other-transaction', ['Balance Adjustment', 'Manual Processing Fee Reimbursement'], 'adjustment'),
  ...e(any, 'other-transaction', ['Manual Processing Fee'], 'other-fee'),
  ...e(any, 'other-transaction', ['Payable to Amazon', 'Successful charge', 'Micro Deposit', 'Failed charge'], 'transfer'),
  ...e(any, 'other-transaction', ['LoanAdvance', 'LoanPayment', 'LoanRefund'], 'loan', 'finances-api'),
  ...e(any, 'other-transaction', ['CurrencyConversion', 'Currency Conversion'], 'currency-conversion', 'finances-api'),
];
