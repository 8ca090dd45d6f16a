import type { MappingEntry } from '../mapping/mapping-entry';
import { startSapB1Emulator } from '../sandbox/sap-b1/emulator';
import { defaultSapB1Seed, type SapB1Rate, type SapB1Seed } from '../sandbox/sap-b1/emulator-seed';
import type { DemoErp } from './demo-erp';

export const DEMO_SAP_B1_CONNECTION_ID = 'demo-sap-b1';
const DAY = 86_400_000;

/**
 * Starter mappings for the demo SAP Business One company (chart in core/sandbox/sap-b1/emulator-seed.ts),
 * the same choices as the Business Central demo's: clearing, reserve and carried-forward accounts, the fee
 * types the demo settlements carry, and the subscription fee left unmapped so the review has a blocking
 * item. Dimension 1 (Channel) is CostingCode on the journal line.
 */
export const DEMO_SAP_B1_STARTER_MAPPINGS: readonly MappingEntry[] = [
  { kind: 'account', subject: 'clearing', target: '_SYS00000000010', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'reserve', target: '_SYS00000000011', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'carriedForward', target: '_SYS00000000012', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemPrice', amountDescription: 'Principal', target: '_SYS00000000020', dimensions: { '1': 'FBA' } },
  { kind: 'fee', subject: '', transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', target: '_SYS00000000021', dimensions: { '1': 'FBA' } },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission', target: '_SYS00000000030', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', target: '_SYS00000000031', dimensions: {} },
];

/** Units of USD per unit of each currency the demo marketplaces settle in besides USD (made-up, steady rates). */
const DEMO_RATES: Readonly<Record<string, number>> = { EUR: 1.0842, GBP: 1.271, CAD: 0.731, JPY: 0.00665 };

/**
 * A US company (local and system currency USD), so the demo's USD settlement posts plainly and the CAD,
 * GBP, JPY and EUR ones post in their own currency with USD amounts at the company's rate. B1 keeps one
 * rate per currency and day, so the company holds one for every day around the demo's settlements
 * (which end three days before the workspace clock's start; core/sandbox/amazon/seed-data.ts).
 */
export function demoSapB1Seed(now: number): SapB1Seed {
  const seed = defaultSapB1Seed();
  const first = Math.floor(now / DAY) * DAY - 120 * DAY;
  const rates: SapB1Rate[] = [];
  for (let day = first; day <= first + 180 * DAY; day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    for (const [currency, rate] of Object.entries(DEMO_RATES)) rates.push({ currency, date, rate });
  }
  return {
    ...seed,
    companyName: 'Demo Mugs Inc. (SAP Business One)',
    currencies: ['USD', ...Object.keys(DEMO_RATES)],
    profitCenters: [...seed.profitCenters, { CenterCode: 'FBA', CenterName: 'Fulfilled by Amazon', InWhichDimension: 1, Active: 'tYES' }],
    rates,
  };
}

/** The demo's SAP Business One company: a loopback Service Layer (/b1s/v2) with one user. */
export const demoSapB1: DemoErp = {
  connectionId: DEMO_SAP_B1_CONNECTION_ID,
  starterMappings: DEMO_SAP_B1_STARTER_MAPPINGS,
  async start(ws) {
    const seed = demoSapB1Seed(ws.clock.now());
    const b1 = await startSapB1Emulator({ seed, clock: ws.clock });
    const [userName, password] = Object.entries(seed.users)[0]!;
    return {
      connection: { kind: 'sap-b1', name: 'SAP Business One (demo)', settings: {
        serviceLayerUrl: b1.v2, companyDb: seed.companyDb, userName,
        // The emulated company's return reasons, so a return can be credited once the user chooses.
        returnReasons: (seed.returnReasons ?? []).map((r) => `${r.Code} ${r.Name}`).join(', '),
      } },
      secrets: { password },
      url: b1.url,
      stop: () => b1.stop(),
    };
  },
};
