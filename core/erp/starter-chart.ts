import type { AccountKind, NewAccount } from './erp-connector';

/**
 * The accounts an Amazon seller typically needs, by purpose. Each ERP kind numbers and names them in its
 * own chart's conventions (`<erp>/starter-chart.ts`); what each purpose is and what it is mapped to is
 * the same everywhere, so a starter chart means one thing whichever ERP it is created in.
 */
export const STARTER_PURPOSES = [
  'clearing', 'reserve', 'inputTax', 'sales', 'refunds', 'reimbursements', 'sellingFees', 'fulfilmentFees', 'storageFees', 'otherFees', 'advertising',
] as const;
export type StarterPurpose = (typeof STARTER_PURPOSES)[number];

/** What a starter account is mapped to: an account role of the settlement journal, every line of a category, or one combination. */
export type StarterUse =
  | { role: 'clearing' | 'carriedForward' | 'reserve' }
  | { category: string }
  | { transactionType: string; amountType: string; amountDescription: string };

const categories = (...keys: string[]): StarterUse[] => keys.map((category) => ({ category }));

/**
 * Each purpose's kind and uses. Refunds take a rule of their own for the refunded price and shipping, so
 * they never land on the sales account; the sales category rule covers the rest of the sale.
 */
export const STARTER_USES: Readonly<Record<StarterPurpose, { kind: AccountKind; uses: readonly StarterUse[] }>> = {
  clearing: { kind: 'asset', uses: [{ role: 'clearing' }, { role: 'carriedForward' }] },
  reserve: { kind: 'asset', uses: [{ role: 'reserve' }] },
  inputTax: { kind: 'asset', uses: categories('fee-tax') },
  sales: { kind: 'income', uses: categories('principal', 'shipping', 'gift-wrap', 'promotion') },
  refunds: {
    kind: 'income',
    uses: [
      { transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal' },
      { transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Shipping' },
    ],
  },
  reimbursements: { kind: 'income', uses: categories('reimbursement') },
  sellingFees: { kind: 'expense', uses: categories('referral-fee', 'closing-fee', 'refund-commission', 'digital-services-fee') },
  fulfilmentFees: { kind: 'expense', uses: categories('fba-fee', 'mcf-fee', 'shipping-chargeback', 'gift-wrap-chargeback', 'inbound-transportation', 'shipping-services') },
  storageFees: { kind: 'expense', uses: categories('storage-fee', 'long-term-storage-fee', 'disposal-fee') },
  otherFees: { kind: 'expense', uses: categories('subscription-fee', 'promotion-fee', 'liquidation-fee', 'other-fee') },
  advertising: { kind: 'expense', uses: categories('advertising') },
};

/** An ERP kind's number and name for each purpose. */
export type StarterChart = Readonly<Record<StarterPurpose, { number: string; name: string }>>;

export interface StarterAccount extends NewAccount {
  purpose: StarterPurpose;
  uses: readonly StarterUse[];
}

/** The chart's accounts in the order of STARTER_PURPOSES, each with its kind and uses. */
export function starterAccounts(chart: StarterChart): StarterAccount[] {
  return STARTER_PURPOSES.map((purpose) => ({ purpose, ...chart[purpose], kind: STARTER_USES[purpose].kind, uses: STARTER_USES[purpose].uses }));
}
