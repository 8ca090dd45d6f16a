import { afterEach, expect, it } from 'vitest';
import { ok, startedDemo } from '../support/demo-fixture';
import type { CallOutput } from '../../core/api/contract';
import { DEMO_FO_CONNECTION_ID, DEMO_FO_STARTER_MAPPINGS } from '../../core/demo/demo-fo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the demo\'s F&O legal entity: its connection tests, its starter mappings with dimensions pass the check against its chart, and a demo settlement sent there waits to be posted in F&O', async () => {
  // On 5 July the demo's settlements (22 June – 2 July) span the June period end.
  const { ws, demo, api } = await startedDemo(cleanups, Date.parse('2026-07-05T12:00:00Z'));
  let n = 0;
  const call = async <T>(name: string, input: unknown) => ok<T>(await api.invoke(name, input, `c${n++}`));

  const connection = ws.connections.get(DEMO_FO_CONNECTION_ID);
  expect(connection).toMatchObject({ kind: 'd365fo', name: 'Finance & Operations (demo)' });
  expect(await call('connections.test', { id: DEMO_FO_CONNECTION_ID })).toMatchObject({ status: 'ok', message: expect.stringContaining('Contoso Entertainment System USA (usmf)') });
  // Every starter mapping was saved: none refused by the chart's postable rules or the dimension values.
  expect(ws.audit.list({}).filter((e) => e.operation === 'demo.starter-mappings' && e.status === 'failed')).toEqual([]);
  const mappings = await call<CallOutput<'mappings.list'>>('mappings.list', { connectionId: DEMO_FO_CONNECTION_ID });
  expect(mappings).toHaveLength(DEMO_FO_STARTER_MAPPINGS.length);
  expect(mappings).toContainEqual(expect.objectContaining({ target: '8420', dimensions: { BusinessUnit: '002', Department: '023' } }));

  await call('settlements.importNew', {});
  // The USD settlement carries only mapped types: ready, approved and sent to F&O, where it waits.
  const usd = (await call<CallOutput<'settlements.list'>>('settlements.list', {})).find((s) => s.settlementId === '24137000001')!;
  const open = await call<CallOutput<'review.list'>>('review.list', { settlementId: usd.settlementId, connectionId: DEMO_FO_CONNECTION_ID, state: 'open' });
  for (const item of open.items) await call('review.resolve', { itemId: item.id, connectionId: DEMO_FO_CONNECTION_ID, resolution: { action: 'acknowledge' } });
  await call('review.approve', { versionId: usd.versionId, connectionId: DEMO_FO_CONNECTION_ID });
  const run = await call<CallOutput<'posting.post'>>('posting.post', { versionId: usd.versionId, connectionId: DEMO_FO_CONNECTION_ID });
  // It spans the June period end: one journal per period, each its own header in F&O.
  expect(run).toMatchObject({ outcome: 'completed', posted: [], failed: [], awaiting: [{ erpDocumentNumber: 'USMF-000001' }, { erpDocumentNumber: 'USMF-000002' }] });
  const dash = await call<CallOutput<'dashboard.summary'>>('dashboard.summary', {});
  expect(dash.awaitingInErp.map((a) => [a.connectionName, a.settlementId, a.erpDocumentNumber])).toEqual([
    ['Finance & Operations (demo)', '24137000001', 'USMF-000001'], ['Finance & Operations (demo)', '24137000001', 'USMF-000002'],
  ]);
});
