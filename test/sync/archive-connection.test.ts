import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock/clock';
import type { Dispatcher } from '../../core/api/dispatch';
import { createDispatcher } from '../../core/api/handlers';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { workspaceRunner } from '../../core/sync/workspace-runner';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addMappedBcConnection, ERP_CONNECTION_ID, usCompany } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

const HOUR = 3_600_000;

/** A clock the test moves: jobs come due when it says so. */
function manualClock(start: number): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: () => Promise.resolve(),
    advance: (ms) => {
      t += ms;
    },
  };
}

let bc: BusinessCentralEmulator;
let dir: ReturnType<typeof tempDir>;
let ws: Workspace;
let api: Dispatcher;
let clock: ReturnType<typeof manualClock>;
let n = 0;

async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await api.invoke(name, input, `c${n++}`);
  expect(r, name).toMatchObject({ ok: true });
  return (r as { value: T }).value;
}
const failure = async (name: string, input: unknown) => (await api.invoke(name, input, `c${n++}`)) as { ok: false; error: { code: string; message: string } };
const auditCount = (operation: string) => (ws.db.prepare('SELECT COUNT(*) AS n FROM audit_event WHERE operation = ?').get(operation) as { n: number }).n;

beforeAll(async () => {
  bc = await startBusinessCentralEmulator({ seed: usCompany() });
  dir = tempDir();
  clock = manualClock(Date.parse('2026-06-15T08:00:00Z'));
  ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
  await addMappedBcConnection(ws, bc);
  api = createDispatcher(ws);
}, 60_000);
afterAll(async () => {
  ws?.close();
  await bc?.stop();
  dir?.remove();
});

describe('removing a connection archives it', () => {
  it('keeps its rules, jobs and runs, never runs its jobs meanwhile, audits each rule, and restores all of it', async () => {
    const job = await ok<{ id: string }>('jobs.save', { name: 'BC reference', kind: 'reference-refresh', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' });
    await ok('jobs.runNow', { id: job.id });
    const rules = await ok<unknown[]>('mappings.list', { connectionId: ERP_CONNECTION_ID });
    const runs = await ok<unknown[]>('jobs.runs', { jobId: job.id });
    expect(rules).toHaveLength(5);
    expect(runs).toHaveLength(1);

    expect(await ok('connections.delete', { id: ERP_CONNECTION_ID })).toEqual({ archived: true });
    expect(await ok('connections.list', {})).toEqual([]);
    expect(await ok('connections.archived', {})).toMatchObject([{ id: ERP_CONNECTION_ID, name: 'BC US (emulator)', kind: 'business-central', rules: 5, jobs: 1, archivedBy: ws.osUser }]);
    // Each rule that stopped applying is in the audit log, besides the archive itself.
    expect(auditCount('mapping.archived')).toBe(5);
    expect(auditCount('connection.archive')).toBe(1);
    // Its secret left the keychain; its rules and runs did not leave the database.
    expect(await ws.credentials.get(ERP_CONNECTION_ID, 'clientSecret')).toBeNull();
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM mapping_rule WHERE connection_id = ?').get(ERP_CONNECTION_ID)).toEqual({ n: 5 });

    // Its job is hidden and never runs: not when due, not on demand; nothing maps or posts through the connection.
    expect(await ok('jobs.list', {})).toEqual([]);
    clock.advance(3 * HOUR);
    expect(await workspaceRunner(ws).tick()).toEqual([]);
    expect(await failure('jobs.runNow', { id: job.id })).toMatchObject({ ok: false });
    expect(await failure('mappings.save', { connectionId: ERP_CONNECTION_ID, entry: { kind: 'account', subject: 'reserve', target: '2930' } })).toMatchObject({ ok: false });
    expect(await failure('jobs.restore', { id: job.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok<unknown[]>('jobs.runs', { jobId: job.id })).toEqual(runs);

    const restored = await ok<{ id: string; secretsSet: Record<string, boolean> }>('connections.restore', { id: ERP_CONNECTION_ID });
    expect(restored).toMatchObject({ id: ERP_CONNECTION_ID, secretsSet: { clientSecret: false } });
    expect(await ok('connections.archived', {})).toEqual([]);
    expect(auditCount('mapping.restored')).toBe(5);
    expect(await ok('mappings.list', { connectionId: ERP_CONNECTION_ID })).toEqual(rules);
    expect(await ok<unknown[]>('jobs.runs', { jobId: job.id })).toEqual(runs);
    expect(await ok('jobs.list', {})).toMatchObject([{ id: job.id, name: 'BC reference' }]);
    expect(await failure('connections.restore', { id: ERP_CONNECTION_ID })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // With its secret entered again, the job is due and runs.
    await ws.credentials.set(ERP_CONNECTION_ID, 'clientSecret', bc.clientSecret);
    expect((await workspaceRunner(ws).tick()).map((r) => [r.jobId, r.status])).toEqual([[job.id, 'succeeded']]);
  }, 60_000);
});

describe('removing a sync job archives it', () => {
  it('keeps its run history, never runs it, and restores it; a job of an archived connection waits for the connection', async () => {
    const job = await ok<{ id: string }>('jobs.save', { name: 'BC hourly', kind: 'reference-refresh', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' });
    await ok('jobs.runNow', { id: job.id });
    const runs = await ok<Array<{ id: number }>>('jobs.runs', { jobId: job.id });
    expect(runs).toHaveLength(1);

    expect(await ok('jobs.remove', { id: job.id })).toEqual({ removed: true });
    expect((await ok<Array<{ id: string }>>('jobs.list', {})).map((j) => j.id)).not.toContain(job.id);
    expect(await ok('jobs.archived', {})).toMatchObject([{ id: job.id, name: 'BC hourly', nextRun: null }]);
    clock.advance(2 * HOUR);
    expect((await workspaceRunner(ws).tick()).map((r) => r.jobId)).not.toContain(job.id);
    expect(await ok('jobs.runs', { jobId: job.id })).toEqual(runs);
    expect(auditCount('sync.job-archived')).toBe(1);

    await ok('connections.delete', { id: ERP_CONNECTION_ID });
    const refused = await failure('jobs.restore', { id: job.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(refused.error.message).toBe('Sync job "BC hourly" works with connection "BC US (emulator)", which is archived: restore the connection first.');
    await ok('connections.restore', { id: ERP_CONNECTION_ID });

    expect(await ok('jobs.restore', { id: job.id })).toMatchObject({ id: job.id, name: 'BC hourly' });
    expect(await ok('jobs.runs', { jobId: job.id })).toEqual(runs);
    expect(await ok('jobs.archived', {})).toEqual([]);
    expect(auditCount('sync.job-restored')).toBe(1);
  }, 60_000);
});
