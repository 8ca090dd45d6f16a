// The review checks, the approved journal and the posting plan read a settlement's stored line groups
// (with the exclusions taken out), not every stored line: the same results as the full line stream.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import { PostingOutbox } from '../../core/posting/outbox';
import { planSettlementPosting } from '../../core/posting/settlement-posting';
import { VERSION_SELECT } from '../../core/posting/settlement-journal';
import { reviewQueueOf } from '../../core/posting/settlement-status';
import type { ExclusionScope } from '../../core/review/review-checks';
import * as reviewedLines from '../../core/review/reviewed-lines';
import { BC, SAMPLE_ACCOUNTS, setup, v2File, type GenLine } from './review-fixtures';
import { businessCentralKind } from '../../core/erp/business-central/kind';

// `stream.force` makes the queue read every stored line (the way it did before the line groups), so one
// workspace gives both results to compare.
const stream = vi.hoisted(() => ({ force: false, groupsUsed: 0 }));
vi.mock('../../core/review/reviewed-lines', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../core/review/reviewed-lines')>();
  return {
    ...actual,
    reviewedGroups: (...args: Parameters<typeof actual.reviewedGroups>) => {
      if (stream.force) return null;
      const groups = actual.reviewedGroups(...args);
      if (groups) stream.groupsUsed++;
      return groups;
    },
  };
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  stream.force = false;
  stream.groupsUsed = 0;
});

async function fresh() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  // The variance here is above what one person may accept by default (1.00); this workspace allows it.
  await t.value('review.setPolicy', { varianceLimit: '100.00' });
  const open = async () => (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items;
  const resolve = (itemId: number, resolution: Record<string, unknown>) => t.value<{ item: ReviewItemView }>('review.resolve', { itemId, resolution });
  const mapAll = async () => {
    for (const item of await open()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await resolve(item.id, { action: 'map', target });
    }
  };
  const queue = reviewQueueOf(t.ws);
  return { ...t, open, resolve, mapAll, queue };
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const cents = (amount: string) => Math.round(Number(amount) * 100);

/** Sixty lines over six days across a month end, four fee types, three SKUs; no line of -15.00 or -20.00. */
function manyLines(): GenLine[] {
  const days = ['2026-06-20', '2026-06-30', '2026-07-01', '2026-06-16', '2026-07-03', '2026-06-20'];
  const types = [['Order', 'ItemPrice', 'Principal'], ['Order', 'ItemFees', 'Commission'], ['Order', 'ItemFees', 'FBAPerUnitFulfillmentFee'], ['Order', 'ItemPrice', 'Shipping']] as const;
  return Array.from({ length: 60 }, (_, i) => {
    const [t, a, d] = types[i % 4]!;
    const amount = d === 'Principal' || d === 'Shipping' ? 2000 + (i % 7) * 113 : -(300 + (i % 5) * 17);
    return { t, a, d, amount: money(amount), sku: `SKU-${'ABC'[i % 3]}`, posted: days[i % 6] };
  });
}

const OPTIONS = { start: '2026-06-16 00:00:00 UTC', end: '2026-07-05 23:59:59 UTC', deposit: '2026-07-07 00:00:00 UTC' };

describe('reviewed journal from the stored line groups', () => {
  it('a settlement with exclusions (a type, a currency, a file line) and an accepted variance gives the same review and journal as every line streamed', async () => {
    const t = await fresh();
    const lines: GenLine[] = [
      ...manyLines(),
      { t: 'Order', a: 'ItemFees', d: 'MysteryFee', amount: '-20.00', sku: 'SKU-B', posted: '2026-06-30' },
      { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '5.00', currency: 'CAD', posted: '2026-06-20' },
      // The same commission twice, on a day that already has commissions (so not the first line of its group).
      { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', sku: 'SKU-C', posted: '2026-06-20' },
      { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', sku: 'SKU-C', posted: '2026-06-20' },
    ];
    const usd = lines.filter((l) => !l.currency).reduce((s, l) => s + cents(l.amount), 0);
    // Declared 15.00 above the lines: the duplicate commission explains it.
    const { versionId } = await t.importText('exclusions.tsv', v2File('900100', money(usd + 1500), lines, OPTIONS));
    const duplicateRow = lines.length + 2; // header, summary, then the lines
    await t.mapAll();
    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'SKU-A', target: 'ITEM-1' } });

    const difference = (await t.open()).find((i) => i.kind === 'difference')!;
    expect(difference.amount).toBe(-1500);
    await t.resolve(difference.id, { action: 'exclude', reason: 'the same commission twice', rows: [duplicateRow] });
    const unknown = (await t.open()).find((i) => i.kind === 'unknown-type')!;
    const excludedType = await t.resolve(unknown.id, { action: 'exclude', reason: 'disputed' });
    expect(excludedType.item.resolution).toMatchObject({ lineCount: 1, amount: -2000 });
    const foreign = (await t.open()).find((i) => i.kind === 'foreign-currency')!;
    await t.resolve(foreign.id, { action: 'exclude', reason: 'booked by the Canadian entity' });
    const left = (await t.open()).find((i) => i.kind === 'difference')!;
    expect(left.amount).toBe(2000);
    await t.resolve(left.id, { action: 'acceptVariance', account: '8490', reason: 'disputed fee, written off' });

    const c = t.queue.connection(BC);
    stream.groupsUsed = 0;
    const fromGroups = t.queue.check(versionId, c);
    const journalFromGroups = t.queue.reviewedJournal(versionId, BC);
    expect(stream.groupsUsed).toBe(2); // the groups were read, not every line
    stream.force = true;
    const fromLines = t.queue.check(versionId, c);
    const journalFromLines = t.queue.reviewedJournal(versionId, BC);

    // What the exclusions and the variance did shows in the journal.
    expect(fromGroups.excluded).toEqual({ lineCount: 3, amount: -3500 });
    const variance = journalFromGroups.documents.flatMap((d) => d.lines).filter((l) => l.role === 'variance');
    expect(variance).toEqual([expect.objectContaining({ account: '8490', amount: 2000 })]);
    expect(journalFromGroups.documents.length).toBeGreaterThan(1);
    expect(fromGroups.findings.map((f) => f.kind)).toContain('unmapped-sku');
    expect(fromGroups.metrics.fbaFeePerUnit).toEqual(expect.any(Number)); // units come from the groups too

    // Document by document, line by line.
    expect(journalFromGroups.documents.length).toBe(journalFromLines.documents.length);
    journalFromGroups.documents.forEach((doc, i) => {
      const other = journalFromLines.documents[i]!;
      expect({ ...doc, lines: doc.lines.length }).toEqual({ ...other, lines: other.lines.length });
      doc.lines.forEach((line, j) => expect(line).toEqual(other.lines[j]));
    });
    expect(journalFromGroups).toEqual(journalFromLines);
    // And everything else the review shows: findings in order, fee levels, reconciliation, excluded lines.
    expect(fromGroups).toEqual(fromLines);
  });

  it('excluding the first line of a group takes the full line stream, to the same result', async () => {
    const t = await fresh();
    const lines: GenLine[] = [
      { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', posted: '2026-06-20' },
      ...manyLines(),
      { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', posted: '2026-06-20' },
    ];
    const usd = lines.reduce((s, l) => s + cents(l.amount), 0);
    const { versionId } = await t.importText('first.tsv', v2File('900101', money(usd + 1500), lines, OPTIONS));
    await t.mapAll();
    const difference = (await t.open()).find((i) => i.kind === 'difference')!;
    await t.resolve(difference.id, { action: 'exclude', reason: 'the same commission twice', rows: [3] });
    const exclusions: ExclusionScope[] = [{ rows: [3] }];
    expect(reviewedLines.reviewedGroups(t.ws.db, versionId, 'USD', exclusions)).toBeNull();
    expect(reviewedLines.reviewedGroups(t.ws.db, versionId, 'USD', [{ rows: [lines.length + 2] }])).not.toBeNull();
    const c = t.queue.connection(BC);
    const fromQueue = t.queue.check(versionId, c);
    stream.force = true;
    expect(fromQueue).toEqual(t.queue.check(versionId, c));
    expect(fromQueue.findings.filter((f) => f.kind === 'difference')).toEqual([]);
  });

  it('planning the posting of a settlement without exclusions reads no stored line, only its line groups', async () => {
    const t = await fresh();
    const lines = manyLines();
    const { versionId } = await t.importText('plain.tsv', v2File('900102', money(lines.reduce((s, l) => s + cents(l.amount), 0)), lines, OPTIONS));
    await t.mapAll();
    expect((await t.open()).filter((i) => i.severity === 'blocking')).toEqual([]);
    // SKUs mapped: the review then sums lines per SKU, which the journal posting sends does not need.
    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'SKU-A', target: 'ITEM-1' } });

    // Every statement that reads settlement_line (not the line groups) is recorded when it runs; the
    // version's marketplace (one line, LIMIT 1) is not a read of the lines.
    const reads: string[] = [];
    const prepare = t.ws.db.prepare.bind(t.ws.db);
    vi.spyOn(t.ws.db, 'prepare').mockImplementation(((sql: string) => {
      const statement = prepare(sql);
      if (!/\bsettlement_line\b/.test(sql) || sql.startsWith(VERSION_SELECT)) return statement;
      for (const run of ['all', 'get', 'iterate'] as const) {
        const original = (statement[run] as (...a: unknown[]) => unknown).bind(statement);
        (statement as unknown as Record<string, unknown>)[run] = (...a: unknown[]) => {
          reads.push(sql);
          return original(...a);
        };
      }
      return statement;
    }) as typeof t.ws.db.prepare);

    const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
    const erp = { name: 'BC test', localCurrency: 'USD', capabilities: businessCentralKind.capabilities };
    const plan = planSettlementPosting(t.ws, outbox, versionId, BC, erp)!;
    expect(plan.documents.length).toBeGreaterThan(1);
    expect(plan.refusals).toEqual([expect.stringContaining('not approved')]);
    expect(reads).toEqual([]);

    // The same plan from every line reads them (what this test would catch if the stream came back).
    stream.force = true;
    const streamed = planSettlementPosting(t.ws, outbox, versionId, BC, erp)!;
    expect(streamed.erpDocuments).toEqual(plan.erpDocuments);
    expect(reads.length).toBeGreaterThan(0);
  });
});
