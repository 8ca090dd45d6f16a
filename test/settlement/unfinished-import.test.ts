import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { importSettlement } from '../../core/settlement/settlement-store';
import { openDatabase } from '../../core/store';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { generate } from '../bench/settlement-file';
import { tempDir } from '../support/temp-workspace';
import { MemoryCredentials } from '../sync/sync-fixture';

const SETTLEMENT = '99000222';
let dir: ReturnType<typeof tempDir>;
let file: Buffer;
beforeAll(async () => {
  dir = tempDir();
  const path = join(dir.dir, 'settlement.txt');
  await generate(path, 20_000, SETTLEMENT);
  file = readFileSync(path);
}, 60_000);
afterAll(() => dir?.remove());

/** The file in 64 KB chunks; after `stopAfter` of them it never sends another (the process importing it died). */
async function* stalling(bytes: Buffer, stopAfter: number): AsyncGenerator<Uint8Array> {
  for (let i = 0, at = 0; at < bytes.byteLength; i++, at += 1 << 16) {
    if (i === stopAfter) await new Promise(() => {});
    yield bytes.subarray(at, at + (1 << 16));
  }
}

const count = (ws: Workspace, sql: string) => (ws.db.prepare(sql).get() as { n: number }).n;
const listed = async (ws: Workspace) => {
  const r = await createDispatcher(ws).invoke('settlements.list', {}, 'list');
  if (!r.ok) throw new Error(r.error.message);
  return r.value as unknown[];
};

describe('an import that stops halfway (the app crashed)', () => {
  it('leaves a version that is never current or listed, and is deleted when the workspace opens again', async () => {
    const wsDir = join(dir.dir, 'ws');
    let ws = openWorkspace(wsDir, { credentials: new MemoryCredentials(), importWorker: null });
    // The import's own connection, as the worker has: closed below as a dying process's would be.
    const importer = openDatabase(ws.databaseFile);
    void importSettlement(importer, stalling(file, 6), { fileName: 'june.txt', actor: 'test' });
    while (count(ws, 'SELECT COUNT(*) AS n FROM settlement_line') === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));

    // Several chunks are stored, each committed on its own ...
    expect(count(ws, 'SELECT COUNT(*) AS n FROM settlement_line')).toBeGreaterThan(1000);
    expect(count(ws, 'SELECT COUNT(*) AS n FROM settlement_import')).toBe(1);
    // ... but nothing shows: not listed, not current, not in the review.
    expect(await listed(ws)).toEqual([]);
    expect(count(ws, "SELECT COUNT(*) AS n FROM settlement_version WHERE status = 'current'")).toBe(0);
    const review = await createDispatcher(ws).invoke('review.list', {}, 'review');
    expect(review).toMatchObject({ ok: true, value: { items: [], settlements: [] } });

    importer.close();
    ws.close();
    ws = openWorkspace(wsDir, { credentials: new MemoryCredentials(), importWorker: null });
    try {
      for (const table of ['settlement', 'settlement_version', 'settlement_line', 'settlement_raw_block', 'settlement_import']) {
        expect(count(ws, `SELECT COUNT(*) AS n FROM ${table}`), table).toBe(0);
      }
      // The same file imports whole afterwards, as the first version of its settlement.
      const again = await createDispatcher(ws).invoke('settlements.importUpload', { fileName: 'june.txt', contentBase64: file.toString('base64') }, 'again');
      expect(again).toMatchObject({ ok: true, value: { outcome: 'new', settlementId: SETTLEMENT, version: 1, lineCount: 20_000 } });
      expect(await listed(ws)).toHaveLength(1);
    } finally {
      ws.close();
    }
  }, 60_000);
});
