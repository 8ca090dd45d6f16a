/**
 * What each (transaction-type, amount-type, amount-description) combination Amazon sends means for the
 * books. This is data: the user can add entries later (they take precedence), and a combination that
 * is in no entry and no family is reported as unknown, never guessed.
 *
 * `'*'` in a field is an explicit statement that the other fields decide the meaning whatever that field
 * holds: legacy files put the description in transaction-type, V2 in amount-description; Order, Refund
 * and Adjustment rows carry the same ItemPrice descriptions. A `'*'` description marks a family whose
 * amount-type names it (`FBA Inventory Reimbursement`, `Cost of Advertising`, `ItemWithheldTax`): the
 * description is detail (a reason code, a tax component) and a new value of it is still that family.
 * Amazon sends more values than it documents, so families are modelled, not only the values seen.
 *
 * Sources (NOTES §6.5 and the ones named here):
 * - observed in real legacy files and the V2 samples; the fee-code list of amazon-settlement-parser by
 *   xieyi138-star (CC BY 4.0); for loans and currency conversion the Finances API event names
 *   (`evidence: 'finances-api'`);
 * - SP-API Finances v0 ChargeComponent (developer-docs.amazon.com/sp-api, as mirrored in bizon's
 *   selling-partner-api-sdk docs): "TaxDiscount: the tax that is deducted for promotional rebates", so a
 *   Promotion / TaxDiscount row reduces tax collected and is tax, not a promotion;
 *   MarketplaceFacilitatorTax-Principal|-Shipping|-Giftwrap|-Other are tax withheld by Amazon;
 * - the amount-description list EU sellers export (Seller Central EU forums, "MarketplaceFacilitatorVAT-
 *   Principal / -Shipping" among Principal, Commission, ShippingHB, StorageRenewalBilling, ...);
 * - public settlement classifiers of accounting tools (found by code search, `evidence: 'public-lists'`):
 *   `ServiceFee / Cost of Advertising / TransactionTotalAmount`; `Liquidations|Liquidations Adjustments /
 *   ItemPrice|ItemFees / Principal|Tax|LiquidationsBrokerageFee`; `other-transaction / FBA Inventory
 *   Reimbursement / <reason>`; the fee rows of newer files, `AmazonFees|FBAFees / <fee name> / Base fee`
 *   with Amazon's tax on that fee as `Tax on fee` (e.g. `AmazonFees / Coupon Participation Fee`,
 *   `FBAFees / FBA Inventory Storage Fee`); retrocharges (`Order_Retrocharge`) carrying only tax;
 *   FBACustomerReturnPerUnitFee, Vine Enrollment Fee, Lightning Deal Fee, CouponRedemptionFee rows;
 * - reimbursement reasons from a seller-tool fee glossary (ThreeColts FeedbackWhiz: COMPENSATED_CLAWBACK,
 *   CRETURN_WRONG_ITEM, CS_ERROR_ITEMS under "FBA Inventory Reimbursement");
 * - multi-channel (MCF) orders settle in the same report under the marketplace "Non-Amazon" (Sellercloud
 *   help, "Amazon Settlements"): their ItemFees rows are the catalog's own; MCF-named fee rows are
 *   recognised by name (LINE_FAMILY_PATTERNS).
 *
 * Two kinds of tax are kept apart so they map to different accounts: `tax` is tax the seller collected
 * from buyers (output tax, owed to the authority), `fee-tax` is tax Amazon charges the seller on its own
 * fees (input VAT/GST/HST, usually reclaimable); `withheld-tax` is tax Amazon collected and remits itself.
 */
export const LINE_CATEGORIES = [
  'principal', 'shipping', 'gift-wrap', 'tax', 'withheld-tax', 'fee-tax', 'promotion', 'goodwill', 'restocking-fee',
  'referral-fee', 'closing-fee', 'digital-services-fee', 'fba-fee', 'mcf-fee', 'shipping-chargeback', 'gift-wrap-chargeback',
  'refund-commission', 'reimbursement', 'storage-fee', 'long-term-storage-fee', 'disposal-fee', 'subscription-fee',
  'advertising', 'promotion-fee', 'inbound-transportation', 'shipping-services', 'liquidation', 'liquidation-fee',
  'reserve', 'loan', 'transfer', 'currency-conversion', 'adjustment', 'other-fee',
] as const;
export type LineCategory = (typeof LINE_CATEGORIES)[number];

export interface CatalogEntry {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  category: LineCategory;
  evidence?: 'observed' | 'finances-api' | 'public-lists' | 'family';
}

const any = '*';
const e = (transactionType: string, amountType: string, descriptions: string[], category: LineCategory, evidence: CatalogEntry['evidence'] = 'observed'): CatalogEntry[] =>
  descriptions.map((amountDescription) => ({ transactionType, amountType, amountDescription, category, evidence }));
/** A family: every description under these types means the category. */
const family = (transactionType: string, amountTypes: string[], category: LineCategory): CatalogEntry[] =>
  amountTypes.map((amountType) => ({ transactionType, amountType, amountDescription: any, category, evidence: 'family' as const }));

const LIQUIDATIONS = ['Liquidations', 'Liquidations Adjustments'];

export const DEFAULT_LINE_CATALOG: readonly CatalogEntry[] = [
  ...e(any, 'ItemPrice', ['Principal'], 'principal'),
  ...e(any, 'ItemPrice', ['Shipping'], 'shipping'),
  ...e(any, 'ItemPrice', ['GiftWrap', 'Giftwrap'], 'gift-wrap'),
  ...e(any, 'ItemPrice', ['Tax', 'ShippingTax', 'GiftWrapTax', 'GiftwrapTax', 'Product Tax', 'Shipping Tax'], 'tax'),
  ...e(any, 'ItemPrice', ['Goodwill'], 'goodwill'),
  ...e(any, 'ItemPrice', ['RestockingFee'], 'restocking-fee'),
  ...e(any, 'ItemPrice', ['ReturnShipping'], 'shipping', 'public-lists'),
  ...e(any, 'ItemFees', ['Commission'], 'referral-fee'),
  ...e(any, 'ItemFees', ['VariableClosingFee', 'FixedClosingFee'], 'closing-fee'),
  ...e(any, 'ItemFees', ['DigitalServicesFee', 'Digital Services Fee'], 'digital-services-fee'),
  ...e(any, 'ItemFees', ['FBAPerUnitFulfillmentFee', 'FBAPerOrderFulfillmentFee', 'FBAWeightBasedFee'], 'fba-fee'),
  ...e(any, 'ItemFees', ['FBACustomerReturnPerUnitFee', 'FBACustomerReturnPerOrderFee', 'FBACustomerReturnWeightBasedFee'], 'fba-fee', 'public-lists'),
  ...e(any, 'ItemFees', ['RefundCommission'], 'refund-commission'),
  ...e(any, 'ItemFees', ['ShippingChargeback', 'ShippingHB'], 'shipping-chargeback'),
  ...e(any, 'ItemFees', ['GiftwrapChargeback'], 'gift-wrap-chargeback'),
  ...e(any, 'ItemFees', ['MarketplaceFacilitatorVAT-Principal', 'MarketplaceFacilitatorVAT-Shipping', 'MarketplaceFacilitatorVAT-Giftwrap'], 'withheld-tax'),
  ...e(any, 'ItemFees', ['RestockingFee'], 'restocking-fee'),
  ...e(any, 'ItemFees', ['Goodwill'], 'goodwill'),
  ...e(any, 'ItemFees', ['Cost of Advertising'], 'advertising'),
  ...e(any, 'ItemFees', ['HighVolumeListingFee', 'SalesTaxCollectionFee'], 'other-fee', 'public-lists'),
  // Tax withheld by Amazon as marketplace facilitator: MarketplaceFacilitatorTax-*, MarketplaceFacilitatorVAT-*
  // (EU), LowValueGoodsTax-* (UK, AU), TCS-* and TDS (India); the description names the component.
  ...family(any, ['ItemWithheldTax'], 'withheld-tax'),
  ...e(any, 'Shipment-Fees', ['FBAPerOrderFulfillmentFee'], 'fba-fee'),
  ...e(any, 'Shipment-Fees', ['FBATransportationFee', 'FBA transportation fee'], 'inbound-transportation'),
  ...e(any, 'Shipment-Fees', ['Shipping'], 'shipping-chargeback'),
  // A promotion reduces the price; its tax part reduces the tax collected.
  ...family(any, ['Promotion'], 'promotion'),
  ...e(any, 'Promotion', ['TaxDiscount', 'ShippingTaxDiscount', 'GiftWrapTaxDiscount'], 'tax', 'finances-api'),
  ...family(any, ['FBA Inventory Reimbursement'], 'reimbursement'),
  ...family(any, ['Cost of Advertising'], 'advertising'),
  // Tax on a service fee (advertising, subscription): Amazon's tax on its own fee.
  ...e('ServiceFee', any, ['TaxAmount'], 'fee-tax'),
  ...e(any, any, ['Tax on fee'], 'fee-tax', 'public-lists'),
  // Newer files: Amazon's fees as `AmazonFees|FBAFees / <fee name> / Base fee` (tax: `Tax on fee`, above).
  ...family(any, ['Coupon Participation Fee', 'Coupon Performance Based Fee', 'Deal Participation Fee', 'Deal Performance Based Fee', 'Vine Enrollment Fee'], 'promotion-fee'),
  ...family(any, ['FBA Inventory Storage Fee'], 'storage-fee'),
  ...family(any, ['FBA Long Term Storage Fee', 'FBA Long-Term Storage Fee'], 'long-term-storage-fee'),
  ...family(any, ['FBA Removal Order: Disposal Fee', 'FBA Removal Order: Return Fee'], 'disposal-fee'),
  ...family(any, ['FBA Amazon-Partnered Carrier Shipment Fee', 'FBA Inbound Placement Service Fee', 'Inbound Transportation Program Fee'], 'inbound-transportation'),
  ...family(any, ['FBA fulfilment fee per unit - Correction', 'FBA fulfilment fee per unit - Reversal'], 'fba-fee'),
  ...family('AmazonFees', [any], 'other-fee'),
  ...family('FBAFees', [any], 'fba-fee'),
  // FBA liquidations: proceeds are not sales of the seller's own and their fee is the broker's.
  ...LIQUIDATIONS.flatMap((t) => [
    ...e(t, 'ItemPrice', ['Principal'], 'liquidation', 'public-lists'),
    ...family(t, ['ItemPrice'], 'liquidation'),
    ...e(t, 'ItemFees', ['LiquidationsBrokerageFee', 'Commission'], 'liquidation-fee', 'public-lists'),
    ...family(t, ['ItemFees'], 'liquidation-fee'),
  ]),
  // Retrocharges carry only tax corrections of earlier orders (XML: Retrocharge / BaseTax, ShippingTax).
  ...family('Retrocharge', [any], 'tax'),
  ...family('Debt Adjustment', [any], 'transfer'),
  ...e(any, 'other-transaction', ['Previous Reserve Amount Balance', 'Current Reserve Amount'], 'reserve'),
  ...e(any, 'other-transaction', ['Storage Fee', 'FBA Storage Fee'], 'storage-fee'),
  ...e(any, 'other-transaction', ['StorageRenewalBilling', 'FBA Long-Term Storage Fee', 'LongTermStorageFee'], 'long-term-storage-fee'),
  ...e(any, 'other-transaction', ['DisposalComplete', 'RemovalComplete'], 'disposal-fee'),
  ...e(any, 'other-transaction', ['LowInventoryLevelFee'], 'fba-fee'),
  ...e(any, 'other-transaction', ['FBACustomerReturnPerUnitFee', 'FBACustomerReturnPerOrderFee', 'FBACustomerReturnWeightBasedFee', 'FBAInboundDefectFee'], 'fba-fee', 'public-lists'),
  ...e(any, 'other-transaction', ['Subscription Fee'], 'subscription-fee'),
  ...e(any, 'other-transaction', ['Cost of Advertising'], 'advertising'),
  ...e(any, 'other-transaction', ['Inbound Transportation Fee', 'FBAInboundTransportationFee', 'FBAInboundTransportationProgramFee', 'FBA Inbound Placement Service Fee'], 'inbound-transportation'),
  ...e(any, 'other-transaction', [
    'Refund Reimbursal', 'REVERSAL_REIMBURSEMENT', 'WAREHOUSE_DAMAGE', 'WAREHOUSE_LOST', 'WAREHOUSE_DAMAGE_EXCEPTION',
    'FBA Inventory Reimbursement - Customer Return', 'MISSING_FROM_INBOUND', 'COMPENSATED_CLAWBACK', 'FREE_REPLACEMENT_REFUND_ITEMS',
  ], 'reimbursement'),
  ...e(any, 'other-transaction', [
    'FBA Inventory Reimbursement', 'CUSTOMER_RETURN', 'CRETURN_WRONG_ITEM', 'CS_ERROR_ITEMS', 'REMOVAL_ORDER_LOST', 'WAREHOUSE_LOST_MANUAL',
    'INCORRECT_FEES_ITEMS', 'INCORRECT_FEES_NON_ITEMIZED', 'SAFE-T reimbursement', 'SAFETReimbursement',
  ], 'reimbursement', 'public-lists'),
  ...e(any, 'other-transaction', ['Shipping label purchase', 'ShippingServices', 'Shipping label purchase for return'], 'shipping-services'),
  ...e(any, 'other-transaction', ['Balance Adjustment', 'Manual Processing Fee Reimbursement'], 'adjustment'),
  ...e(any, 'other-transaction', ['Manual Processing Fee'], 'other-fee'),
  ...e(any, 'other-transaction', ['Payable to Amazon', 'Successful charge', 'Micro Deposit', 'Failed charge', 'Beginning Balance', 'Failed disbursement'], 'transfer'),
  ...e(any, 'other-transaction', ['LoanAdvance', 'LoanPayment', 'LoanRefund'], 'loan', 'finances-api'),
  ...e(any, 'other-transaction', ['CurrencyConversion', 'Currency Conversion'], 'currency-conversion', 'finances-api'),
  // Coupon, deal and Vine fees mean the same whatever the type columns say (V2, legacy and XML differ).
  ...e(any, any, [
    'CouponRedemptionFee', 'Coupon Redemption Fee', 'CouponClipFee', 'Coupon Clip Fee', 'CouponPerformanceFee', 'CouponParticipationFee',
    'LightningDealFee', 'Lightning Deal Fee', 'RunLightningDealFee', 'DealParticipationFee', 'DealPerformanceFee',
    'Vine Enrollment Fee', 'VineEnrollmentFee', 'VineFee', 'EarlyReviewerProgramFee', 'Early Reviewer Program Fee',
  ], 'promotion-fee', 'public-lists'),
];

/**
 * Families recognised by the shape of a name rather than a list of values, tried only when no catalog
 * entry matches. Each states why the name is enough.
 */
export interface FamilyPattern {
  /** Types the pattern is limited to ('*' or absent = any). */
  transactionTypes?: readonly string[];
  amountTypes?: readonly string[];
  amountType?: RegExp;
  amountDescription?: RegExp;
  category: LineCategory;
}

const FEE_TAX_SUFFIX = /(?:Tax|VAT|GST|HST|PST|QST)$/;

export const LINE_FAMILY_PATTERNS: readonly FamilyPattern[] = [
  // Amazon's tax on one of its fees, named after the fee (`CommissionTax`, `FBAPerUnitFulfillmentFee VAT`):
  // a fee row cannot hold tax the seller collected.
  { amountTypes: ['ItemFees', 'Shipment-Fees'], amountDescription: FEE_TAX_SUFFIX, category: 'fee-tax' },
  { transactionTypes: ['AmazonFees', 'FBAFees', 'ServiceFee'], amountDescription: /\b(?:tax|vat|gst|hst)\b/i, category: 'fee-tax' },
  // Multi-channel fulfilment, named as such in the amount type or the description.
  { amountType: /multi[- ]?channel|\bMCF\b/i, category: 'mcf-fee' },
  { amountDescription: /multi[- ]?channel|\bMCF\b/i, category: 'mcf-fee' },
  // Coupon, deal and Vine programme fees named by their amount type (`Coupon ... Fee / Base fee`).
  { amountType: /^(?:Coupon|Deal|Lightning Deal|Vine|Early Reviewer|Prime Exclusive Discount)\b.*\bFee$/i, category: 'promotion-fee' },
  // Amazon's text for a payout that bounced, with the bank's reason after the colon.
  { amountDescription: /^Transfer of funds unsuccessful/i, category: 'transfer' },
  { amountDescription: /^Cross-Account Debt Adjustment\b/, category: 'transfer' },
];

/** The category a family pattern gives a combination, or null. */
export function familyCategory(t: string, a: string, d: string): LineCategory | null {
  for (const p of LINE_FAMILY_PATTERNS) {
    if (p.transactionTypes && !p.transactionTypes.includes(t)) continue;
    if (p.amountTypes && !p.amountTypes.includes(a)) continue;
    if (p.amountType && !p.amountType.test(a)) continue;
    if (p.amountDescription && !p.amountDescription.test(d)) continue;
    return p.category;
  }
  return null;
}
