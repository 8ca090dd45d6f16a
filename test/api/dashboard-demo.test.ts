import { afterEach, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { PostingOutbox } from '../../core/posting/outbox';
import { DEMO_ERPS } from '../../core/demo/demo-erps';
import { DEMO_AMAZON_CONNECTION_ID, DEMO_BC_CONNECTION_ID, DEMO_SAP_B1_CONNECTION_ID, startDemo, type RunningDemo } from '../../core/demo/demo-workspace';
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

async function demoWorkspace(starterMappings: boolean) {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), demo: true });
  cleanups.push(() => ws.close());
  const demo: RunningDemo = await startDemo(ws, { starterMappings });
  cleanups.push(() => demo.stop());
  return { ws, api: createDispatcher(ws), demo };
}

it('the demo with its starter mappings: the imported demo settlements need little review, the EUR one only its unmapped subscription fee, and the dashboard counts them', async () => {
  const { api, ws } = await demoWorkspace(true);
  const before = ok<CallOutput<'dashboard.summary'>>(await api.invoke('dashboard.summary', {}, 'd0'));
  expect(before.counts).toMatchObject({ settlements: 0, awaitingReview: 0, awaitingApproval: 0 });
  // Amazon, then the demo ERP companies with Business Central first (the default target).
  expect(before.connections.map((c) => [c.connectionId, c.lastRun])).toEqual([[DEMO_AMAZON_CONNECTION_ID, null], ...DEMO_ERPS.map((d) => [d.connectionId, null])]);
  expect(DEMO_ERPS[0]!.connectionId).toBe(DEMO_BC_CONNECTION_ID);

  const imported = ok<CallOutput<'settlements.importNew'>>(await api.invoke('settlements.importNew', {}, 'c1'));
  expect(imported.summary).toBe('5 new settlements imported.');

  const queue = ok<CallOutput<'review.list'>>(await api.invoke('review.list', { state: 'open' }, 'c2'));
  expect(queue.connectionId).toBe(DEMO_BC_CONNECTION_ID);
  const de = queue.items.filter((i) => i.settlementId === '24137000002');
  expect(de.filter((i) => i.severity === 'blocking').map((i) => i.kind)).toEqual(['unmapped-fee']);
  expect(de.find((i) => i.kind === 'unmapped-fee')).toMatchObject({ facts: expect.objectContaining({ amountDescription: 'Subscription Fee' }), amount: -3900, currency: 'EUR' });

  // The other four (USD, CAD, GBP, JPY) carry only mapped types: ready for approval (the EUR demo company refuses them at posting, by currency).
  const mid = ok<CallOutput<'dashboard.summary'>>(await api.invoke('dashboard.summary', {}, 'd1'));
  expect(mid.counts).toMatchObject({ settlements: 5, awaitingReview: 1, awaitingApproval: 4, postingFailed: 0 });

  // Mapping the subscription fee from the queue is all the EUR settlement needs before approval.
  const fee = de.find((i) => i.kind === 'unmapped-fee')!;
  ok(await api.invoke('review.resolve', { itemId: fee.id, resolution: { action: 'map', target: '8410' } }, 'c3'));
  const warnings = ok<CallOutput<'review.list'>>(await api.invoke('review.list', { settlementId: '24137000002', state: 'open' }, 'c4')).items;
  for (const w of warnings) ok(await api.invoke('review.resolve', { itemId: w.id, resolution: { action: 'acknowledge' } }, `ack${w.id}`));
  const status = ok<CallOutput<'review.status'>>(await api.invoke('review.status', { settlementId: '24137000002' }, 'c5'));
  expect(status.status.status).toBe('ready');
  expect(status.preview).toMatchObject({ deposit: 84925, clearingAccount: '2920' });

  const dash = ok<CallOutput<'dashboard.summary'>>(await api.invoke('dashboard.summary', {}, 'd2'));
  expect(dash.counts).toMatchObject({ settlements: 5, awaitingReview: 0, awaitingApproval: 5 });
  expect(dash.connections.find((c) => c.connectionId === DEMO_AMAZON_CONNECTION_ID)?.lastRun).toMatchObject({ status: 'succeeded', counts: { found: 5, imported: 5 } });
  // Fees per currency, never added across currencies: EUR referral 164.25 + 7.49 − 5.99, FBA 12.80 + 3.20, subscription 39.00.
  const eur = dash.fees.find((f) => f.currency === 'EUR')!;
  expect(eur).toEqual({ currency: 'EUR', settlements: 1, categories: [{ category: 'subscription-fee', label: 'Subscription fees', amount: 3900 }, { category: 'fba-fee', label: 'FBA fulfilment fees', amount: 1600 }, { category: 'referral-fee', label: 'Referral fees', amount: 16575 }].sort((a, b) => b.amount - a.amount) });
  expect(dash.fees.map((f) => f.currency).sort()).toEqual(['CAD', 'EUR', 'GBP', 'JPY', 'USD']);

  // A document the ERP refused shows as a posting failure with the ERP's own words, and its settlement as failed.
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const doc = { externalDocumentNumber: '24137000001-202606-JNL-V1', documentNumber: 'AMZ0001', postingDate: '2026-11-20', currency: 'USD', description: 'settlement 24137000001', lines: [] };
  outbox.enqueueJournal(DEMO_BC_CONNECTION_ID, '24137000001', doc);
  outbox.begin(doc.externalDocumentNumber);
  outbox.failed(doc.externalDocumentNumber, { message: 'Business Central refused the journal', kind: 'refused', httpStatus: 400, erpCode: 'Internal_ValidationError', erpMessage: 'Currency Code USD must be equal to the local currency EUR.', operation: 'post journal', line: null }, false);
  const failed = ok<CallOutput<'dashboard.summary'>>(await api.invoke('dashboard.summary', {}, 'd3'));
  expect(failed.counts).toMatchObject({ postingFailed: 1, awaitingApproval: 4 });
  expect(failed.postingFailures).toMatchObject([{ settlementId: '24137000001', documents: 1, message: 'Currency Code USD must be equal to the local currency EUR.' }]);
  const listed = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 'l1'));
  expect(listed.find((x) => x.settlementId === '24137000001')?.state).toBe('failed');
});

it('"Open demo workspace" puts the starter mappings back in a demo opened with --demo, and is refused outside the demo', async () => {
  const { api, ws } = await demoWorkspace(false);
  expect(ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', { connectionId: DEMO_BC_CONNECTION_ID }, 'm0'))).toEqual([]);
  const opened = ok<CallOutput<'demo.open'>>(await api.invoke('demo.open', {}, 'o1'));
  // Every demo ERP company's starter mappings (Business Central's seven among them).
  const starters = DEMO_ERPS.reduce((n, d) => n + d.starterMappings.length, 0);
  expect(DEMO_ERPS[0]!.starterMappings).toHaveLength(7);
  expect(opened).toEqual({ mappingsChanged: starters, mappingsUnchanged: 0 });
  expect(ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', { connectionId: DEMO_SAP_B1_CONNECTION_ID }, 'm1'))).toHaveLength(7);
  expect(ok<CallOutput<'demo.open'>>(await api.invoke('demo.open', {}, 'o2'))).toEqual({ mappingsChanged: 0, mappingsUnchanged: starters });

  const plain = openWorkspace(tempDir().dir, { credentials: new MemoryCredentials() });
  cleanups.push(() => plain.close());
  const refused = await createDispatcher(plain).invoke('demo.open', {}, 'o3');
  expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('is not the demo workspace') } });
  expect(ws.demo).toBe(true);
});
