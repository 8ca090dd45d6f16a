import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { PostingOutbox } from '../../core/posting/outbox';
import { reviewQueueOf, versionStatuses } from '../../core/posting/settlement-status';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { ConnectionResources } from '../../core/sync/connection-resources';
import type { RunRecord } from '../../core/sync/job-store';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, importsPerSettlement, settlementSeller, expiringDocumentFetch, SYNC_START, syncClock } from './discovery-fixture';
import { addMappedBcConnection, approveAll, autoPostOn, erpDocumentsPerKey, ERP_CONNECTION_ID, usCompany } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

/**
 * Each fault against a whole pass of the sync engine: discovery imports from the Amazon emulator, the
 * controller approves what the review queue lets through, auto-post posts to the Business Central emulator.
 * The first pass meets the fault; it completes or stops with its reason recorded. The second pass, without
 * it, completes. Then every settlement is imported once, posted, and in the ERP exactly once.
 */

const REPORTS = 5;
const NEW_TYPE = { transactionType: 'ShopFeeProgram', amountType: 'other-transaction', amountDescription: 'Brand Boost Fee' };
let plain: AmazonEmulator;
let newType: AmazonEmulator;
let plainIds: string[];
let newTypeIds: string[];
const cleanups: Array<() => Promise<void> | void> = [];
/** Amazon, Business Central and the workspaces on one pinned clock: which settlements cross a month end is fixed. */
const clock = syncClock();

beforeAll(async () => {
  const a = settlementSeller(REPORTS, 4, SYNC_START);
  plainIds = a.settlementIds;
  plain = await startAmazonEmulator({ sellers: [a.seller], usagePlans: FAST_PLANS, clock });
  // Settlement 2 carries a transaction type no catalog knows (a program Amazon started last week).
  const b = settlementSeller(REPORTS, 4, SYNC_START, (i, orderId, postedAt) =>
    i === 2 ? [{ ...NEW_TYPE, orderId: '', marketplaceName: 'Amazon.com', amount: '-4.99', postedAt }] : [],
  );
  newTypeIds = b.settlementIds;
  newType = await startAmazonEmulator({ sellers: [b.seller], usagePlans: FAST_PLANS, clock });
});
afterAll(async () => {
  await Promise.all([plain.stop(), newType.stop()]);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Pass { discovery: RunRecord; refused: number; posting: RunRecord }
interface Setup {
  ws: Workspace; bc: BusinessCentralEmulator; amazon: AmazonEmulator; ids: string[];
  pass(): Promise<Pass>;
  /** Expire the next n presigned document links the moment they are handed over. */
  expireNextUrls(n: number): void;
  /** Call fn once the given run phase reports progress number `at`. */
  when(phase: RegExp, at: number, fn: () => void): void;
}

async function setup(amazon: AmazonEmulator, ids: string[]): Promise<Setup> {
  amazon.faults.clear();
  const bc = await startBusinessCentralEmulator({ seed: usCompany(), latencyMs: 1, clock });
  cleanups.push(() => bc.stop());
  const d = tempDir();
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  cleanups.push(() => { ws.close(); d.remove(); });
  await addAmazonConnection(ws, amazon);
  await addMappedBcConnection(ws, bc);
  autoPostOn(ws);
  const expiring = expiringDocumentFetch(amazon);
  const resources = new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS, fetch: expiring.fetch, requestTimeoutMs: 300, erpBackoff: { baseMs: 5, capMs: 40, maxAttempts: 6 } });
  const runner = new SyncRunner(ws, { resources });
  runner.jobs.save({ id: 'discovery', name: 'Discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
  runner.jobs.save({ id: 'post', name: 'Auto-post', kind: 'settlement-posting', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' }, new Date(clock.now()));
  return {
    ws, bc, amazon, ids,
    async pass() {
      const discovery = await runner.runNow('discovery');
      const refused = approveAll(ws);
      const posting = await runner.runNow('post');
      return { discovery, refused, posting };
    },
    expireNextUrls: expiring.expireNextUrls,
    when(phase, at, fn) {
      let fired = false;
      const off = ws.events.subscribe((e) => {
        if (!fired && e.type === 'progress' && phase.test(e.phase) && e.done >= at) {
          fired = true;
          fn();
          off();
        }
      });
      cleanups.push(off);
    },
  };
}

/**
 * What the posting outbox holds: journal documents, and the settlements they belong to. A settlement
 * across a month end is two documents, so the run's `posted` (documents) is checked against this.
 */
function outboxHolds(t: Setup): { documents: number; settlements: number } {
  const entries = new PostingOutbox(t.ws.db, t.ws.audit).list();
  return { documents: entries.length, settlements: new Set(entries.map((e) => e.settlementId)).size };
}

/** A run either completed or stopped with its reason on record, in words. */
function completedOrExplained(r: RunRecord, reason?: RegExp): void {
  expect(['succeeded', 'failed']).toContain(r.status);
  if (r.status === 'failed') {
    expect(r.error, 'a failed run says why').toBeTruthy();
    if (reason) expect(r.error).toMatch(reason);
  }
}

function nothingLostNothingTwice(t: Setup): void {
  const per = importsPerSettlement(t.ws.db);
  expect([...per.keys()].sort()).toEqual([...t.ids].sort());
  for (const [id, n] of per) expect(n, `settlement ${id}`).toEqual({ versions: 1, imported: 1 });
  const q = reviewQueueOf(t.ws);
  const current = versionStatuses(t.ws.db, q).filter((s) => s.current);
  expect(current.map((s) => s.settlementId).sort()).toEqual([...t.ids].sort());
  expect(current.filter((s) => s.status !== 'posted').map((s) => `${s.settlementId} is ${s.status}`), 'every settlement posted').toEqual([]);
  const erp = erpDocumentsPerKey(t.ws, t.bc);
  expect(erp.doubled, 'no ERP document twice').toEqual([]);
  expect(erp.missing, 'every posted document is in the ERP').toEqual([]);
  expect(erp.strangers, 'nothing in the ERP the outbox does not know').toEqual([]);
  expect(new Set(erp.keys.map((k) => k.split('-')[0])).size).toBe(t.ids.length);
  const journals = t.bc.rows('journals').length;
  expect(journals).toBeGreaterThanOrEqual(1);
}

async function secondPassCompletes(t: Setup): Promise<Pass> {
  t.amazon.faults.clear();
  t.bc.faults.clear();
  t.expireNextUrls(0);
  const second = await t.pass();
  expect(second.discovery.status, second.discovery.error ?? '').toBe('succeeded');
  expect(second.refused).toBe(0);
  expect(second.posting.status, second.posting.error ?? '').toBe('succeeded');
  nothingLostNothingTwice(t);
  return second;
}

describe('faults on the Amazon side', () => {
  it('a 429 storm longer than the retries stops discovery with the reason; the next pass imports and posts everything once', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Importing/, 2, () => plain.faults.throttle(40, { operation: 'getReportDocument' }));
    const first = await t.pass();
    expect(first.discovery.status).toBe('failed');
    expect(first.discovery.error).toMatch(/Amazon kept throttling getReportDocument \(429 QuotaExceeded\).*2 of 5 settlement reports were imported before it stopped; the next run carries on/);
    completedOrExplained(first.posting);
    const afterFirst = outboxHolds(t);
    expect(afterFirst.settlements).toBe(2);
    expect(first.posting.counts).toMatchObject({ posted: afterFirst.documents });
    const second = await secondPassCompletes(t);
    expect(second.discovery.counts).toMatchObject({ imported: 3, alreadyHandled: 2 });
    expect(outboxHolds(t).settlements).toBe(REPORTS);
    expect(second.posting.counts).toMatchObject({ posted: outboxHolds(t).documents - afterFirst.documents });
  });

  it('500 and 503 bursts are ridden out inside the run', async () => {
    const t = await setup(plain, plainIds);
    plain.faults.failNext(2, 503, { operation: 'getReports' }).failNext(2, 500, { operation: 'getReportDocument' });
    const first = await t.pass();
    expect(first.discovery.status, first.discovery.error ?? '').toBe('succeeded');
    expect(outboxHolds(t).settlements).toBe(REPORTS);
    expect(first.posting.counts).toMatchObject({ posted: outboxHolds(t).documents });
    await secondPassCompletes(t);
  });

  it('dropped connections are retried', async () => {
    const t = await setup(plain, plainIds);
    plain.faults.dropNext(2, { operation: 'getReportDocument' });
    const first = await t.pass();
    completedOrExplained(first.discovery, /connection|network|reach/i);
    await secondPassCompletes(t);
    expect(plain.stats.documentDownloads).toBeGreaterThan(0);
  });

  it('answers slower than the request timeout are given up and asked again', async () => {
    const t = await setup(plain, plainIds);
    plain.faults.delayNext(2, 900, { operation: 'getReportDocument' });
    const first = await t.pass();
    completedOrExplained(first.discovery, /time|slow|answer/i);
    await secondPassCompletes(t);
  });

  it('an access token that expires mid-run is renewed and the run goes on', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Importing/, 2, () => plain.faults.expireTokens());
    const first = await t.pass();
    expect(first.discovery.status, first.discovery.error ?? '').toBe('succeeded');
    expect(outboxHolds(t).settlements).toBe(REPORTS);
    expect(first.posting.counts).toMatchObject({ posted: outboxHolds(t).documents });
    await secondPassCompletes(t);
  });

  it('a report document whose link expired is asked for again; links that keep expiring stop the run and the next pass finishes', async () => {
    const t = await setup(plain, plainIds);
    t.expireNextUrls(3);
    const first = await t.pass();
    expect(first.discovery.status).toBe('failed');
    expect(first.discovery.error).toMatch(/kept expiring before it could be used/);
    await secondPassCompletes(t);
  });

  it('a settlement with a new transaction type waits for review; the rest post; once mapped and approved it posts too', async () => {
    const t = await setup(newType, newTypeIds);
    const first = await t.pass();
    expect(first.discovery.status, first.discovery.error ?? '').toBe('succeeded');
    expect(first.discovery.counts).toMatchObject({ imported: REPORTS, unreadable: 0 });
    expect(first.refused).toBe(1);
    expect(first.posting.status).toBe('succeeded');
    const afterFirst = outboxHolds(t);
    expect(afterFirst.settlements).toBe(REPORTS - 1);
    expect(first.posting.counts).toMatchObject({ posted: afterFirst.documents, waitingForReview: 1 });
    const q = reviewQueueOf(t.ws);
    const items = q.list({ settlementId: newTypeIds[2]!, state: 'open' });
    expect(items.map((i) => i.kind)).toContain('unknown-type');
    // The accountant maps the new type to an account; the next pass approves and posts it.
    const api = createDispatcher(t.ws);
    const saved = await api.invoke('mappings.save', { connectionId: ERP_CONNECTION_ID, entry: { kind: 'fee', ...NEW_TYPE, target: '8430' } }, 'm');
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    const second = await secondPassCompletes(t);
    expect(second.posting.counts).toMatchObject({ posted: outboxHolds(t).documents - afterFirst.documents, waitingForReview: 0 });
  });
});

describe('faults on the Business Central side', () => {
  it('a 429 storm longer than the retries stops posting with the reason; the next pass posts the rest, nothing twice', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Posting to/, 2, () => t.bc.faults.failNext(60, 429, { path: /^POST / }));
    const first = await t.pass();
    expect(first.discovery.status).toBe('succeeded');
    expect(first.posting.status).toBe('failed');
    expect(first.posting.error).toMatch(/^Posting to BC US \(emulator\) stopped: .*(429|throttl|too many).*2 documents posted; the rest wait for the next run/i);
    const second = await secondPassCompletes(t);
    expect(second.posting.counts).toMatchObject({ posted: outboxHolds(t).documents - 2, failed: 0 });
  });

  it('500 and 503 bursts are ridden out inside the posting run', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Posting to/, 1, () => { t.bc.faults.failNext(2, 503); t.bc.faults.failNext(1, 500); });
    const first = await t.pass();
    completedOrExplained(first.posting);
    await secondPassCompletes(t);
  });

  it('dropped connections, one after the ERP had already posted the journal, leave no journal twice', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Posting to/, 1, () => { t.bc.faults.dropNext(2); t.bc.faults.dropAfterProcessing(1, { path: /Microsoft\.NAV\.post/ }); });
    const first = await t.pass();
    completedOrExplained(first.posting, /connection|network|reach|posted/i);
    await secondPassCompletes(t);
  });

  it('slow answers only slow the run down', async () => {
    const t = await setup(plain, plainIds);
    t.bc.faults.delayNext(6, 120);
    const first = await t.pass();
    expect(first.posting.status, first.posting.error ?? '').toBe('succeeded');
    await secondPassCompletes(t);
  });

  it('tokens that expire mid-run are renewed and posting goes on', async () => {
    const t = await setup(plain, plainIds);
    t.when(/Posting to/, 2, () => t.bc.faults.expireTokens());
    const first = await t.pass();
    expect(first.posting.status, first.posting.error ?? '').toBe('succeeded');
    expect(outboxHolds(t).settlements).toBe(REPORTS);
    expect(first.posting.counts).toMatchObject({ posted: outboxHolds(t).documents });
    await secondPassCompletes(t);
  });
});
