import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import type { ApiEvent } from '../../core/api/events';
import { createDispatcher } from '../../core/api/handlers';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { connectionResources } from '../../core/sync/connection-resources';
import { tempWorkspace } from '../support/temp-workspace';
import { addAmazonConnection, FAST_BACKOFF, FAST_PLANS, importsPerSettlement, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

type ImportNew = CallOutput<'settlements.importNew'>;

let amazon: AmazonEmulator;
const seller = settlementSeller(5, 4, SYNC_START);
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [seller.seller], usagePlans: FAST_PLANS, clock });
});
afterAll(() => amazon.stop());
const cleanups: (() => void)[] = [];
afterEach(() => {
  amazon.faults.clear();
  cleanups.splice(0).forEach((c) => c());
});

function setup() {
  const ws = tempWorkspace(new MemoryCredentials(), clock);
  cleanups.push(ws.remove);
  connectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS });
  const events: ApiEvent[] = [];
  cleanups.push(ws.events.subscribe((e) => events.push(e)));
  return { ws, api: createDispatcher(ws), events };
}

const ok = <T>(r: unknown) => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

it('says plainly that there is nothing to import from when the workspace has no Amazon connection', async () => {
  const { api } = setup();
  expect(await api.invoke('settlements.importNew', {}, 'c1')).toMatchObject({
    ok: false, error: { code: 'conflict', message: expect.stringContaining('There is no Amazon connection in this workspace') },
  });
});

it('imports the new settlements of every Amazon connection with progress, lists them with a status, and a second time finds them already here', async () => {
  const { ws, api, events } = setup();
  await addAmazonConnection(ws, amazon);

  const first = ok<ImportNew>(await api.invoke('settlements.importNew', {}, 'c1'));
  expect(first).toMatchObject({ imported: 5, newVersions: 0, alreadyHere: 0, unreadable: 0, cancelled: false, summary: '5 new settlements imported.' });
  expect(first.connections).toMatchObject([{ name: 'Amazon (emulator)', status: 'succeeded', found: 5, imported: 5 }]);
  const progress = events.filter((e): e is Extract<ApiEvent, { type: 'progress' }> => e.type === 'progress' && e.callId === 'c1');
  expect(progress.some((p) => p.phase === 'Amazon (emulator): Importing settlement reports' && p.total === 5)).toBe(true);
  expect(progress.at(-1)).toMatchObject({ phase: 'Amazon (emulator): Done', done: 5, total: 5 });

  // The button's runs are recorded as runs of a discovery job that runs only when asked.
  const jobs = ok<CallOutput<'jobs.list'>>(await api.invoke('jobs.list', {}, 'c2'));
  expect(jobs).toMatchObject([{ name: 'Import new settlements: Amazon (emulator)', kind: 'settlement-discovery', enabled: false, lastRun: { status: 'succeeded', trigger: 'manual' } }]);

  const list = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 'c3'));
  expect(list.map((s) => s.settlementId).sort()).toEqual([...seller.settlementIds].sort());
  // No ERP connection yet: every settlement is checked and needs review.
  expect(new Set(list.map((s) => s.state))).toEqual(new Set(['needs-review']));
  // Fetched from Amazon, as the list's Source filter tells them apart from files.
  expect(new Set(list.map((s) => s.source))).toEqual(new Set(['amazon']));

  const again = ok<ImportNew>(await api.invoke('settlements.importNew', {}, 'c4'));
  expect(again).toMatchObject({ imported: 0, alreadyHere: 5, summary: '5 already here.' });
  expect(ok<CallOutput<'jobs.list'>>(await api.invoke('jobs.list', {}, 'c5'))).toHaveLength(1);
  for (const [, n] of importsPerSettlement(ws.db)) expect(n).toEqual({ versions: 1, imported: 1 });
});

it('stops when cancelled, says what it imported before, and the next import carries on without importing anything twice', async () => {
  const { ws, api, events } = setup();
  await addAmazonConnection(ws, amazon);
  amazon.faults.delayNext(100, 300, { operation: 'getReportDocument' });
  const pending = api.invoke('settlements.importNew', {}, 'c1');
  await expect.poll(() => events.some((e) => e.type === 'progress' && e.callId === 'c1' && e.phase.endsWith('Importing settlement reports') && e.done >= 2), { timeout: 10_000 }).toBe(true);
  expect(api.cancel('c1')).toBe(true);
  const cancelled = ok<ImportNew>(await pending);
  expect(cancelled.cancelled).toBe(true);
  expect(cancelled.connections[0]!.status).toBe('cancelled');
  expect(cancelled.summary).toMatch(/^Cancelled/);
  expect(cancelled.summary).toContain('The next import carries on where this one stopped.');
  const before = (ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_version').get() as { n: number }).n;
  expect(before).toBeLessThan(5);

  amazon.faults.clear();
  const rest = ok<ImportNew>(await api.invoke('settlements.importNew', {}, 'c2'));
  expect(rest.cancelled).toBe(false);
  expect(rest.imported + before).toBe(5);
  for (const [, n] of importsPerSettlement(ws.db)) expect(n).toEqual({ versions: 1, imported: 1 });
});
