import type { MappingEntry } from '../mapping/mapping-entry';
import { startFoEmulator } from '../sandbox/fo/emulator';
import { defaultFoSeed } from '../sandbox/fo/emulator-seed';
import type { DemoErp } from './demo-erp';

export const DEMO_FO_CONNECTION_ID = 'demo-fo';

const seed = defaultFoSeed();
/** The emulator's ledger dimension format: the connection names the same dimensions in the same order. */
const DIMENSION_FORMAT = seed.dimensions.join(', ');

/** Online sales (business unit 002) through the marketplaces department (022), fulfilment costs in 023. */
const MARKETPLACES = { BusinessUnit: '002', Department: '022' };
const FULFILMENT = { BusinessUnit: '002', Department: '023' };

/**
 * The demo's starter mappings for its F&O legal entity (chart and dimension values in
 * core/sandbox/fo/emulator-seed.ts): clearing, reserve and carried-forward balance-sheet accounts, and the
 * fee types the demo settlements carry with financial dimensions, except the subscription fee, which stays
 * unmapped so the review queue has a blocking item to resolve (8460 Subscription is there for it).
 */
export const DEMO_FO_STARTER_MAPPINGS: readonly MappingEntry[] = [
  { kind: 'account', subject: 'clearing', target: '2920', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'reserve', target: '2930', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'carriedForward', target: '2950', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemPrice', amountDescription: 'Principal', target: '6100', dimensions: MARKETPLACES },
  { kind: 'fee', subject: '', transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', target: '6110', dimensions: MARKETPLACES },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission', target: '8410', dimensions: MARKETPLACES },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', target: '8420', dimensions: FULFILMENT },
];

/**
 * The demo's Finance & Operations legal entity (USMF): a loopback emulator of the OData data entities
 * with its Entra token endpoint. Journals sent there wait until a person posts them, which in the demo is
 * the emulator's test control (core/sandbox/fo/emulator.ts postJournal).
 */
export const demoFo: DemoErp = {
  connectionId: DEMO_FO_CONNECTION_ID,
  starterMappings: DEMO_FO_STARTER_MAPPINGS,
  async start(ws) {
    const fo = await startFoEmulator({ clock: ws.clock, seed });
    return {
      connection: {
        kind: 'd365fo',
        name: 'Finance & Operations (demo)',
        settings: {
          environmentUrl: fo.url, tenantId: fo.tenantId, clientId: fo.clientId, legalEntity: fo.legalEntity.toUpperCase(), journalName: 'GenJrn',
          dimensionFormat: DIMENSION_FORMAT, dimensionDelimiter: '-', signInOverride: fo.url,
          returnReasons: 'DAMAGED Damaged, DEFECTIVE Defective, WRONGITEM Wrong item, NOTNEEDED No longer needed',
        },
      },
      secrets: { clientSecret: fo.clientSecret },
      url: fo.url,
      stop: () => fo.stop(),
    };
  },
};
