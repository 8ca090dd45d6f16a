import type { MappingEntry } from '../mapping/mapping-entry';
import { startBusinessCentralEmulator } from '../sandbox/business-central/emulator';
import type { DemoErp } from './demo-erp';

export const DEMO_BC_CONNECTION_ID = 'demo-business-central';

/**
 * The demo's starter mappings for its Business Central company (chart of accounts in
 * core/sandbox/business-central/emulator-seed.ts): the clearing, reserve and carried-forward accounts, and
 * the fee types the demo settlements carry, except the subscription fee, which stays unmapped so the
 * review queue has a blocking item to resolve. Sales and refunds post to income, Amazon's fees to expense.
 */
export const DEMO_STARTER_MAPPINGS: readonly MappingEntry[] = [
  { kind: 'account', subject: 'clearing', target: '2920', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'reserve', target: '2930', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  // An earlier period's part of a settlement waits in clearing until the deposit arrives.
  { kind: 'account', subject: 'carriedForward', target: '2920', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemPrice', amountDescription: 'Principal', target: '6100', dimensions: { CHANNEL: 'FBA' } },
  { kind: 'fee', subject: '', transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', target: '6110', dimensions: { CHANNEL: 'FBA' } },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission', target: '8410', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', target: '8420', dimensions: {} },
];

/** The demo's Business Central company: a loopback emulator of the API v2.0 with its Entra token endpoint. */
export const demoBusinessCentral: DemoErp = {
  connectionId: DEMO_BC_CONNECTION_ID,
  starterMappings: DEMO_STARTER_MAPPINGS,
  async start(ws) {
    const bc = await startBusinessCentralEmulator({ clock: ws.clock, shipAndInvoiceSalesOrders: true });
    return {
      connection: {
        kind: 'business-central',
        name: 'Business Central (demo)',
        settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
      },
      secrets: { clientSecret: bc.clientSecret },
      url: bc.url,
      stop: () => bc.stop(),
    };
  },
};
