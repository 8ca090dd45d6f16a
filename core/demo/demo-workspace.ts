import { SecretMetaRepository } from '../connections/connection-repository';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../sandbox/business-central/emulator';
import { startAmazonEmulator, type AmazonEmulator } from '../sandbox/amazon/emulator';
import type { MappingEntry } from '../mapping/mapping-entry';
import { MappingStore } from '../mapping/mapping-store';
import { ReferenceCache } from '../mapping/reference-cache';
import type { Workspace } from '../workspace/workspace';

export const DEMO_AMAZON_CONNECTION_ID = 'demo-amazon';
export const DEMO_BC_CONNECTION_ID = 'demo-business-central';

export interface RunningDemo {
  amazon: AmazonEmulator;
  businessCentral: BusinessCentralEmulator;
  stop(): Promise<void>;
}

/**
 * The built-in demo: loopback emulators of Amazon and Business Central, and two connections pointing at
 * them, so the whole flow works without credentials. The emulators listen on new ports at each launch,
 * so the connections are brought up to date every time. Their "secrets" are the emulators' own and go to
 * the keychain like any other.
 */
export async function startDemo(ws: Workspace, options: { starterMappings?: boolean } = {}): Promise<RunningDemo> {
  const amazon = await startAmazonEmulator({ clock: ws.clock });
  const businessCentral = await startBusinessCentralEmulator({ clock: ws.clock });
  const now = new Date(ws.clock.now());
  const meta = new SecretMetaRepository(ws.db);

  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'clientSecret', amazon.clientSecret);
  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'refreshToken', amazon.refreshToken);
  await ws.credentials.set(DEMO_BC_CONNECTION_ID, 'clientSecret', businessCentral.clientSecret);

  ws.db.transaction(() => {
    const firstTime = !ws.connections.get(DEMO_AMAZON_CONNECTION_ID);
    ws.connections.upsert(
      {
        id: DEMO_AMAZON_CONNECTION_ID,
        kind: 'amazon',
        name: 'Amazon (demo)',
        settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: [], endpointOverride: amazon.url },
      },
      now,
    );
    ws.connections.upsert(
      {
        id: DEMO_BC_CONNECTION_ID,
        kind: 'business-central',
        name: 'Business Central (demo)',
        settings: {
          deployment: 'online',
          tenantId: businessCentral.tenantId,
          environment: businessCentral.environment,
          clientId: businessCentral.clientId,
          endpointOverride: businessCentral.url,
        },
      },
      now,
    );
    if (firstTime) {
      for (const field of ['clientSecret', 'refreshToken']) meta.markEntered(DEMO_AMAZON_CONNECTION_ID, field, now);
      meta.markEntered(DEMO_BC_CONNECTION_ID, 'clientSecret', now);
    }
    ws.audit.record({
      kind: 'state_change',
      system: 'app',
      operation: 'demo.start',
      actor: ws.osUser,
      detail: { amazonEmulator: amazon.url, businessCentralEmulator: businessCentral.url },
    });
  })();

  // Only the first start of the built-in demo workspace seeds them; a workspace opened with --demo keeps
  // whatever mappings it has (the Dashboard's "Open demo workspace" seeds them on request).
  if (options.starterMappings && new MappingStore(ws.db, ws.audit).list(DEMO_BC_CONNECTION_ID).length === 0) {
    try {
      await seedStarterMappings(ws);
    } catch (err) {
      ws.audit.record({ kind: 'state_change', system: 'app', operation: 'demo.starter-mappings', actor: ws.osUser, status: 'failed', detail: { error: (err as Error).message } });
    }
  }

  return {
    amazon,
    businessCentral,
    async stop() {
      await Promise.all([amazon.stop(), businessCentral.stop()]);
    },
  };
}

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

/**
 * Reads the demo company's chart of accounts and dimensions (so every target is checked as a person's
 * would be) and saves the starter mappings, putting back any the user changed. Audited as the demo's.
 */
export async function seedStarterMappings(ws: Workspace): Promise<{ changed: number; unchanged: number }> {
  const c = ws.erp.connection(DEMO_BC_CONNECTION_ID).row;
  const cache = new ReferenceCache(ws.db);
  await cache.refresh(c.id, await ws.erp.connector(c.id));
  const result = new MappingStore(ws.db, ws.audit).saveAll(c.id, DEMO_STARTER_MAPPINGS, { actor: ws.osUser, reference: cache.snapshot(c.id), erpName: c.name, source: 'demo-starter' });
  ws.events.emit({ type: 'changed', topic: 'mappings' });
  return result;
}
