// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { lineRow, summaryRow, v2Text } from '../settlement/settlement-fixtures';
import { bundleImportWorker } from '../support/import-worker-bundle';
import { tempDir } from '../support/temp-workspace';
import { MemoryCredentials } from '../sync/sync-fixture';
import { SAMPLE } from '../support/settlement-files';

/**
 * About 40 MB of settlement in about 1 MB of gzip: the whole file is one or two of the 1 MB chunks an upload is
 * read in, and parsing and storing one such chunk takes seconds.
 */
function largeGzip(): Buffer {
  const template = v2Text([lineRow({ 'order-id': '114-#######-0000001' })]).split('\n')[1]! + '\n';
  const parts = [v2Text([summaryRow()])];
  for (let i = 0; i < 350_000; i++) parts.push(template.replace('#######', String(i).padStart(7, '0')));
  return gzipSync(Buffer.from(parts.join('')));
}

let big: string;
let worker: Awaited<ReturnType<typeof bundleImportWorker>>;
beforeAll(async () => {
  big = largeGzip().toString('base64');
  worker = await bundleImportWorker('import-cancel-test');
}, 120_000);
afterAll(() => worker?.remove());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (ws: Workspace, table: string) => (ws.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe.each([
  ['on the calling thread', () => null],
  ['on the import worker thread', () => worker.file],
])('cancelling a large gzip upload %s', (_where, workerFile) => {
  it('stops at once: the import stores no more than a batch after the cancel, keeps nothing, and the next import runs', async () => {
    const dir = tempDir();
    const ws = openWorkspace(join(dir.dir, 'ws'), { credentials: new MemoryCredentials(), importWorker: workerFile() });
    try {
      const api = createDispatcher(ws);
      const lines = () => count(ws, 'settlement_line');
      const pending = api.invoke('settlements.importUpload', { fileName: 'big.txt.gz', contentBase64: big }, 'big');
      let settled = false;
      void pending.finally(() => { settled = true; });
      // Cancelled once it has stored its first lines: well inside the file's 350,000.
      while (lines() === 0 && !settled) await pause(5);
      const atCancel = lines();
      expect(api.cancel('big')).toBe(true);
      let most = atCancel;
      while (!settled) {
        most = Math.max(most, lines());
        await pause(5);
      }
      const r = await pending;
      expect(r).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'Cancelled by the user.' } });
      expect(atCancel).toBeGreaterThan(0);
      // The reader looks at the cancel between batches and a transaction holds 2,048 records: an import that went
      // on to the end of the file and only then discarded it would be seen storing hundreds of thousands more.
      expect(most - atCancel).toBeLessThan(20_000);
      expect([count(ws, 'settlement'), count(ws, 'settlement_version'), count(ws, 'settlement_line'), count(ws, 'settlement_raw_block')]).toEqual([0, 0, 0, 0]);
      expect(ws.imports.running()).toBeNull();

      const next = await api.invoke('settlements.importUpload', { fileName: 'sample.tsv', contentBase64: readFileSync(SAMPLE).toString('base64') }, 'next');
      expect(next).toMatchObject({ ok: true, value: { outcome: 'new', settlementId: '28471003921', lineCount: 23 } });
      expect(count(ws, 'settlement_version')).toBe(1);
    } finally {
      ws.close();
      dir.remove();
    }
  }, 60_000);
});
