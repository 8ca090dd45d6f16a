import { SecretMetaRepository } from '../connections/connection-repository';
import { startAmazonEmulator, type AmazonEmulator } from '../sandbox/amazon/emulator';
import type { MappingEntry } from '../mapping/mapping-entry';
import { MappingStore } from '../mapping/mapping-store';
import { ReferenceCache } from '../mapping/reference-cache';
import type { Workspace } from '../workspace/workspace';
import type { StartedDemoErp } from './demo-erp';
import { DEMO_ERPS } from './demo-erps';
import { DEMO_BC_CONNECTION_ID } from './demo-business-central';
import { seedVendorDemo } from './demo-vendor';

export { DEMO_BC_CONNECTION_ID, DEMO_STARTER_MAPPINGS } from './demo-business-central';
export { DEMO_SAP_B1_CONNECTION_ID } from './demo-sap-b1';
export const DEMO_AMAZON_CONNECTION_ID = 'demo-amazon';

export interface RunningDemo {
  amazon: AmazonEmulator;
  /** Each demo ERP company by its connection id. */
  erps: ReadonlyMap<string, StartedDemoErp>;
  stop(): Promise<void>;
}

/**
 * The built-in demo: loopback emulators of Amazon and of each demo ERP company (core/demo/demo-erps.ts),
 * and the connections pointing at them, so the whole flow works without credentials. The emulators
 * listen on new ports at each launch, so the connections are brought up to date every time. Their
 * "secrets" are the emulators' own and go to the keychain like any other.
 */
export async function startDemo(ws: Workspace, options: { starterMappings?: boolean } = {}): Promise<RunningDemo> {
  const amazon = await startAmazonEmulator({ clock: ws.clock });
  const erps = new Map<string, StartedDemoErp>();
  const stop = async () => {
    await Promise.all([amazon.stop(), ...[...erps.values()].map((e) => e.stop())]);
  };
  try {
    for (const d of DEMO_ERPS) erps.set(d.connectionId, await d.start(ws));
  } catch (err) {
    await stop();
    throw err;
  }
  const now = new Date(ws.clock.now());
  const meta = new SecretMetaRepository(ws.db);

  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'clientSecret', amazon.clientSecret);
  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'refreshToken', amazon.refreshToken);
  for (const [id, e] of erps) for (const [field, value] of Object.entries(e.secrets)) await ws.credentials.set(id, field, value);

  ws.db.transaction(() => {
    const firstTime = !ws.connections.get(DEMO_AMAZON_CONNECTION_ID);
    ws.connections.upsert(
      {
        id: DEMO_AMAZON_CONNECTION_ID,
        kind: 'amazon',
        name: 'Amazon (demo)',
        // The selling partner id lets the Listings screen address the demo seller without a manual step.
        settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: [], endpointOverride: amazon.url, sellingPartnerId: amazon.sellers[0]?.sellerId },
      },
      now,
    );
    if (firstTime) for (const field of ['clientSecret', 'refreshToken']) meta.markEntered(DEMO_AMAZON_CONNECTION_ID, field, now);
    for (const [id, e] of erps) {
      const fresh = !ws.connections.get(id);
      ws.connections.upsert({ id, ...e.connection }, now);
      if (fresh) for (const field of Object.keys(e.secrets)) meta.markEntered(id, field, now);
    }
    ws.audit.record({
      kind: 'state_change',
      system: 'app',
      operation: 'demo.start',
      actor: ws.osUser,
      detail: { amazonEmulator: amazon.url, erpEmulators: Object.fromEntries([...erps].map(([id, e]) => [id, e.url])) },
    });
    if (erps.has(DEMO_BC_CONNECTION_ID)) seedVendorDemo(ws, DEMO_BC_CONNECTION_ID, now);
  })();

  // A demo company's first start (no rules yet) seeds them, for the built-in demo workspace and for any
  // workspace opened with --demo alike; rules the user has are kept (the Dashboard's "Open demo workspace"
  // puts them back on request).
  if (options.starterMappings) {
    for (const d of DEMO_ERPS) {
      if (new MappingStore(ws.db, ws.audit).list(d.connectionId).length > 0) continue;
      try {
        await seedMappings(ws, d.connectionId, d.starterMappings);
      } catch (err) {
        ws.audit.record({ kind: 'state_change', system: 'app', operation: 'demo.starter-mappings', actor: ws.osUser, status: 'failed', detail: { connectionId: d.connectionId, error: (err as Error).message } });
      }
    }
  }

  return { amazon, erps, stop };
}

/**
 * Reads a demo company's chart of accounts and dimensions (so every target is checked as a person's
 * would be) and saves its starter mappings, putting back any the user changed. Audited as the demo's.
 */
async function seedMappings(ws: Workspace, connectionId: string, entries: readonly MappingEntry[]): Promise<{ changed: number; unchanged: number }> {
  const c = ws.erp.connection(connectionId).row;
  const cache = new ReferenceCache(ws.db);
  await cache.refresh(c.id, await ws.erp.connector(c.id), { now: () => new Date(ws.clock.now()) });
  const result = new MappingStore(ws.db, ws.audit).saveAll(c.id, entries, { actor: ws.osUser, reference: cache.snapshot(c.id), erpName: c.name, source: 'demo-starter', now: new Date(ws.clock.now()) });
  ws.events.emit({ type: 'changed', topic: 'mappings' });
  return result;
}

/** The Dashboard's "Open demo workspace": every demo company's starter mappings, put back as shipped. */
export async function seedStarterMappings(ws: Workspace): Promise<{ changed: number; unchanged: number }> {
  const total = { changed: 0, unchanged: 0 };
  for (const d of DEMO_ERPS) {
    const r = await seedMappings(ws, d.connectionId, d.starterMappings);
    total.changed += r.changed;
    total.unchanged += r.unchanged;
  }
  return total;
}
