import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { reconcile } from '../../core/settlement/reconciliation';
import { storedRawRows } from '../../core/settlement/raw-rows';
import { importSettlement, importSettlementFile, recordVarianceDecision, storedLines } from '../../core/settlement/settlement-store';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { chunked, lineRow, SAMPLES, summaryRow, V2_COLUMNS, v2Text } from './settlement-fixtures';

// Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
const SAMPLE = join(SAMPLES, 'settlement-v2-synthetic.tsv');

const mapping: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: ['principal', 'tax', 'withheld-tax', 'shipping', 'referral-fee', 'refund-commission', 'fba-fee', 'shipping-chargeback', 'storage-fee', 'subscription-fee', 'reimbursement'].map(
    (category) => ({ match: { category }, account: `ACC-${category}` }),
  ),
};

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settlement-store-'));
  db = openDatabase(join(dir, 'ws.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const storedLinesSkus = (versionId: number) => [...storedLines(db, versionId)].map((l) => l.sku);

describe('importing settlements into the workspace', () => {
  it('stores the settlement, its lines with the raw row, totals per combination and the journal', async () => {
    const progress: number[] = [];
    const r = await importSettlementFile(db, SAMPLE, { mapping, onProgress: (p) => progress.push(p.lines) });
    expect(r).toMatchObject({ outcome: 'new', settlementId: '28471003921', version: 1 });
    expect(r.journal?.issues).toEqual([]);
    expect(progress.at(-1)).toBe(23);
    expect(count('settlement_line')).toBe(23);
    const first = db.prepare('SELECT * FROM settlement_line WHERE row = 3').get() as Record<string, unknown>;
    expect(first).toMatchObject({ amount: 12999, category: 'principal', sku: 'NX-HD-1200', seq: 0 });
    expect([...storedRawRows(db, r.versionId, 3, 3)]).toEqual([{ row: 3, text: expect.stringContaining('114-8829371-4410258\t\t\tDS7K9LM2P') }]);
    const version = db.prepare('SELECT * FROM settlement_version').get() as Record<string, unknown>;
    expect(version).toMatchObject({ total_amount: 58289, lines_total: 58289, line_count: 23, reissued: 0, status: 'current', format: 'v2' });
    expect(count('settlement_type_total')).toBe(r.inspection.byType.length);
    expect(count('settlement_journal')).toBe(1);
    expect(reconcile(r.inspection.summary, storedLines(db, r.versionId)).balanced).toBe(true);
    expect(new AuditLog(db).list({ subjectType: 'settlement' })).toHaveLength(1);
  });

  it('changes nothing when the same settlement is imported again, even as a gzip copy', async () => {
    await importSettlementFile(db, SAMPLE);
    const again = await importSettlementFile(db, SAMPLE);
    const zipped = await importSettlement(db, chunked(gzipSync(readFileSync(SAMPLE)), 4096));
    expect([again.outcome, zipped.outcome]).toEqual(['unchanged', 'unchanged']);
    expect(count('settlement_version')).toBe(1);
    expect(count('settlement_line')).toBe(23);
    expect(new AuditLog(db).list({ subjectType: 'settlement' })).toHaveLength(1);
  });

  it('recognises a settlement imported before the current content hash scheme as unchanged', async () => {
    await importSettlementFile(db, SAMPLE);
    // The hash the previous scheme (normalized summary and lines) stored for this sample, taken from an
    // import made with that version: a workspace from before keeps saying "unchanged", not "re-issued".
    db.prepare('UPDATE settlement_version SET content_hash = ?').run('a1749af81979d38c4c4cf2431c169c4b03611c90ecfd74899d141c13e4cfc94a');
    expect((await importSettlementFile(db, SAMPLE)).outcome).toBe('unchanged');
    db.prepare('UPDATE settlement_version SET content_hash = ?').run('f'.repeat(64));
    expect((await importSettlementFile(db, SAMPLE)).outcome).toBe('new-version');
  });

  it('keeps a re-issued settlement with the same id and different content as a new, flagged version', async () => {
    const original = v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow({ amount: '10.00' })]);
    const reissue = v2Text([summaryRow({ 'total-amount': '12.00' }), lineRow({ amount: '10.00' }), lineRow({ amount: '2.00', 'amount-description': 'Shipping' })]);
    expect((await importSettlement(db, chunked(Buffer.from(original), 64))).outcome).toBe('new');
    const second = await importSettlement(db, chunked(Buffer.from(reissue), 64));
    expect(second).toMatchObject({ outcome: 'new-version', version: 2 });
    expect(db.prepare('SELECT version, reissued, status, total_amount FROM settlement_version ORDER BY version').all()).toEqual([
      { version: 1, reissued: 0, status: 'superseded', total_amount: 1000 },
      { version: 2, reissued: 1, status: 'current', total_amount: 1200 },
    ]);
    expect(db.prepare('SELECT current_version FROM settlement').get()).toEqual({ current_version: 2 });
    expect(new AuditLog(db).list({ subjectType: 'settlement' }).map((e) => e.operation)).toEqual(['settlement.reissued', 'settlement.imported']);
    // Importing the first content again does not bring it back as a third version: it names the version it matches.
    expect(await importSettlement(db, chunked(Buffer.from(original), 64))).toMatchObject({ outcome: 'identical-to-superseded', version: 1, currentVersion: 2 });
    expect(count('settlement_version')).toBe(2);
  });

  it('keeps a new version whose lines do not add up beside a current version whose lines do, as an incomplete copy', async () => {
    const complete = v2Text([summaryRow({ 'total-amount': '12.00' }), lineRow({ amount: '10.00' }), lineRow({ amount: '2.00', 'amount-description': 'Shipping' })]);
    const cut = v2Text([summaryRow({ 'total-amount': '12.00' }), lineRow({ amount: '10.00' })]);
    await importSettlement(db, chunked(Buffer.from(complete), 64));
    expect(await importSettlement(db, chunked(Buffer.from(cut), 64))).toMatchObject({ outcome: 'incomplete-copy', version: 2, currentVersion: 1 });
    expect(db.prepare('SELECT version, status, incomplete_copy, lines_total FROM settlement_version ORDER BY version').all()).toEqual([
      { version: 1, status: 'current', incomplete_copy: 0, lines_total: 1200 },
      { version: 2, status: 'superseded', incomplete_copy: 1, lines_total: 1000 },
    ]);
    expect(db.prepare('SELECT current_version FROM settlement').get()).toEqual({ current_version: 1 });
    expect(new AuditLog(db).list({ subjectType: 'settlement' }).map((e) => e.operation)).toEqual(['settlement.incomplete-copy', 'settlement.imported']);
    const otherCut = v2Text([summaryRow({ 'total-amount': '12.00' }), lineRow({ amount: '2.00', 'amount-description': 'Shipping' })]);
    expect((await importSettlement(db, chunked(Buffer.from(otherCut), 64))).outcome).toBe('incomplete-copy');
    expect(db.prepare("SELECT version FROM settlement_version WHERE status = 'current'").all()).toEqual([{ version: 1 }]);
  });

  it('a new version replaces a current version that does not tie out either, and the first version of a settlement is current whatever it holds', async () => {
    const cut = (amount: string) => v2Text([summaryRow({ 'total-amount': '12.00' }), lineRow({ amount })]);
    expect((await importSettlement(db, chunked(Buffer.from(cut('10.00')), 64))).outcome).toBe('new');
    expect(await importSettlement(db, chunked(Buffer.from(cut('11.00')), 64))).toMatchObject({ outcome: 'new-version', version: 2, currentVersion: 2 });
  });

  it('gives back every row exactly as read, across many compressed blocks and with unknown columns', async () => {
    const columns = [...V2_COLUMNS, 'new-column'];
    const rows = [summaryRow({ 'total-amount': '5000.00' })];
    for (let i = 0; i < 5000; i++) rows.push(lineRow({ amount: '1.00', 'order-id': `111-${i}-Ünïcode`, sku: `SKU-${i}`, ...(i % 7 === 0 ? { 'new-column': `x${i}` } : {}) }));
    const text = v2Text(rows, { columns, lineEnding: '\r\n' });
    const r = await importSettlement(db, chunked(Buffer.from(text), 65536));
    const fileRows = text.split('\r\n');
    const stored = [...storedRawRows(db, r.versionId)];
    // Every line's row (3 onwards; 1 is the header, 2 the summary), in order, byte for byte.
    expect(stored.map((s) => s.row)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 3));
    expect(stored.every((s) => s.text === fileRows[s.row - 1])).toBe(true);
    expect(count('settlement_raw_block')).toBeGreaterThan(1);
    expect([...storedRawRows(db, r.versionId, 4000, 4001)].map((s) => s.text)).toEqual([fileRows[3999], fileRows[4000]]);
    expect((db.prepare('SELECT extra FROM settlement_line WHERE row = 3').get() as { extra: string }).extra).toBe('{"new-column":"x0"}');
  });

  it('keeps a row of nearly a megabyte of UTF-8 byte for byte beside its neighbours, and leaves the connection checkpointing as before', async () => {
    const rows = [summaryRow({ 'total-amount': '3.00' })];
    rows.push(lineRow({ amount: '1.00', sku: 'A' }), lineRow({ amount: '1.00', sku: 'B', 'order-id': '€'.repeat(300_000) }), lineRow({ amount: '1.00', sku: 'C-ü' }));
    const text = v2Text(rows);
    const before = db.pragma('wal_autocheckpoint', { simple: true });
    const r = await importSettlement(db, chunked(Buffer.from(text), 65536));
    const fileRows = text.split('\n');
    expect([...storedRawRows(db, r.versionId)]).toEqual([3, 4, 5].map((row) => ({ row, text: fileRows[row - 1] })));
    expect(storedLinesSkus(r.versionId)).toEqual(['A', 'B', 'C-ü']);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(before);
  });

  it('leaves nothing behind when a file fails halfway', async () => {
    const bad = v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow({ amount: '10.00' }), lineRow({ amount: 'ten' })]);
    await expect(importSettlement(db, chunked(Buffer.from(bad), 16), { fileName: 'bad.txt' })).rejects.toThrow(/bad\.txt, line 4, column "amount", value "ten"/);
    expect([count('settlement'), count('settlement_version'), count('settlement_line'), count('settlement_raw_block')]).toEqual([0, 0, 0, 0]);
    expect(db.inTransaction).toBe(false);
  });

  it('audits an accepted variance with who, what and why', async () => {
    const r = await importSettlement(db, chunked(Buffer.from(v2Text([summaryRow({ 'total-amount': '9.00' }), lineRow({ amount: '10.00' })]))));
    expect(r.inspection.difference).toBe(100);
    recordVarianceDecision(db, { settlementId: r.settlementId, version: r.version, difference: 100, decision: { account: '6990', reason: 'Amazon confirmed a 1.00 rounding credit', decidedBy: 'j.doe' } });
    const [event] = new AuditLog(db).list({ kind: 'decision' });
    expect(event).toMatchObject({ actor: 'j.doe', operation: 'settlement.variance-accepted', subjectId: '900100' });
    expect(JSON.parse(event!.detail!)).toEqual({ version: 1, difference: 100, account: '6990', reason: 'Amazon confirmed a 1.00 rounding credit' });
  });
});
