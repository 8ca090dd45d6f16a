import type { StarterChart } from '../starter-chart';

/**
 * Finance and Operations' starter main accounts, in the shared chart of the demo legal entity
 * (core/sandbox/fo/emulator-seed.ts: balance sheet 2xxx, revenue 6xxx, expense 8xxx). A main account
 * already under a number is used as it is.
 */
export const FO_STARTER_CHART: StarterChart = {
  clearing: { number: '2920', name: 'Amazon clearing' },
  reserve: { number: '2930', name: 'Amazon reserve' },
  inputTax: { number: '2940', name: 'Input tax on Amazon fees' },
  sales: { number: '6100', name: 'Sales, retail - Amazon' },
  refunds: { number: '6110', name: 'Refunds - Amazon' },
  reimbursements: { number: '6120', name: 'Amazon reimbursements' },
  sellingFees: { number: '8410', name: 'Amazon selling fees' },
  fulfilmentFees: { number: '8420', name: 'FBA fulfilment fees' },
  advertising: { number: '8430', name: 'Advertising - Amazon' },
  storageFees: { number: '8450', name: 'Storage fees' },
  otherFees: { number: '8460', name: 'Subscription' },
};
