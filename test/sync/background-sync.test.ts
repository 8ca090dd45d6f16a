import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { startBackgroundSync } from '../../core/sync/background-sync';
import { JobStore } from '../../core/sync/job-store';
import { syncCommand } from '../../core/sync/sync-command';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_PLANS, importsPerSettlement, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

const REPORTS = 6;
let amazon: AmazonEmulator;
/** Amazon, the workspaces and sync --watch on one pinned clock. */
const clock = syncClock();
const dirs: ReturnType<typeof tempDir>[] = [];
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(REPORTS, 4, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
});
afterAll(async () => {
  await amazon.stop();
  for (const d of dirs) d.remove();
});

/** A workspace whose hourly discovery job was created two hours ago: a slot has passed, so it is due. */
async function dueWorkspace() {
  amazon.faults.clear();
  const d = tempDir();
  dirs.push(d);
  const credentials = new MemoryCredentials();
  const ws = openWorkspace(d.dir, { credentials, clock });
  await addAmazonConnection(ws, amazon);
  new JobStore(ws.db).save({ id: 'discovery', name: 'Settlement discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now() - 2 * 3_600_000));
  return { ws, dir: d.dir, credentials };
}

const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

it('the app\'s scheduler and a sync --watch beside it on one workspace run the due job once between them', async () => {
  const { ws, dir, credentials } = await dueWorkspace();
  // Each report download takes 150 ms, so both runners look at the job while its run is under way.
  amazon.faults.delayNext(REPORTS, 150, { operation: 'getReportDocument' });
  const cli = new AbortController();
  const out: string[] = [];
  const watching = syncCommand(['--workspace', dir, '--watch'], { out: (t) => out.push(t), err: (t) => out.push(t) }, { defaultWorkspace: dir, credentials, signal: cli.signal, clock });
  const app = startBackgroundSync(ws, { pollMs: 50 });
  const runs = () => ws.db.prepare(`SELECT status, lives, counts FROM sync_run`).all() as { status: string; lives: number; counts: string }[];
  await until(() => runs().some((r) => r.status === 'succeeded'));
  // Both keep looking for a while after: nothing starts again, the slot is taken.
  await new Promise((r) => setTimeout(r, 400));
  await app.stop();
  cli.abort();
  expect(await watching).toBe(0);
  const all = runs();
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ status: 'succeeded', lives: 1 });
  expect(JSON.parse(all[0]!.counts)).toMatchObject({ found: REPORTS, imported: REPORTS });
  expect([...importsPerSettlement(ws.db).values()]).toEqual(Array(REPORTS).fill({ versions: 1, imported: 1 }));
  expect(ws.db.prepare(`SELECT COUNT(*) AS n FROM audit_event WHERE operation = 'sync.run'`).get()).toEqual({ n: 1 });
  ws.close();
});

it('closing the app stops a scheduled run after its step and gives its slot back; the next start carries on and finishes', async () => {
  const { ws } = await dueWorkspace();
  amazon.faults.delayNext(REPORTS, 200, { operation: 'getReportDocument' });
  const app = startBackgroundSync(ws, { pollMs: 50 });
  const imported = () => (ws.db.prepare(`SELECT COUNT(*) AS n FROM sync_settlement_report WHERE state = 'done'`).get() as { n: number }).n;
  await until(() => imported() >= 2);
  await app.stop();
  const stopped = new JobStore(ws.db).runs({ jobId: 'discovery' });
  expect(stopped).toHaveLength(1);
  expect(stopped[0]).toMatchObject({ status: 'cancelled', error: 'Stopped because ml-connector was closing; this time slot runs again at the next start. The next run carries on where this one stopped.' });
  const done = imported();
  expect(done).toBeLessThan(REPORTS);
  // The next start: the slot is due again, runs as a catch-up, and imports only what was left.
  const again = startBackgroundSync(ws, { pollMs: 50 });
  await until(() => new JobStore(ws.db).runs({ jobId: 'discovery' })[0]!.status === 'succeeded');
  await again.stop();
  const [second] = new JobStore(ws.db).runs({ jobId: 'discovery' });
  expect(second).toMatchObject({ trigger: 'catch-up', status: 'succeeded' });
  expect(second!.counts).toMatchObject({ imported: REPORTS - done, alreadyHandled: done });
  expect([...importsPerSettlement(ws.db).values()]).toEqual(Array(REPORTS).fill({ versions: 1, imported: 1 }));
  ws.close();
});

it('Cancel in the Jobs view reaches a run the app\'s scheduler started; Run again carries on from where it stopped', async () => {
  const { ws } = await dueWorkspace();
  amazon.faults.delayNext(REPORTS, 200, { operation: 'getReportDocument' });
  const app = startBackgroundSync(ws, { pollMs: 50 });
  const api = createDispatcher(ws);
  const imported = () => (ws.db.prepare(`SELECT COUNT(*) AS n FROM sync_settlement_report WHERE state = 'done'`).get() as { n: number }).n;
  await until(() => imported() >= 1);
  expect(await api.invoke('jobs.cancel', { id: 'discovery' }, 'cancel')).toEqual({ ok: true, value: { cancelled: true } });
  await until(() => new JobStore(ws.db).runs({ jobId: 'discovery' })[0]!.status !== 'running');
  const [cancelled] = new JobStore(ws.db).runs({ jobId: 'discovery' });
  expect(cancelled).toMatchObject({ status: 'cancelled', error: 'Cancelled. The next run carries on where this one stopped.' });
  const done = imported();
  expect(done).toBeLessThan(REPORTS);
  amazon.faults.clear();
  const again = (await api.invoke('jobs.runNow', { id: 'discovery' }, 'again')) as { ok: true; value: { status: string; trigger: string; counts: Record<string, number> } };
  expect(again.value).toMatchObject({ status: 'succeeded', trigger: 'manual', counts: { imported: REPORTS - done, alreadyHandled: done } });
  await app.stop();
  expect([...importsPerSettlement(ws.db).values()]).toEqual(Array(REPORTS).fill({ versions: 1, imported: 1 }));
  ws.close();
});
