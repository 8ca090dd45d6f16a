import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { settlementFlatFileV2, type SettlementSpec } from '../../core/sandbox/amazon/settlement-file';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ok = <T>(r: unknown) => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

// A settlement across a month end (June 24 – July 8), in two marketplaces, with a line posted before its
// start (the journal dates it at the start), refunds, a reserve and a combination nobody knows.
const order = (id: string, marketplaceName: string, postedAt: string, principal: string, fee: string, fba: string): SettlementSpec['lines'] => [
  { transactionType: 'Order', orderId: id, marketplaceName, amountType: 'ItemPrice', amountDescription: 'Principal', amount: principal, postedAt, sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
  { transactionType: 'Order', orderId: id, marketplaceName, amountType: 'ItemFees', amountDescription: 'Commission', amount: fee, postedAt, sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
  { transactionType: 'Order', orderId: id, marketplaceName, amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', amount: fba, postedAt, sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
];
const spec: SettlementSpec = {
  settlementId: '61000000001', start: '2026-06-24T00:00:00Z', end: '2026-07-08T00:00:00Z', deposit: '2026-07-10T00:00:00Z', currency: 'USD', style: 'dot',
  lines: [
    ...order('111-0000001-0000001', 'Amazon.com', '2026-06-20T10:00:00Z', '20.00', '-3.00', '-2.50'),
    ...order('111-0000002-0000002', 'Amazon.com', '2026-06-26T10:00:00Z', '35.50', '-5.33', '-3.10'),
    ...order('702-0000003-0000003', 'Amazon.ca', '2026-06-29T10:00:00Z', '12.25', '-1.84', '-2.00'),
    ...order('111-0000004-0000004', 'Amazon.com', '2026-07-02T10:00:00Z', '48.00', '-7.20', '-3.10'),
    ...order('111-0000005-0000005', 'Amazon.com', '2026-07-06T10:00:00Z', '9.99', '-1.50', '-2.50'),
    { transactionType: 'Refund', orderId: '111-0000002-0000002', marketplaceName: 'Amazon.com', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '-35.50', postedAt: '2026-07-03T10:00:00Z', sku: 'MUG-BLUE', fulfillmentId: 'AFN' },
    { transactionType: 'Refund', orderId: '111-0000002-0000002', marketplaceName: 'Amazon.com', amountType: 'ItemFees', amountDescription: 'Commission', amount: '4.26', postedAt: '2026-07-03T10:00:00Z', sku: 'MUG-BLUE', fulfillmentId: 'AFN' },
    { transactionType: 'other-transaction', marketplaceName: 'Amazon.com', amountType: 'other-transaction', amountDescription: 'Current Reserve Amount', amount: '-15.00', postedAt: '2026-07-07T00:00:00Z' },
    { transactionType: 'other-transaction', marketplaceName: 'Amazon.com', amountType: 'other-transaction', amountDescription: 'Mystery Adjustment', amount: '-0.99', postedAt: '2026-06-30T23:59:59Z' },
  ],
};

type Preview = CallOutput<'settlements.preview'>;
type Page = CallOutput<'settlements.lines'>;

async function setup() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  const api = createDispatcher(ws);
  const erp = ws.connections.upsert({ kind: 'business-central', name: 'BC', settings: {} });
  const rule = ws.db.prepare(
    `INSERT INTO mapping_rule (connection_id, kind, transaction_type, amount_type, amount_description, subject, target, dimensions, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-07-01T00:00:00Z', 'test')`,
  );
  rule.run(erp.id, 'fee', '*', 'ItemPrice', 'Principal', '', '4000', '{"CHANNEL":"AMAZON"}');
  rule.run(erp.id, 'fee', '*', 'ItemFees', 'Commission', '', '6100', '{}');
  rule.run(erp.id, 'account', '', '', '', 'clearing', '1150', '{}');
  rule.run(erp.id, 'account', '', '', '', 'reserve', '1160', '{}');
  rule.run(erp.id, 'account', '', '', '', 'carriedForward', '1170', '{}');
  const file = Buffer.from(settlementFlatFileV2(spec), 'utf8');
  const imported = ok<{ versionId: number; lineCount: number }>(await api.invoke('settlements.importUpload', { fileName: 'split.tsv', contentBase64: file.toString('base64') }, 'c1'));
  const preview = ok<Preview>(await api.invoke('settlements.preview', { versionId: imported.versionId }, 'c2'));
  return { ws, api, versionId: imported.versionId, lineCount: imported.lineCount, preview };
}

/** Every page of a filter, `limit` lines at a time. */
async function allPages(api: ReturnType<typeof createDispatcher>, input: Record<string, unknown>, limit: number): Promise<{ first: Page; rows: Page['rows'] }> {
  const rows: Page['rows'] = [];
  let first: Page | null = null;
  for (let offset = 0, n = 0; ; offset += limit, n++) {
    const page = ok<Page>(await api.invoke('settlements.lines', { ...input, offset, limit }, `p${n}`));
    first ??= page;
    expect(page.total).toBe(first.total);
    rows.push(...page.rows);
    if (page.rows.length < limit) break;
  }
  return { first: first!, rows };
}

describe('settlements.lines', () => {
  it('drills from every journal line to exactly the report lines behind it: their count is the line count and their sum the journal amount', async () => {
    const { api, versionId, lineCount, preview } = await setup();
    expect(preview.documents.map((d) => d.period)).toEqual(['2026-06', '2026-07']);
    const seen = new Set<string>();
    let drilled = 0;
    for (const d of preview.documents) {
      for (const l of d.lines.filter((x) => x.lineCount > 0)) {
        const journalLine = { period: d.period, currency: d.currency, account: l.account, dimensions: l.dimensions, description: l.description };
        const { first, rows } = await allPages(api, { versionId, journalLine }, 2);
        expect(first.total, `${d.period} ${l.description}`).toBe(l.lineCount);
        expect(rows).toHaveLength(l.lineCount);
        // The journal posts each amount with the opposite sign: debit − credit = −Σ report amounts.
        const sum = rows.reduce((a, r) => a + r.amount, 0);
        expect(sum, `${d.period} ${l.description}`).toBe(-(l.debit - l.credit));
        expect(first.amount).toBe(sum);
        for (const r of rows) {
          const key = `${r.row}/${r.seq}`;
          expect(seen.has(key), `line ${key} behind two journal lines`).toBe(false);
          seen.add(key);
          expect(r.raw).toContain(r.transactionType);
          // Dated at the settlement start when posted before it (June 20 falls in June anyway; July lines stay July).
          const at = r.postedDate! < spec.start ? spec.start : r.postedDate! > spec.end ? spec.end : r.postedDate!;
          expect(at.slice(0, 7)).toBe(d.period);
        }
        // File order.
        expect(rows.map((r) => r.row)).toEqual([...rows.map((r) => r.row)].sort((a, b) => a - b));
        drilled++;
      }
    }
    expect(drilled).toBeGreaterThanOrEqual(8);
    expect(seen.size).toBe(lineCount);
  });

  it('counts a journal line from the line groups stored at import, and from the lines themselves for a version imported before them', async () => {
    const { ws, versionId, preview } = await setup();
    const totals = async (label: string) => {
      // A fresh dispatcher: the counts are cached per query object.
      const api = createDispatcher(ws);
      const out: Array<[number, number]> = [];
      for (const d of preview.documents) {
        for (const l of d.lines.filter((x) => x.lineCount > 0)) {
          const journalLine = { period: d.period, currency: d.currency, account: l.account, dimensions: l.dimensions, description: l.description };
          const page = ok<Page>(await api.invoke('settlements.lines', { versionId, journalLine, limit: 1 }, label));
          expect(page.total, `${label}: ${d.period} ${l.description}`).toBe(l.lineCount);
          out.push([page.total, page.amount]);
        }
      }
      return out;
    };
    const fromGroups = await totals('groups');
    ws.db.prepare('DELETE FROM settlement_line_group WHERE version_id = ?').run(versionId);
    expect(await totals('lines')).toEqual(fromGroups);
  });

  it('sums Amazon.com and Amazon.ca principal into one journal line and finds both again; refunds land on the same account in a line of their own', async () => {
    const { api, versionId, preview } = await setup();
    const june = preview.documents.find((d) => d.period === '2026-06')!;
    const principal = june.lines.find((l) => l.account === '4000')!;
    const { rows } = await allPages(api, { versionId, journalLine: { period: '2026-06', currency: 'USD', account: '4000', dimensions: principal.dimensions, description: principal.description } }, 50);
    expect(new Set(rows.map((r) => r.marketplaceName))).toEqual(new Set(['Amazon.com', 'Amazon.ca']));
    expect(rows.map((r) => r.amount)).toEqual([2000, 3550, 1225]);
    const july = preview.documents.find((d) => d.period === '2026-07')!.lines.filter((l) => l.account === '4000');
    expect(july.map((l) => l.description.replace(/^.* — /, ''))).toEqual(['Sales', 'Refunds']);
    const rowsOf = async (line: (typeof july)[number]) =>
      (await allPages(api, { versionId, journalLine: { period: '2026-07', currency: 'USD', account: '4000', dimensions: line.dimensions, description: line.description } }, 50)).rows.map((r) => `${r.transactionType} ${r.amount}`);
    expect(await rowsOf(july[0]!)).toEqual(['Order 4800', 'Order 999']);
    expect(await rowsOf(july[1]!)).toEqual(['Refund -3550']);
  });

  it('pages all lines in file order, filters by category, and finds nothing for a journal line that no longer exists', async () => {
    const { api, versionId, lineCount } = await setup();
    const all = await allPages(api, { versionId }, 4);
    expect(all.first.total).toBe(lineCount);
    expect(all.rows.map((r) => r.row)).toEqual(Array.from({ length: lineCount }, (_, i) => i + 3));
    const sample = ok<Page>(await api.invoke('settlements.lines', { versionId, offset: 5, limit: 3 }, 'x'));
    expect(sample.rows.map((r) => r.row)).toEqual([8, 9, 10]);
    // The header as read names each column of the raw row.
    expect(sample.columns?.slice(0, 3)).toEqual(['settlement-id', 'settlement-start-date', 'settlement-end-date']);
    const cells = sample.rows[0]!.raw!.split('\t');
    expect(cells).toHaveLength(sample.columns!.length);
    expect(cells[sample.columns!.indexOf('amount-description')]).toBe(sample.rows[0]!.amountDescription);
    expect(sample.offset).toBe(5);
    const fba = ok<Page>(await api.invoke('settlements.lines', { versionId, category: 'fba-fee', limit: 100 }, 'y'));
    expect(fba.total).toBe(5);
    expect(fba.amount).toBe(-1320);
    const unknown = ok<Page>(await api.invoke('settlements.lines', { versionId, category: null, limit: 100 }, 'z'));
    expect(unknown.rows.map((r) => r.amountDescription)).toEqual(['Mystery Adjustment']);
    const gone = ok<Page>(await api.invoke('settlements.lines', { versionId, journalLine: { period: '2026-07', currency: 'USD', account: '9999', dimensions: {}, description: 'principal' } }, 'w'));
    expect(gone).toMatchObject({ total: 0, amount: 0, rows: [] });
    expect(await api.invoke('settlements.lines', { versionId: 999 }, 'v')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('pages anywhere in a long settlement return exactly the lines in order, across the seek points', async () => {
    const ws = tempWorkspace(new MemoryCredentials());
    cleanups.push(ws.remove);
    const api = createDispatcher(ws);
    const lines: SettlementSpec['lines'] = [];
    for (let i = 0; i < 700; i++) lines.push(...order(`111-${String(i).padStart(7, '0')}-0000001`, i % 3 ? 'Amazon.com' : 'Amazon.ca', `2026-06-${String(24 + (i % 6)).padStart(2, '0')}T10:00:00Z`, `${10 + (i % 40)}.00`, `-1.${String(i % 100).padStart(2, '0')}`, '-2.00'));
    const file = settlementFlatFileV2({ ...spec, settlementId: '61000000002', lines });
    const { versionId } = ok<{ versionId: number }>(await api.invoke('settlements.importUpload', { fileName: 'long.tsv', contentBase64: Buffer.from(file).toString('base64') }, 'i'));
    const preview = ok<Preview>(await api.invoke('settlements.preview', { versionId }, 'p'));
    const d = preview.documents[0]!;
    const fee = d.lines.find((l) => l.description.endsWith(' — Referral fees'))!;
    expect(fee.lineCount).toBe(700);
    const journalLine = { period: d.period, currency: d.currency, account: fee.account, dimensions: fee.dimensions, description: fee.description };
    const whole = ok<Page>(await api.invoke('settlements.lines', { versionId, journalLine, limit: 2000 }, 'w')).rows;
    expect(whole).toHaveLength(700);
    expect(whole.every((r) => r.amountDescription === 'Commission')).toBe(true);
    for (const [offset, limit] of [[0, 100], [250, 20], [255, 3], [256, 200], [500, 200], [690, 50], [700, 10]] as const) {
      const page = ok<Page>(await api.invoke('settlements.lines', { versionId, journalLine, offset, limit }, `o${offset}`));
      expect(page.rows.map((r) => r.row), `offset ${offset}`).toEqual(whole.slice(offset, offset + limit).map((r) => r.row));
    }
    expect(-whole.reduce((a, r) => a + r.amount, 0)).toBe(fee.debit - fee.credit);
  });
});
