import type { StarterChart } from '../starter-chart';

/**
 * Acumatica's starter accounts in its five-digit chart (assets 1xxxx, income 4xxxx, expenses 6xxxx; the
 * demo tenant in core/sandbox/acumatica/emulator-seed.ts). An account already under a number is used as it is.
 */
export const ACUMATICA_STARTER_CHART: StarterChart = {
  clearing: { number: '10200', name: 'Amazon Clearing' },
  reserve: { number: '10250', name: 'Amazon Reserve' },
  inputTax: { number: '10300', name: 'Input Tax on Amazon Fees' },
  sales: { number: '40000', name: 'Sales - Amazon' },
  refunds: { number: '40100', name: 'Refunds - Amazon' },
  reimbursements: { number: '40200', name: 'Amazon Reimbursements' },
  sellingFees: { number: '60100', name: 'Amazon Selling Fees' },
  fulfilmentFees: { number: '60200', name: 'FBA Fulfilment Fees' },
  storageFees: { number: '60300', name: 'Storage Fees' },
  otherFees: { number: '60400', name: 'Subscription' },
  advertising: { number: '60500', name: 'Advertising - Amazon' },
};
