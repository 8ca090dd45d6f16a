import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { clockStartingAt } from '../../core/clock/clock';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { PostingOutbox } from '../../core/posting/outbox';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { AutoPostPolicies } from '../../core/sync/auto-post-policy';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, settlementSeller } from './discovery-fixture';
import { addMappedBcConnection, approveAll, ERP_CONNECTION_ID, usCompany } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

const SECOND = 'bc-second';
/**
 * Early in a month, on one clock for the workspace and the three systems: the newer settlement runs across
 * the month's start and posts as two documents, so the first company's outage leaves one failed and one not reached.
 */
const clock = clockStartingAt(Date.parse('2026-06-05T12:00:00Z'));
let amazon: AmazonEmulator;
let first: BusinessCentralEmulator;
let second: BusinessCentralEmulator;
const dirs: ReturnType<typeof tempDir>[] = [];
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(2, 5, clock.now()).seller], usagePlans: FAST_PLANS, clock });
  first = await startBusinessCentralEmulator({ seed: usCompany(), clock });
  second = await startBusinessCentralEmulator({ seed: { ...usCompany(), companyName: 'CRONUS USA Second, Inc.' }, clock });
});
afterAll(async () => {
  await Promise.all([amazon.stop(), first.stop(), second.stop()]);
  for (const d of dirs) d.remove();
});

it("auto-post to a second ERP connection never posts what the outbox holds for the first, and the first posts it once when it is back", async () => {
  const d = tempDir();
  dirs.push(d);
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  await addAmazonConnection(ws, amazon);
  await addMappedBcConnection(ws, first);
  await addMappedBcConnection(ws, second, { id: SECOND, name: 'BC second company (emulator)' });
  const runner = new SyncRunner(ws, { resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS }) });
  runner.jobs.save({ id: 'discovery', name: 'Discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
  runner.jobs.save({ id: 'post-first', name: 'Auto-post first', kind: 'settlement-posting', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' }, new Date(clock.now()));
  runner.jobs.save({ id: 'post-second', name: 'Auto-post second', kind: 'settlement-posting', erpConnectionId: SECOND, schedule: { preset: 'hourly', minute: 40 }, timeZone: 'UTC' }, new Date(clock.now()));
  expect((await runner.runNow('discovery')).counts).toMatchObject({ imported: 2 });

  // Approved for the first company and posted there by hand while it cannot take journals: the documents
  // stay in the outbox for it, failed (to be tried again) or not reached.
  expect(approveAll(ws)).toBe(0);
  first.faults.failNext(1000, 503, { path: /^POST/ });
  const api = createDispatcher(ws);
  const versions = ws.db.prepare(`SELECT id FROM settlement_version WHERE status = 'current' ORDER BY id`).all() as { id: number }[];
  for (const v of versions) {
    const r = (await api.invoke('posting.post', { versionId: v.id, connectionId: ERP_CONNECTION_ID }, `post-${v.id}`)) as { ok: boolean; error?: { message: string } };
    expect(r.ok, r.error?.message).toBe(true);
  }
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const held = outbox.list();
  expect(held.length).toBeGreaterThanOrEqual(2);
  const waiting = held.map((e) => [e.connectionId, e.state === 'failed' && e.retryable ? 'failed, to retry' : e.state]);
  expect(new Set(waiting.map(String))).toEqual(new Set([`${ERP_CONNECTION_ID},failed, to retry`, `${ERP_CONNECTION_ID},pending`]));

  // Auto-post is on for the second company with a rule the approvals satisfy. Its run must not send the
  // first company's documents (its accounts, its approval) to the second company.
  new AutoPostPolicies(ws.db, ws.audit).set(SECOND, { enabled: true, rule: { kind: 'approved-by-person', approvers: [] } }, 'owner');
  const other = await runner.runNow('post-second');
  expect(other.status, other.error ?? '').toBe('succeeded');
  expect(other.counts).toMatchObject({ approved: 0, posted: 0 });
  expect(second.rows('journals')).toEqual([]);
  expect(second.rows('generalLedgerEntries')).toEqual([]);
  expect(outbox.list().map((e) => [e.connectionId, e.state])).toEqual(held.map((e) => [ERP_CONNECTION_ID, e.state]));

  // Posting a settlement the outbox holds for the first company to the second by hand is refused, saying where it is.
  const elsewhere = (await api.invoke('posting.post', { versionId: versions[0]!.id, connectionId: SECOND }, 'cross')) as { ok: boolean; error?: { message: string } };
  expect(elsewhere.ok).toBe(false);
  expect(elsewhere.error?.message).toMatch(/already in the posting outbox for BC US \(emulator\) .*posting it to BC second company \(emulator\) too would book it twice/);
  expect(second.rows('journals')).toEqual([]);

  // The first company is back: its own auto-post posts them there, once.
  first.faults.clear();
  new AutoPostPolicies(ws.db, ws.audit).set(ERP_CONNECTION_ID, { enabled: true, rule: { kind: 'approved-by-person', approvers: [] } }, 'owner');
  const own = await runner.runNow('post-first');
  expect(own.status, own.error ?? '').toBe('succeeded');
  expect(own.counts).toMatchObject({ approved: 2, posted: held.length, failed: 0 });
  expect(outbox.list().map((e) => e.state)).toEqual(held.map(() => 'posted'));
  expect(second.rows('generalLedgerEntries')).toEqual([]);
  ws.close();
});
