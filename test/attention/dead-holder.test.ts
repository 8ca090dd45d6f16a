import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore, RecordLocks } from '../../core/attention';
import { openDatabase, type Db } from '../../core/store';
import { bundleChild } from '../support/bundle-child';
import { tempDir } from '../support/temp-workspace';

const NOW = Date.parse('2026-07-01T09:00:00Z');
let dir: ReturnType<typeof tempDir>;
let childScript: string;
let db: Db;

beforeAll(() => {
  dir = tempDir();
  childScript = join(dir.dir, 'holder-child.cjs');
  bundleChild(resolve(__dirname, 'holder-child.ts'), childScript);
  db = openDatabase(join(dir.dir, 'ws.sqlite'));
});
afterAll(() => {
  db.close();
  dir.remove();
});

/** Starts the holder child on the parent's clock; resolves once it holds the claim and the record lock. */
function holder(id: number, key: string): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [childScript], {
      env: { ...process.env, NODE_PATH: resolve(__dirname, '../../node_modules'), MLC_DB: join(dir.dir, 'ws.sqlite'), MLC_NOW: String(NOW), MLC_ID: String(id), MLC_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().startsWith('holding')) done(child); });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`the holder child ended (${code}) before holding: ${stderr}`)));
  });
}

const killed = (child: ChildProcess): Promise<void> => new Promise((done) => { child.on('exit', () => done()); child.kill('SIGKILL'); });

it('a retry held by a live process elsewhere waits; once that process is killed, the record is retried at once, not 10 minutes later', async () => {
  const store = new DeadLetterStore(db, () => new Date(NOW));
  const flows = new AttentionFlows(store);
  const ran: string[] = [];
  flows.register({ flow: 'orders', label: 'Amazon orders', retry: async (l) => { ran.push(l.recordKey); return { ok: true }; } });
  const locks = new RecordLocks(db, () => NOW);
  const { id } = store.hold({ flow: 'orders', recordKey: '111-0000007', summary: 'Order 111-0000007', error: 'The item "MUG-X" does not exist.', fix: 'Map SKU MUG-X.' });

  const child = await holder(id, '111-0000007');
  expect(await flows.retry(id, 'controller')).toEqual({ id, outcome: 'busy' });
  const locked = await locks.with('orders', '111-0000007', 'a scheduled run', async () => 'sent');
  expect(locked).toMatchObject({ ran: false, holder: { holder: 'the child process', pid: child.pid } });
  expect(ran).toEqual([]);

  await killed(child);
  // The clock has not moved: only the holder's death frees the record.
  expect(await locks.with('orders', '111-0000007', 'a scheduled run', async () => 'sent')).toEqual({ ran: true, value: 'sent' });
  expect(await flows.retry(id, 'controller')).toEqual({ id, outcome: 'resolved' });
  expect(ran).toEqual(['111-0000007']);
  expect(store.get(id)).toMatchObject({ state: 'resolved', attempts: 1 });
});
