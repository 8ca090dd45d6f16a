import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../core/api/dispatch';
import { createDispatcher } from '../../core/api/handlers';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { generate } from '../bench/settlement-file';
import { bundleImportWorker } from '../support/import-worker-bundle';
import { tempDir } from '../support/temp-workspace';
import { addMappedBcConnection, ERP_CONNECTION_ID, usCompany } from '../sync/erp-fixture';
import { MemoryCredentials } from '../sync/sync-fixture';

// A settlement large enough that its import takes a while (test/bench/settlement-file.ts).
const LINES = 200_000;
const SETTLEMENT = '99000111';

let worker: Awaited<ReturnType<typeof bundleImportWorker>>;
let bc: BusinessCentralEmulator;
let dir: ReturnType<typeof tempDir>;
let ws: Workspace;
let api: Dispatcher;
let good: Buffer;
let n = 0;

beforeAll(async () => {
  worker = await bundleImportWorker('import-gate-test');
  bc = await startBusinessCentralEmulator({ seed: usCompany() });
  dir = tempDir();
  const file = join(dir.dir, 'settlement.txt');
  await generate(file, LINES, SETTLEMENT);
  good = readFileSync(file);
  ws = openWorkspace(join(dir.dir, 'ws'), { credentials: new MemoryCredentials(), importWorker: worker.file });
  await addMappedBcConnection(ws, bc);
  api = createDispatcher(ws);
}, 120_000);
afterAll(async () => {
  ws?.close();
  await bc?.stop();
  dir?.remove();
  worker?.remove();
});

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
const invoke = (name: string, input: unknown, callId = `c${n++}`) => api.invoke(name, input, callId) as Promise<Answer>;
const upload = (fileName: string, bytes: Buffer, callId: string) => invoke('settlements.importUpload', { fileName, contentBase64: bytes.toString('base64') }, callId);
const count = (sql: string, ...p: unknown[]) => (ws.db.prepare(sql).get(...p) as { n: number }).n;

/** Resolves once the import under `callId` has read its first megabytes: its write transaction is open. */
function importUnderWay(callId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.callId === callId && e.done > 0) {
        off();
        resolve();
      }
    });
  });
}

/** A mapping edit through the API, and whether the import was still running when it was answered. */
async function editMapping(amountDescription: string, target: string) {
  const entry = { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription, target };
  const answer = await invoke('mappings.save', { connectionId: ERP_CONNECTION_ID, entry });
  return { answer, importRunningWhenAnswered: ws.imports.running() !== null };
}

const mapped = (amountDescription: string) =>
  count(`SELECT COUNT(*) AS n FROM mapping_rule WHERE connection_id = ? AND amount_description = ?`, ERP_CONNECTION_ID, amountDescription);
const listed = async () => {
  const r = await invoke('settlements.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as unknown as { settlementId: string; version: number }[]).map((s) => `${s.settlementId}/${s.version}`);
};

describe('a change made while a settlement import runs on the worker thread', () => {
  it('is saved at once, while the import goes on; the settlement is listed only once its import is done', async () => {
    const running = upload('june.txt', good, 'import-june');
    await importUnderWay('import-june');
    expect(ws.imports.running()?.label).toBe(`settlement ${SETTLEMENT} (file june.txt)`);

    const edit = await editMapping('FBAPerUnitFulfillmentFee', '8410');
    expect(edit.answer.ok, JSON.stringify(edit.answer)).toBe(true);
    expect(mapped('FBAPerUnitFulfillmentFee')).toBe(1);
    // Saved while the import still ran: it did not wait for the file's end.
    expect(edit.importRunningWhenAnswered).toBe(true);
    // Lines already stored, but the version is not listed, reviewed or current until the import places it.
    expect(await listed()).toEqual([]);
    expect(count("SELECT COUNT(*) AS n FROM settlement_version WHERE status = 'current'")).toBe(0);

    const imported = await running;
    expect(imported).toMatchObject({ ok: true, value: { outcome: 'new', settlementId: SETTLEMENT, lineCount: LINES } });
    expect(count('SELECT COUNT(*) AS n FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id WHERE v.settlement_id = ?', SETTLEMENT)).toBe(LINES);
    expect(await listed()).toEqual([`${SETTLEMENT}/1`]);
    expect(count('SELECT COUNT(*) AS n FROM settlement_import')).toBe(0);
    // Both are in the audit log, the mapping change before the import was placed.
    const ops = (ws.db.prepare(`SELECT operation FROM audit_event WHERE operation IN ('settlement.imported', 'mapping.add') ORDER BY id`).all() as { operation: string }[]).map((r) => r.operation);
    expect(ops.slice(-2)).toEqual(['mapping.add', 'settlement.imported']);
  }, 120_000);

  it('an import that fails halfway on a bad row leaves the change made meanwhile saved and the stored settlements as they were', async () => {
    // The same settlement re-issued, its 120,000th line unreadable: the import stops at that row and removes what it stored.
    const text = good.toString('utf8').replace(/\t(\d+\.\d\d)\tAFN\t/g, (m, amount: string, at: number) => (at > good.byteLength * 0.6 && at < good.byteLength * 0.6 + 400 ? '\tten\tAFN\t' : m));
    expect(text).toContain('\tten\tAFN\t');
    const before = ws.db.prepare('SELECT id, version, status, line_count FROM settlement_version ORDER BY id').all();
    const lines = count('SELECT COUNT(*) AS n FROM settlement_line');

    const running = upload('june-reissued.txt', Buffer.from(text, 'utf8'), 'import-bad');
    await importUnderWay('import-bad');
    const edit = await editMapping('RefundCommission', '8410');
    expect(edit.importRunningWhenAnswered).toBe(true);
    const failed = await running;

    expect(edit.answer.ok, JSON.stringify(edit.answer)).toBe(true);
    expect(mapped('RefundCommission')).toBe(1);
    expect(failed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!failed.ok && failed.error.message).toMatch(/june-reissued\.txt.*line \d+/);
    expect(ws.db.prepare('SELECT id, version, status, line_count FROM settlement_version ORDER BY id').all()).toEqual(before);
    expect(count('SELECT COUNT(*) AS n FROM settlement_line')).toBe(lines);
    expect(count('SELECT COUNT(*) AS n FROM settlement_import')).toBe(0);
  }, 120_000);
});
