import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../core/host/http-host';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { bundleImportWorker } from '../support/import-worker-bundle';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, FAST_PLANS, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

// One settlement report of 200,000 lines (two per order) in the emulator.
const ORDERS = 100_000;

let worker: Awaited<ReturnType<typeof bundleImportWorker>>;
let amazon: AmazonEmulator;
let dir: ReturnType<typeof tempDir>;
let ws: Workspace;
let host: RunningHost;

beforeAll(async () => {
  worker = await bundleImportWorker('discovery-responsive-test');
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(1, ORDERS, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
  dir = tempDir();
  ws = openWorkspace(join(dir.dir, 'ws'), { credentials: new MemoryCredentials(), importWorker: worker.file, clock });
  await addAmazonConnection(ws, amazon);
  host = await startHost(ws);
}, 120_000);
afterAll(async () => {
  await host?.close();
  ws?.close();
  await amazon?.stop();
  dir?.remove();
  worker?.remove();
});

const post = (name: string, input: unknown = {}) =>
  fetch(`http://127.0.0.1:${host.port}/api/${name}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) })
    .then((r) => r.json() as Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { message: string } }>);

describe('Import new settlements under the headless host', () => {
  it('imports on the worker thread: the API answers while the import runs', async () => {
    const importing = post('settlements.importNew');
    // Wait until the discovery's import holds the gate (the report has been downloaded and the import started).
    while (!ws.imports.running()) await new Promise((r) => setTimeout(r, 5));
    const pings: number[] = [];
    let answeredDuringImport = false;
    while (ws.imports.running()) {
      const t0 = performance.now();
      const ping = await post('app.info');
      pings.push(performance.now() - t0);
      expect(ping.ok).toBe(true);
      if (ws.imports.running()) answeredDuringImport = true;
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = await importing;
    expect(done.ok, JSON.stringify(done.error)).toBe(true);
    expect(done.value).toMatchObject({ imported: 1 });
    expect(answeredDuringImport).toBe(true);
    const lines = (ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_line').get() as { n: number }).n;
    expect(lines).toBe(2 * ORDERS);
    const sorted = [...pings].sort((a, b) => a - b);
    console.log(`API ping during a ${2 * ORDERS}-line discovery import: ${pings.length} answered, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
  }, 120_000);
});
