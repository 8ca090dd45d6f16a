import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { describeDiskError } from '../../core/store/disk-errors';
import { openWorkspace } from '../../core/workspace/workspace';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

const amazon = { region: 'NA', lwaClientId: `amzn1.application-oa2-client.${'a'.repeat(32)}` };

function workspace() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  return ws;
}

describe('disk errors in words', () => {
  it('a full disk during a save: the message names the workspace, nothing is stored and the next save works', async () => {
    const ws = workspace();
    const api = createDispatcher(ws);
    // SQLite's own limit on the file's pages answers exactly as a full disk does (SQLITE_FULL).
    const pages = Number(ws.db.pragma('page_count', { simple: true }));
    ws.db.pragma(`max_page_count = ${pages}`);
    const big = { kind: 'amazon', name: 'Amazon US', settings: { ...amazon, marketplaceIds: Array.from({ length: 200 }, (_, i) => `M${i}`.padEnd(1_900, 'x')) } };
    const r = await api.invoke('connections.save', big, 'a');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toBe(`The workspace disk is full: nothing was changed; free space and retry (${ws.databaseFile}).`);
    expect(ws.connections.list()).toEqual([]);
    ws.db.pragma('max_page_count = 1073741823');
    expect((await api.invoke('connections.save', big, 'b')).ok).toBe(true);
  });

  it('a workspace that can no longer be written says so, with the path and what to do', async () => {
    const ws = workspace();
    ws.db.pragma('query_only = 1');
    const r = await createDispatcher(ws).invoke('connections.save', { kind: 'amazon', name: 'Amazon US', settings: amazon }, 'a');
    expect(r.ok ? '' : r.error.message).toMatch(new RegExp(`^The workspace folder cannot be written \\(${ws.databaseFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\).*write permission`));
  });

  it('a workspace path that runs through a file is refused in words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => openWorkspace(join(dir, 'file', 'ws'), { credentials: new MemoryCredentials() })).toThrow(/^The workspace path is not a folder \(.*file\/ws\)/);
  });

  it('a read-only or foreign folder at open, and a full disk from the file system, are named as such', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code, path: '/ws' });
    expect(describeDiskError(errno('EROFS'), '/ws')?.message).toMatch(/^The workspace folder cannot be written \(\/ws\): it is read-only/);
    expect(describeDiskError(errno('EACCES'), '/ws')?.message).toMatch(/belongs to another user/);
    expect(describeDiskError(errno('ENOSPC'), '/ws')?.message).toMatch(/^The workspace disk is full: nothing was changed; free space and retry/);
    // A refused network connection is not a disk problem.
    expect(describeDiskError(Object.assign(new Error('connect EACCES'), { code: 'EACCES', syscall: 'connect' }), '/ws')).toBeNull();
  });
});
