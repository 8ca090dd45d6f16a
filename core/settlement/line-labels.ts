import type { LineCategory } from './line-catalog';

/**
 * What a category is called where an accountant reads it: the journal line's description on screen, in
 * reports and in the ERP's ledger. Plural where the line sums many settlement lines, as a ledger says it.
 */
export const CATEGORY_LABELS: Readonly<Record<LineCategory, string>> = {
  principal: 'Sales',
  shipping: 'Shipping charged',
  'gift-wrap': 'Gift wrap charged',
  tax: 'Tax collected',
  'withheld-tax': 'Tax withheld by Amazon',
  'fee-tax': 'Tax on Amazon fees',
  promotion: 'Promotions',
  goodwill: 'Goodwill',
  'restocking-fee': 'Restocking fees',
  'referral-fee': 'Referral fees',
  'closing-fee': 'Closing fees',
  'digital-services-fee': 'Digital services fees',
  'fba-fee': 'FBA fulfilment fees',
  'mcf-fee': 'Multi-channel fulfilment fees',
  'shipping-chargeback': 'Shipping chargebacks',
  'gift-wrap-chargeback': 'Gift wrap chargebacks',
  'refund-commission': 'Refund administration fees',
  reimbursement: 'Reimbursements',
  'storage-fee': 'Storage fees',
  'long-term-storage-fee': 'Long-term storage fees',
  'disposal-fee': 'Removal and disposal fees',
  'subscription-fee': 'Subscription fees',
  advertising: 'Advertising',
  'promotion-fee': 'Promotion fees (coupons, deals)',
  'inbound-transportation': 'Inbound transportation',
  'shipping-services': 'Shipping services (labels)',
  liquidation: 'Liquidation proceeds',
  'liquidation-fee': 'Liquidation fees',
  reserve: 'Reserve',
  loan: 'Seller lending',
  transfer: 'Transfers',
  'currency-conversion': 'Currency conversion',
  adjustment: 'Adjustments',
  'other-fee': 'Other Amazon fees',
};

/** A refund's sale-side lines, named as what they are: money given back, not sales. */
const REFUND_LABELS: Partial<Record<LineCategory, string>> = {
  principal: 'Refunds',
  shipping: 'Shipping refunded',
  'gift-wrap': 'Gift wrap refunded',
  tax: 'Tax refunded',
};

/** What a line of `category` in a transaction of `transactionType` is called: "Refunds" for a refund's principal. */
export function lineLabel(category: LineCategory, transactionType: string): string {
  return (transactionType.toLowerCase() === 'refund' ? REFUND_LABELS[category] : undefined) ?? CATEGORY_LABELS[category];
}
