import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import type { ApiEvent } from '../../core/api/events';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, importsPerSettlement, settlementSeller, expiringDocumentFetch, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

const REPORTS = 12;
let amazon: AmazonEmulator;
let settlementIds: string[];
const dirs: ReturnType<typeof tempDir>[] = [];

beforeAll(async () => {
  const seeded = settlementSeller(REPORTS, 20, SYNC_START);
  settlementIds = seeded.settlementIds;
  amazon = await startAmazonEmulator({ sellers: [seeded.seller], usagePlans: FAST_PLANS, clock });
});
afterAll(async () => {
  await amazon.stop();
  for (const d of dirs) d.remove();
});

interface Setup { ws: Workspace; runner: SyncRunner; events: ApiEvent[]; expireNextUrls: (n: number) => void }

async function setup(): Promise<Setup> {
  amazon.faults.clear();
  const dir = tempDir();
  dirs.push(dir);
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
  await addAmazonConnection(ws, amazon);
  const expiring = expiringDocumentFetch(amazon);
  const resources = new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS, fetch: expiring.fetch });
  const runner = new SyncRunner(ws, { resources });
  runner.jobs.save({ id: 'discovery', name: 'Settlement discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
  const events: ApiEvent[] = [];
  ws.events.subscribe((e) => events.push(e));
  return { ws, runner, events, expireNextUrls: expiring.expireNextUrls };
}

function expectEachSettlementOnce(ws: Workspace): void {
  const per = importsPerSettlement(ws.db);
  expect([...per.keys()].sort()).toEqual([...settlementIds].sort());
  for (const [id, n] of per) expect(n, id).toEqual({ versions: 1, imported: 1 });
  const ledger = ws.db.prepare(`SELECT state, COUNT(*) AS n FROM sync_settlement_report GROUP BY state`).all();
  expect(ledger).toEqual([{ state: 'done', n: REPORTS }]);
}

describe('settlement discovery against the Amazon emulator', () => {
  it('imports every settlement report once, reports progress on the event bus, and a second run downloads nothing', async () => {
    const { ws, runner, events } = await setup();
    const t0 = performance.now();
    const run = await runner.runNow('discovery');
    const ms = performance.now() - t0;
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.counts).toEqual({ found: REPORTS, imported: REPORTS, newVersions: 0, unchanged: 0, unreadable: 0, alreadyHandled: 0 });
    expectEachSettlementOnce(ws);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(REPORTS);
    expect(progress.at(-1)).toMatchObject({ callId: `sync-run:${run.id}`, done: REPORTS, total: REPORTS });
    expect(events.filter((e) => e.type === 'changed' && e.topic === 'jobs')).toHaveLength(2);
    const downloads = amazon.stats.documentDownloads;
    const again = await runner.runNow('discovery');
    expect(again.counts).toMatchObject({ found: REPORTS, imported: 0, alreadyHandled: REPORTS });
    expect(amazon.stats.documentDownloads).toBe(downloads);
    console.log(`discovery of ${REPORTS} reports: ${ms.toFixed(0)} ms`);
    ws.close();
  });

  it('a 429 storm longer than the retries stops the run with the reason; the next run finishes, nothing lost or doubled', async () => {
    const { ws, runner } = await setup();
    // Four reports in, Amazon throttles getReportDocument for longer than the client retries.
    let calls = 0;
    const unsubscribe = ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.current && ++calls === 5) amazon.faults.throttle(20, { operation: 'getReportDocument' });
    });
    const first = await runner.runNow('discovery');
    unsubscribe();
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/Amazon kept throttling getReportDocument \(429 QuotaExceeded\).*4 of 12 settlement reports were imported before it stopped; the next run carries on/);
    expect(first.counts).toMatchObject({ found: REPORTS, imported: 4 });
    amazon.faults.clear();
    const second = await runner.runNow('discovery');
    expect(second.status, second.error ?? '').toBe('succeeded');
    expect(second.counts).toMatchObject({ imported: REPORTS - 4, alreadyHandled: 4 });
    expectEachSettlementOnce(ws);
    ws.close();
  });

  it('a shorter 429 storm and a 503 burst are ridden out inside one run', async () => {
    const { ws, runner } = await setup();
    amazon.faults.failNext(2, 503, { operation: 'getReports' }).throttle(2, { operation: 'getReportDocument' }).failNext(1, 503, { operation: 'getReportDocument' });
    const run = await runner.runNow('discovery');
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.counts).toMatchObject({ found: REPORTS, imported: REPORTS });
    expectEachSettlementOnce(ws);
    const audited = ws.db.prepare(`SELECT status, COUNT(*) AS n FROM audit_event WHERE system = 'amazon' AND status IN ('429', '503') GROUP BY status ORDER BY status`).all();
    expect(audited).toEqual([{ status: '429', n: 2 }, { status: '503', n: 3 }]);
    ws.close();
  });

  it('an expired document link is asked for again; links that keep expiring stop the run, and the next run completes', async () => {
    const { ws, runner, expireNextUrls } = await setup();
    expireNextUrls(1);
    const ok = await runner.runNow('discovery');
    expect(ok.status, ok.error ?? '').toBe('succeeded');
    expect(ws.db.prepare(`SELECT COUNT(*) AS n FROM audit_event WHERE operation = 'reportDocument.download' AND status = '403'`).get()).toEqual({ n: 1 });
    expectEachSettlementOnce(ws);
    ws.close();

    const second = await setup();
    second.expireNextUrls(3); // the first report's link expires three times: more than the two new links a download asks for
    const stopped = await second.runner.runNow('discovery');
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toMatch(/kept expiring before it could be used \(3 links tried\).*0 of 12 settlement reports were imported/);
    const done = await second.runner.runNow('discovery');
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.counts).toMatchObject({ imported: REPORTS });
    expectEachSettlementOnce(second.ws);
    second.ws.close();
  });
});
