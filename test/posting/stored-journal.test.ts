import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { settlementSummaryOf, storedVersion } from '../../core/posting/settlement-journal';
import { checkSettlement } from '../../core/review/review-checks';
import { reviewedGroups } from '../../core/review/reviewed-lines';
import { JournalBuilder } from '../../core/settlement/journal-builder';
import { reconcile } from '../../core/settlement/reconciliation';
import { importSettlement, storedLines } from '../../core/settlement/settlement-store';
import { openDatabase, type Db } from '../../core/store';
import { chunked, lineRow, summaryRow, v2Text, type V2Row } from '../settlement/settlement-fixtures';

const rules: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: [
    { match: { category: 'principal' }, account: 'SALES' },
    { match: { category: 'referral-fee' }, account: 'FEES' },
  ],
};

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stored-journal-'));
  db = openDatabase(join(dir, 'ws.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The journal and reconciliation of the one journal function's source: the stored line groups (no review decisions). */
function buildStoredJournal(versionId: number) {
  const row = storedVersion(db, versionId)!;
  const input = {
    summary: settlementSummaryOf(row), version: { number: 1, status: 'current' as const, reissued: false, currentVersion: 1 }, connection: null,
    entries: [], rules, reference: null, exclusions: [], earlier: [],
  };
  const r = checkSettlement(input, reviewedGroups(db, versionId, row.currency, [])!);
  return { journal: r.journal, reconciliation: r.reconciliation };
}

/** The journal and reconciliation of the version computed line by line, as before the SQL sums. */
function lineByLine(versionId: number) {
  const row = storedVersion(db, versionId)!;
  const summary = settlementSummaryOf(row);
  const builder = new JournalBuilder(summary, rules);
  const reconciliation = reconcile(summary, (function* () {
    for (const l of storedLines(db, versionId)) {
      builder.add(l);
      yield l;
    }
  })());
  return { journal: builder.build(), reconciliation };
}

async function imported(rows: V2Row[]): Promise<number> {
  return (await importSettlement(db, chunked(Buffer.from(v2Text(rows)), 4096))).versionId;
}

describe('the stored journal the preview shows and posting sends', () => {
  it('is the journal and reconciliation the lines give one by one, across marketplaces, a month end, unknown types and other currencies', async () => {
    const rows: V2Row[] = [summaryRow({ 'settlement-start-date': '2026-06-16 00:00:00 UTC', 'settlement-end-date': '2026-07-14 23:59:59 UTC', 'total-amount': '1234.56' })];
    const days = ['2026-06-10 05:00:00 UTC', '2026-06-30 23:59:59 UTC', '2026-07-01 00:00:00 UTC', '2026-07-20 10:00:00 UTC', ''];
    for (let i = 0; i < 400; i++) {
      rows.push(lineRow({
        'posted-date-time': days[i % days.length]!,
        'marketplace-name': i % 3 === 0 ? 'amazon.ca' : 'amazon.com',
        'amount-description': ['Principal', 'Commission', 'MysteryFee'][i % 3 === 1 ? 1 : i % 7 === 0 ? 2 : 0]!,
        'amount-type': i % 3 === 1 ? 'ItemFees' : 'ItemPrice',
        amount: `${i % 2 ? '-' : ''}${1 + (i % 13)}.${String(i % 100).padStart(2, '0')}`,
        ...(i % 50 === 0 ? { currency: 'CAD' } : {}),
      }));
    }
    const versionId = await imported(rows);
    const stored = buildStoredJournal(versionId);
    const expected = lineByLine(versionId);
    expect(stored.journal.documents.length).toBeGreaterThan(2);
    expect(stored.journal).toEqual(expected.journal);
    expect(stored.reconciliation).toEqual(expected.reconciliation);
    expect(stored.reconciliation.balanced).toBe(false);
    expect(stored.reconciliation.causes.length).toBeGreaterThan(0);
    // A version imported before the line groups were stored is summed from its lines, to the same result.
    expect(db.prepare('SELECT COUNT(*) AS n FROM settlement_line_group WHERE version_id = ?').get(versionId)).toEqual({ n: expect.any(Number) });
    db.prepare('DELETE FROM settlement_line_group WHERE version_id = ?').run(versionId);
    expect(buildStoredJournal(versionId)).toEqual(stored);
  });

  it('names the rows whose amount equals the difference, as the line-by-line reconciliation does', async () => {
    const versionId = await imported([
      summaryRow({ 'total-amount': '37.25' }),
      lineRow({ amount: '10.00' }), lineRow({ amount: '20.00' }), lineRow({ amount: '7.25' }), lineRow({ amount: '7.25', 'amount-description': 'Tax' }),
      lineRow({ amount: '-5.00', 'amount-type': 'ItemFees', 'amount-description': 'Commission' }), lineRow({ amount: '5.00', 'amount-type': 'ItemFees', 'amount-description': 'Commission' }),
    ]);
    const stored = buildStoredJournal(versionId);
    expect(stored.reconciliation).toEqual(lineByLine(versionId).reconciliation);
    expect(stored.reconciliation.causes[0]).toMatchObject({ rows: [5, 6], amount: 725 });
  });
});
