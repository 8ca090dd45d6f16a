import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { ApiEvent } from '../../core/api/events';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { connectionResources } from '../../core/sync/connection-resources';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

let amazon: AmazonEmulator;
/** Friday 2026-06-19 12:00 UTC for Amazon and the workspace alike. */
const clock = syncClock();
const dir = tempDir();
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(4, 3, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
});
afterAll(async () => {
  await amazon.stop();
  dir.remove();
});

it('jobs.* saves a schedule, refuses a broken one by field, runs a job now with progress, and lists its run', async () => {
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
  await addAmazonConnection(ws, amazon);
  connectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS });
  const api = createDispatcher(ws);
  const events: ApiEvent[] = [];
  ws.events.subscribe((e) => events.push(e));

  const saved = await api.invoke('jobs.save', { name: 'Discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'weekdays', time: '06:30' }, timeZone: 'Europe/Berlin' }, 'c1');
  expect(saved).toMatchObject({ ok: true, value: { name: 'Discovery', description: 'Weekdays at 06:30 (Europe/Berlin)', enabled: true, lastRun: null, running: false } });
  const id = (saved as { value: { id: string; nextRun: string } }).value.id;
  // Saved on a Friday after 06:30 in Berlin: the next weekday 06:30 there is Monday's, 04:30 UTC in summer time.
  expect(new Date((saved as { value: { nextRun: string } }).value.nextRun).toISOString()).toBe('2026-06-22T04:30:00.000Z');

  expect(await api.invoke('jobs.save', { name: 'Bad', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'cron', expression: 'every tuesday' }, timeZone: 'UTC' }, 'c2'))
    .toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'schedule' }] } });
  expect(await api.invoke('jobs.save', { name: 'Bad', kind: 'reference-refresh', erpConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'daily', time: '25:00' }, timeZone: 'UTC' }, 'c3'))
    .toMatchObject({ ok: false, error: { code: 'invalid_input' } });

  const run = await api.invoke('jobs.runNow', { id }, 'c4');
  expect(run).toMatchObject({ ok: true, value: { status: 'succeeded', trigger: 'manual', counts: { found: 4, imported: 4 } } });
  expect(events.some((e) => e.type === 'progress' && e.callId === 'c4' && e.done === 4 && e.total === 4)).toBe(true);
  expect(events.some((e) => e.type === 'changed' && e.topic === 'settlements')).toBe(true);

  const listed = await api.invoke('jobs.list', {}, 'c5');
  expect(listed).toMatchObject({ ok: true, value: [{ id, lastRun: { status: 'succeeded' } }] });
  expect(await api.invoke('jobs.runs', { jobId: id }, 'c6')).toMatchObject({ ok: true, value: [{ jobId: id, status: 'succeeded' }] });
  expect(await api.invoke('jobs.cancel', { id }, 'c7')).toMatchObject({ ok: true, value: { cancelled: false } });
  expect(await api.invoke('jobs.remove', { id }, 'c8')).toMatchObject({ ok: true, value: { removed: true } });
  expect(await api.invoke('jobs.list', {}, 'c9')).toMatchObject({ ok: true, value: [] });
  ws.close();
});
