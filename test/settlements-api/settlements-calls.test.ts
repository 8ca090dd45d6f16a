// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../core/api/events';
import { createDispatcher } from '../../core/api/handlers';
import { tempWorkspace } from '../support/temp-workspace';
import { SAMPLE } from '../support/settlement-files';

const sample = () => readFileSync(SAMPLE);

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const ws = tempWorkspace();
  cleanups.push(ws.remove);
  const progress: ProgressEvent[] = [];
  cleanups.push(ws.events.subscribe((e) => {
    if (e.type === 'progress') progress.push(e);
  }));
  return { ws, api: createDispatcher(ws), progress };
}

const ok = <T>(r: unknown) => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

describe('settlements calls', () => {
  it('imports the V2 sample once, lists it with its 23 lines, and a second upload is unchanged', async () => {
    const { api, progress } = setup();
    const upload = { fileName: 'settlement-v2-synthetic.tsv', contentBase64: sample().toString('base64') };
    const first = ok<{ outcome: string; lineCount: number; settlementId: string }>(await api.invoke('settlements.importUpload', upload, 'c1'));
    expect(first).toMatchObject({ outcome: 'new', settlementId: '28471003921', lineCount: 23 });
    expect(progress.filter((e) => e.callId === 'c1').at(-1)).toMatchObject({ done: sample().byteLength, total: sample().byteLength });
    const again = ok<{ outcome: string }>(await api.invoke('settlements.importUpload', upload, 'c2'));
    expect(again.outcome).toBe('unchanged');

    const list = ok<Array<Record<string, unknown>>>(await api.invoke('settlements.list', {}, 'c3'));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      settlementId: '28471003921', version: 1, status: 'current', reissued: false, currency: 'USD', lineCount: 23,
      total: { amount: 58289, currency: 'USD' }, marketplace: 'amazon.com', source: 'file',
      startDate: '2026-06-16T00:00:00.000Z', depositDate: '2026-07-02T00:00:00.000Z',
    });
  });

  it('a changed copy under the same settlement id is a new, re-issued version; the earlier one is superseded', async () => {
    const { api } = setup();
    await api.invoke('settlements.importUpload', { fileName: 'a.tsv', contentBase64: sample().toString('base64') }, 'c1');
    const changed = sample().toString('utf8').replace('129.99', '130.99').replace('582.89', '583.89');
    const r = ok<{ outcome: string; version: number }>(await api.invoke('settlements.importUpload', { fileName: 'b.tsv', contentBase64: Buffer.from(changed).toString('base64') }, 'c2'));
    expect(r).toMatchObject({ outcome: 'new-version', version: 2 });
    const list = ok<Array<{ version: number; status: string; reissued: boolean; state: string; openBlocking: number; openWarnings: number }>>(await api.invoke('settlements.list', {}, 'c3'));
    expect(list.map((s) => [s.version, s.status, s.reissued])).toEqual([[2, 'current', true], [1, 'superseded', false]]);
    // The list's status column: the re-issue waits for review (it must be acknowledged); the older version shows as superseded.
    expect(list.map((s) => s.state)).toEqual(['needs-review', 'superseded']);
    expect(list[0]!.openBlocking + list[0]!.openWarnings).toBeGreaterThan(0);
  });

  it('a bad file answers with the parser message naming file, line, column and value, and stores nothing', async () => {
    const { api, ws } = setup();
    const bad = sample().toString('utf8').replace('129.99', '12x.99');
    const r = await api.invoke('settlements.importUpload', { fileName: 'broken.tsv', contentBase64: Buffer.from(bad).toString('base64') }, 'c1');
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = (r as { error: { message: string } }).error.message;
    expect(message).toContain('broken.tsv');
    expect(message).toMatch(/line 3/);
    expect(message).toContain('amount');
    expect(message).toContain('12x.99');
    expect(ok<unknown[]>(await api.invoke('settlements.list', {}, 'c2'))).toEqual([]);
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_line').get()).toEqual({ n: 0 });
  });

  it('previews the journal without mappings: every amount shown as unmapped, debits equal credits, the tie-out holds', async () => {
    const { api } = setup();
    const imported = ok<{ versionId: number }>(await api.invoke('settlements.importUpload', { fileName: 's.tsv', contentBase64: sample().toString('base64') }, 'c1'));
    const p = ok<{
      documents: Array<{ currency: string; period: string; lines: Array<{ account: string | null; debit: number; credit: number }>; totalDebit: number; totalCredit: number }>;
      tieOut: { declaredTotal: number; linesTotal: number; deposit: number; difference: number; balanced: boolean };
      byCategory: Array<{ amount: number }>;
      unmapped: unknown[];
      missingAccounts: string[];
    }>(await api.invoke('settlements.preview', { versionId: imported.versionId }, 'c2'));
    expect(p.tieOut).toMatchObject({ declaredTotal: 58289, linesTotal: 58289, deposit: 58289, difference: 0, balanced: true });
    expect(p.documents.length).toBeGreaterThan(0);
    for (const d of p.documents) {
      expect(d.currency).toBe('USD');
      expect(d.totalDebit).toBe(d.totalCredit);
      for (const l of d.lines) expect(l.debit === 0 || l.credit === 0).toBe(true);
    }
    expect(p.unmapped.length).toBeGreaterThan(0);
    expect(p.missingAccounts).toEqual(['clearing (or bank)', 'reserve', 'carried forward']);
    expect(p.byCategory.reduce((a, c) => a + c.amount, 0)).toBe(58289);
  });

  it('previews with the mapping rules of the ERP connection: mapped amounts carry their account, the rest stay unmapped', async () => {
    const { api, ws } = setup();
    const erp = ws.connections.upsert({ kind: 'business-central', name: 'BC', settings: {} });
    const rule = ws.db.prepare(
      `INSERT INTO mapping_rule (connection_id, kind, transaction_type, amount_type, amount_description, subject, target, dimensions, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-07-01T00:00:00Z', 'test')`,
    );
    rule.run(erp.id, 'fee', '*', 'ItemPrice', 'Principal', '', '4000', '{"CHANNEL":"AMAZON"}');
    rule.run(erp.id, 'account', '', '', '', 'clearing', '1150', '{}');
    rule.run(erp.id, 'account', '', '', '', 'reserve', '1160', '{}');
    rule.run(erp.id, 'account', '', '', '', 'carriedForward', '1170', '{}');
    const imported = ok<{ versionId: number }>(await api.invoke('settlements.importUpload', { fileName: 's.tsv', contentBase64: sample().toString('base64') }, 'c1'));
    const p = ok<{
      connectionId: string | null;
      documents: Array<{ lines: Array<{ role: string; account: string | null; dimensions: Record<string, string>; description: string; debit: number; credit: number }> }>;
      missingAccounts: string[];
      unmapped: Array<{ description: string }>;
    }>(await api.invoke('settlements.preview', { versionId: imported.versionId }, 'c2'));
    expect(p.connectionId).toBe(erp.id);
    expect(p.missingAccounts).toEqual([]);
    const lines = p.documents.flatMap((d) => d.lines);
    // Sales and the refund on the same account, each a line of its own that says which it is.
    expect(lines.filter((l) => l.account === '4000').map((l) => [l.description.replace(/^.* — /, ''), l.debit, l.credit, l.dimensions])).toEqual([
      ['Sales', 0, 47449, { CHANNEL: 'AMAZON' }], ['Refunds', 12999, 0, { CHANNEL: 'AMAZON' }],
    ]);
    expect(lines.find((l) => l.role === 'deposit')).toMatchObject({ account: '1150', debit: 58289 });
    expect(lines.filter((l) => l.role === 'reserve').every((l) => l.account === '1160')).toBe(true);
    expect(p.unmapped.length).toBeGreaterThan(0);
    expect(p.unmapped.some((u) => u.description === 'principal')).toBe(false);
  });

  it('a cancelled upload stores nothing', async () => {
    const { api, ws } = setup();
    const pending = api.invoke('settlements.importUpload', { fileName: 's.tsv', contentBase64: sample().toString('base64') }, 'c1');
    api.cancel('c1');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_version').get()).toEqual({ n: 0 });
  });

  it('an unknown version is not found', async () => {
    const { api } = setup();
    expect(await api.invoke('settlements.preview', { versionId: 999 }, 'c1')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
