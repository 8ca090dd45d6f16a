import type { StarterChart } from '../starter-chart';

/**
 * SAP Business One's starter accounts. The demo company (core/sandbox/sap-b1/emulator-seed.ts) keys its
 * accounts by internal codes in the _SYS form, so new ones follow that series beside their drawer's
 * accounts (assets 1x, revenues 2x, expenses 3x); an account already under a code is used as it is.
 */
export const SAP_B1_STARTER_CHART: StarterChart = {
  clearing: { number: '_SYS00000000010', name: 'Amazon Clearing' },
  reserve: { number: '_SYS00000000011', name: 'Amazon Reserve' },
  inputTax: { number: '_SYS00000000016', name: 'Input Tax on Amazon Fees' },
  sales: { number: '_SYS00000000020', name: 'Sales, Retail - Amazon' },
  refunds: { number: '_SYS00000000021', name: 'Refunds - Amazon' },
  reimbursements: { number: '_SYS00000000023', name: 'Amazon Reimbursements' },
  sellingFees: { number: '_SYS00000000030', name: 'Amazon Selling Fees' },
  fulfilmentFees: { number: '_SYS00000000031', name: 'FBA Fulfilment Fees' },
  storageFees: { number: '_SYS00000000032', name: 'Storage Fees' },
  otherFees: { number: '_SYS00000000033', name: 'Subscription' },
  advertising: { number: '_SYS00000000035', name: 'Advertising - Amazon' },
};
