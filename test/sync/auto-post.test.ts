import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { reviewQueueOf, versionStatus } from '../../core/posting/settlement-status';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { addMappedBcConnection, erpDocumentsPerKey, ERP_CONNECTION_ID, usCompany } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

let amazon: AmazonEmulator;
let bc: BusinessCentralEmulator;
const dirs: ReturnType<typeof tempDir>[] = [];
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(6, 5, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
  bc = await startBusinessCentralEmulator({ seed: usCompany(), clock });
});
afterAll(async () => {
  await Promise.all([amazon.stop(), bc.stop()]);
  for (const d of dirs) d.remove();
});

it('auto-post is off by default, cannot be turned on without an approval rule, and then posts only what the rule accepts, once', async () => {
  const d = tempDir();
  dirs.push(d);
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  await addAmazonConnection(ws, amazon);
  await addMappedBcConnection(ws, bc);
  const runner = new SyncRunner(ws, { resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS }) });
  runner.jobs.save({ id: 'discovery', name: 'Discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
  runner.jobs.save({ id: 'post', name: 'Auto-post', kind: 'settlement-posting', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' }, new Date(clock.now()));
  expect((await runner.runNow('discovery')).counts).toMatchObject({ imported: 6 });
  const glBefore = bc.rows('generalLedgerEntries').length;

  // Off by default: the run says so and posts nothing.
  const off = await runner.runNow('post');
  expect(off.status).toBe('succeeded');
  expect(off.error).toMatch(/^Auto-post is off for BC US \(emulator\), so nothing was posted/);
  expect(off.counts).toEqual({ waitingForReview: 6 });

  // On only with a rule the user chose.
  const api = createDispatcher(ws);
  const refused = (await api.invoke('jobs.setAutoPost', { erpConnectionId: ERP_CONNECTION_ID, enabled: true, rule: null }, 'a')) as { ok: boolean; error?: { message: string } };
  expect(refused).toMatchObject({ ok: false, error: { message: 'Choose whose approval lets a settlement post before turning auto-post on.' } });
  const on = (await api.invoke('jobs.setAutoPost', { erpConnectionId: ERP_CONNECTION_ID, enabled: true, rule: { kind: 'approved-by-person', approvers: ['controller'] } }, 'b')) as { ok: boolean; value: unknown };
  expect(on).toMatchObject({ ok: true, value: { enabled: true, ruleText: 'settlements approved in the review queue by controller', hasPostingJob: true } });

  // Four approved by the controller, one by a clerk, one not at all.
  const q = reviewQueueOf(ws);
  const versions = (ws.db.prepare(`SELECT id, settlement_id FROM settlement_version ORDER BY settlement_id`).all() as { id: number; settlement_id: string }[]);
  versions.slice(0, 4).forEach((v) => q.approve(v.id, 'controller', null, ERP_CONNECTION_ID));
  q.approve(versions[4]!.id, 'clerk', null, ERP_CONNECTION_ID);
  const approvals = () => (ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_approval').get() as { n: number }).n;

  const first = await runner.runNow('post');
  expect(first.status, first.error ?? '').toBe('succeeded');
  // `posted` counts journal documents: a settlement across a month end is two.
  const erp = erpDocumentsPerKey(ws, bc);
  expect(new Set(erp.keys.map((k) => k.split('-')[0]))).toEqual(new Set(versions.slice(0, 4).map((v) => v.settlement_id)));
  expect(first.counts).toEqual({ approved: 4, posted: erp.keys.length, failed: 0, notPosted: 0, heldBack: 1, waitingForReview: 1 });
  expect(first.error).toMatch(/Held back: settlement 52000000004 was approved by clerk, whose approval the rule does not count/);
  expect(approvals()).toBe(5); // it never approves by itself
  expect(erp.doubled).toEqual([]);
  expect(erp.missing).toEqual([]);
  expect(new Set(versions.slice(0, 4).map((v) => versionStatus(ws.db, q, v.id).status))).toEqual(new Set(['posted']));
  expect(versionStatus(ws.db, q, versions[4]!.id).status).toBe('approved');
  const glAfter = bc.rows('generalLedgerEntries').length;
  expect(glAfter).toBeGreaterThan(glBefore);

  // A second run finds everything posted: nothing reaches the ERP again.
  const second = await runner.runNow('post');
  expect(second.counts).toMatchObject({ approved: 0, posted: 0, heldBack: 1 });
  expect(bc.rows('generalLedgerEntries').length).toBe(glAfter);

  // Anyone's approval counts now, but the commission mapping was removed after the clerk approved: the
  // journal is no longer the approved one, so the approval is withdrawn (with the rule change named), and
  // auto-post holds the settlement back instead of posting it unmapped.
  await api.invoke('jobs.setAutoPost', { erpConnectionId: ERP_CONNECTION_ID, enabled: true, rule: { kind: 'approved-by-person', approvers: [] } }, 'd');
  const removed = await api.invoke('mappings.remove', { connectionId: ERP_CONNECTION_ID, key: { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission' } }, 'e');
  expect(removed).toMatchObject({ ok: true, value: { removed: true } });
  const blocked = await runner.runNow('post');
  expect(blocked.counts).toMatchObject({ approved: 0, posted: 0, heldBack: 1 });
  expect(blocked.error).toMatch(/Held back: settlement 52000000004: the approval by clerk was withdrawn\. The journal changed since it was approved: rule 'ItemFees \/ Commission' removed by \S+ at [-0-9: ]+ UTC \(it posted to account 8410\)/);
  expect(versionStatus(ws.db, q, versions[4]!.id)).toMatchObject({ approval: null, withdrawal: { approvedBy: 'clerk', reason: expect.stringContaining("rule 'ItemFees / Commission' removed") } });
  expect(bc.rows('generalLedgerEntries').length).toBe(glAfter);

  // Turned off again: the clerk's settlement stays unposted even once the rule would count it.
  await api.invoke('mappings.save', { connectionId: ERP_CONNECTION_ID, entry: { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission', target: '8410' } }, 'f');
  await api.invoke('jobs.setAutoPost', { erpConnectionId: ERP_CONNECTION_ID, enabled: false, rule: { kind: 'approved-by-person', approvers: [] } }, 'c');
  expect((await runner.runNow('post')).error).toMatch(/Auto-post is off/);
  expect(bc.rows('generalLedgerEntries').length).toBe(glAfter);
  ws.close();
});
