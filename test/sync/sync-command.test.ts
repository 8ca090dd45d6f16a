import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { JobStore } from '../../core/sync/job-store';
import { syncCommand } from '../../core/sync/sync-command';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_PLANS, importsPerSettlement, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

let amazon: AmazonEmulator;
/** Amazon, the workspace and the command on one pinned clock. */
const clock = syncClock();
const dirs: ReturnType<typeof tempDir>[] = [];
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(5, 4, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
});
afterAll(async () => {
  await amazon.stop();
  for (const d of dirs) d.remove();
});

async function workspaceWithJob(): Promise<{ dir: string; credentials: MemoryCredentials }> {
  const d = tempDir();
  dirs.push(d);
  const credentials = new MemoryCredentials();
  const ws = openWorkspace(d.dir, { credentials, clock });
  await addAmazonConnection(ws, amazon);
  // Created two hours ago with an hourly schedule: a slot has passed, so the job is due.
  new JobStore(ws.db).save({ id: 'discovery', name: 'Settlement discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'Europe/Berlin' }, new Date(clock.now() - 2 * 3_600_000));
  ws.close();
  return { dir: d.dir, credentials };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

it('sync --once runs the due job, says what it did, and a second --once finds nothing due', async () => {
  const { dir, credentials } = await workspaceWithJob();
  const a = io();
  expect(await syncCommand(['--workspace', dir, '--once'], a.io, { defaultWorkspace: '/nonexistent', credentials, clock })).toBe(0);
  expect(a.out.join('\n')).toMatch(/^Settlement discovery: succeeded \(catch-up for the missed slot .+\) — found 5, imported 5, newVersions 0, unchanged 0, unreadable 0, alreadyHandled 0$/);
  const b = io();
  expect(await syncCommand(['--workspace', dir], b.io, { defaultWorkspace: '/nonexistent', credentials, clock })).toBe(0);
  expect(b.out.join('\n')).toMatch(/^Nothing is due\. Next run due /);
  const c = io();
  expect(await syncCommand(['--workspace', dir, '--list'], c.io, { defaultWorkspace: '/nonexistent', credentials, clock })).toBe(0);
  expect(c.out.join('\n')).toMatch(/^Settlement discovery \(settlement-discovery, Every hour at :00 \(Europe\/Berlin\)\): last run .+ succeeded$/);
  const ws = openWorkspace(dir, { credentials, clock });
  expect([...importsPerSettlement(ws.db).values()].every((n) => n.versions === 1 && n.imported === 1)).toBe(true);
  ws.close();
});

it('sync exits 1 with the reason in plain words when a run fails, and refuses conflicting flags', async () => {
  const { dir } = await workspaceWithJob();
  const a = io();
  // No secrets in this credential store: the connection cannot log in.
  expect(await syncCommand(['--workspace', dir, '--once'], a.io, { defaultWorkspace: '/nonexistent', credentials: new MemoryCredentials(), clock })).toBe(1);
  expect(a.out.join('\n')).toMatch(/Settlement discovery: failed .*\n  Amazon \(emulator\) has no LWA client secret in the keychain\. Edit the connection and enter it\. The next run carries on/);
  const b = io();
  expect(await syncCommand(['--workspace', dir, '--once', '--watch'], b.io, { defaultWorkspace: dir, credentials: new MemoryCredentials(), clock })).toBe(2);
  expect(b.err.join('\n')).toMatch(/Choose one of --once, --watch and --list/);
});

it('sync --watch runs what is due and stops when told', async () => {
  const { dir, credentials } = await workspaceWithJob();
  const a = io();
  const controller = new AbortController();
  const watching = syncCommand(['--workspace', dir, '--watch'], { ...a.io, out: (t) => { a.out.push(t); if (t.includes('succeeded')) controller.abort(); } }, { defaultWorkspace: dir, credentials, signal: controller.signal, clock });
  expect(await watching).toBe(0);
  expect(a.out[0]).toMatch(/^Watching 1 sync job\(s\) in .+ Ctrl\+C stops\.$/);
  expect(a.out[1]).toMatch(/^Settlement discovery: succeeded/);
});
