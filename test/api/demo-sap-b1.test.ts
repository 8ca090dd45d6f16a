import { afterEach, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { DEMO_SAP_B1_CONNECTION_ID, startDemo } from '../../core/demo/demo-workspace';
import { clockStartingAt } from '../../core/clock/clock';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { MemoryCredentials } from '../sync/sync-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ok = <T>(r: unknown) => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};

it('the demo SAP Business One company (books in USD) takes the demo CAD settlement in CAD, with USD amounts at its rate of the day', async () => {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), demo: true, clock: clockStartingAt(Date.parse('2026-06-20T12:00:00Z')) });
  cleanups.push(() => ws.close());
  const demo = await startDemo(ws, { starterMappings: true });
  cleanups.push(() => demo.stop());
  const api = createDispatcher(ws);
  let n = 0;
  const call = async <T,>(name: string, input: unknown) => ok<T>(await api.invoke(name, input, `c${n++}`));

  await call('settlements.importNew', {});
  const queue = await call<CallOutput<'review.list'>>('review.list', { connectionId: DEMO_SAP_B1_CONNECTION_ID, settlementId: '24137000003' });
  expect(queue.items.filter((i) => i.severity === 'blocking' && i.state === 'open')).toEqual([]);
  for (const w of queue.items.filter((i) => i.state === 'open')) await call('review.resolve', { itemId: w.id, connectionId: DEMO_SAP_B1_CONNECTION_ID, resolution: { action: 'acknowledge' } });
  await call('review.approve', { versionId: queue.settlements[0]!.versionId, connectionId: DEMO_SAP_B1_CONNECTION_ID });
  const run = await call<{ outcome: string; posted: Array<{ erpDocumentNumber: string }> }>('posting.post', { versionId: queue.settlements[0]!.versionId, connectionId: DEMO_SAP_B1_CONNECTION_ID });
  expect(run).toMatchObject({ outcome: 'completed', posted: [expect.anything()] });

  // Read back over the demo company's own Service Layer.
  const root = `${demo.erps.get(DEMO_SAP_B1_CONNECTION_ID)!.url}/b1s/v2`;
  const login = await fetch(`${root}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: 'SBODEMOUS', UserName: 'manager', Password: 'B1Admin!' }) });
  const cookie = login.headers.getSetCookie().join(',').match(/B1SESSION=[^;,]+/)![0];
  const entry = await (await fetch(`${root}/JournalEntries(${run.posted[0]!.erpDocumentNumber})`, { headers: { cookie } })).json() as { JournalEntryLines: Array<Record<string, unknown>> };
  const lines = entry.JournalEntryLines;
  expect(lines.every((l) => l.FCCurrency === 'CAD')).toBe(true);
  // Sales CA$45.00 at 0.731 = US$32.90 (32.895 rounded), on account 'Sales, Retail - Amazon' with Channel FBA.
  expect(lines.find((l) => l.AccountCode === '_SYS00000000020')).toMatchObject({ FCCredit: 45, Credit: 32.9, CostingCode: 'FBA' });
  const cents = (k: string) => lines.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);
  expect(cents('Debit')).toBe(cents('Credit'));
});
