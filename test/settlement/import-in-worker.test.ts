import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInWorker } from '../../core/settlement/import-in-worker';
import type { ImportProgress } from '../../core/settlement/settlement-store';
import { SettlementParseError } from '../../core/settlement/settlement-errors';
import { openDatabase, type Db } from '../../core/store';
import { bundleImportWorker } from '../support/import-worker-bundle';
import { lineRow, summaryRow, v2Text } from './settlement-fixtures';

// The worker runs bundled, as in the built app.
let worker: { file: string; remove(): void };
let workerFile: string;
let dir: string;
let databaseFile: string;
let db: Db;

beforeAll(async () => {
  worker = await bundleImportWorker('import-worker-test');
  workerFile = worker.file;
  dir = mkdtempSync(join(tmpdir(), 'import-worker-'));
  databaseFile = join(dir, 'ws.sqlite');
  db = openDatabase(databaseFile);
}, 60_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
  worker.remove();
});

function settlement(lines: number, id = '900100', bad?: number): Buffer {
  const rows = [summaryRow({ 'settlement-id': id, 'total-amount': `${lines}.00` })];
  for (let i = 0; i < lines; i++) rows.push(lineRow({ 'settlement-id': id, amount: i === bad ? 'ten' : '1.00', 'order-id': `111-${i}`, sku: `SKU-${i % 50}` }));
  return Buffer.from(v2Text(rows));
}

const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

describe('importing an uploaded settlement on a worker thread', () => {
  it('stores it through its own connection, reports progress, and the host connection reads it at once', async () => {
    const progress: ImportProgress[] = [];
    const r = await importInWorker(settlement(40_000), { workerFile, databaseFile, fileName: 'big.tsv', actor: 'j.doe', onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ outcome: 'new', settlementId: '900100', version: 1, lineCount: 40_000 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.lines).toBe(40_000);
    expect(count('SELECT COUNT(*) AS n FROM settlement_line WHERE version_id = ?', r.versionId)).toBe(40_000);
    const again = await importInWorker(settlement(40_000), { workerFile, databaseFile, fileName: 'big.tsv', actor: 'j.doe' });
    expect(again.outcome).toBe('unchanged');
  }, 60_000);

  it('stops when cancelled and leaves nothing of that settlement behind', async () => {
    const controller = new AbortController();
    const running = importInWorker(settlement(150_000, '900200'), {
      workerFile, databaseFile, fileName: 'cancel.tsv', actor: 'j.doe', signal: controller.signal, onProgress: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(count("SELECT COUNT(*) AS n FROM settlement_version WHERE settlement_id = '900200'")).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id WHERE v.settlement_id = ?', '900200')).toBe(0);
  }, 60_000);

  it('refuses a row it cannot read with the file, line, column and value', async () => {
    const running = importInWorker(settlement(100, '900300', 41), { workerFile, databaseFile, fileName: 'bad.tsv', actor: 'j.doe' });
    await expect(running).rejects.toBeInstanceOf(SettlementParseError);
    await expect(importInWorker(settlement(100, '900300', 41), { workerFile, databaseFile, fileName: 'bad.tsv', actor: 'j.doe' })).rejects.toThrow(
      /bad\.tsv, line 44, column "amount", value "ten"/,
    );
    expect(count("SELECT COUNT(*) AS n FROM settlement_version WHERE settlement_id = '900300'")).toBe(0);
  }, 60_000);
});
