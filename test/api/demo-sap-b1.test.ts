import { afterEach, expect, it } from 'vitest';
import { ok, startedDemo } from '../support/demo-fixture';
import type { CallOutput } from '../../core/api/contract';
import { DEMO_SAP_B1_CONNECTION_ID } from '../../core/demo/demo-workspace';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the demo SAP Business One company (books in USD) takes the demo CAD settlement in CAD, with USD amounts at its rate of the day', async () => {
  const { demo, api } = await startedDemo(cleanups);
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
