import type { StarterChart } from '../starter-chart';

/**
 * Business Central's starter accounts, in the four-digit layout of the demo company's chart (balance sheet
 * 2xxx, income 6xxx, expense 8xxx; core/sandbox/business-central/emulator-seed.ts). Accounts the company
 * already has under these numbers are used as they are.
 */
export const BUSINESS_CENTRAL_STARTER_CHART: StarterChart = {
  clearing: { number: '2920', name: 'Amazon Clearing' },
  reserve: { number: '2930', name: 'Amazon Reserve' },
  inputTax: { number: '2960', name: 'Purchase VAT on Amazon Fees' },
  sales: { number: '6100', name: 'Sales, Retail - Amazon' },
  refunds: { number: '6110', name: 'Refunds - Amazon' },
  reimbursements: { number: '6120', name: 'Amazon Reimbursements' },
  sellingFees: { number: '8410', name: 'Amazon Selling Fees' },
  fulfilmentFees: { number: '8420', name: 'FBA Fulfilment Fees' },
  advertising: { number: '8430', name: 'Advertising' },
  storageFees: { number: '8450', name: 'Amazon Storage Fees' },
  otherFees: { number: '8460', name: 'Amazon Subscription and Other Fees' },
};
