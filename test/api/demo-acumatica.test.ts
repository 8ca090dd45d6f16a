import { afterEach, expect, it } from 'vitest';
import { ok, startedDemo } from '../support/demo-fixture';
import type { CallOutput } from '../../core/api/contract';
import { DEMO_ACUMATICA_CONNECTION_ID, DEMO_ACUMATICA_MAPPINGS } from '../../core/demo/demo-acumatica';
import { DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-workspace';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
it('the demo\'s Acumatica tenant: connected with no credentials typed, its starter mappings accepted with their subaccounts, and the demo settlements posted each in its own currency', async () => {
  const { demo, api } = await startedDemo(cleanups);
  const ACU = DEMO_ACUMATICA_CONNECTION_ID;

  // Business Central stays the first ERP connection, so screens and the review queue open on it.
  const listed = ok<CallOutput<'connections.list'>>(await api.invoke('connections.list', {}, 'l0'));
  const erpIds = listed.map((c) => c.id).filter((id) => id.startsWith('demo-') && id !== 'demo-amazon');
  expect(erpIds[0]).toBe(DEMO_BC_CONNECTION_ID);
  expect(erpIds).toContain(ACU);
  expect(ok<CallOutput<'connections.test'>>(await api.invoke('connections.test', { id: ACU }, 't0'))).toMatchObject({ status: 'ok', message: 'Connected to Company, branch HEADOFFICE as admin@Company.' });
  const mappings = ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', { connectionId: ACU }, 'm0'));
  expect(mappings).toHaveLength(DEMO_ACUMATICA_MAPPINGS.length);
  expect(mappings.find((m) => m.amountDescription === 'Principal' && m.transactionType === '*')).toMatchObject({ target: '40000', dimensions: { SUBACCOUNT: '100-000' } });

  ok(await api.invoke('settlements.importNew', {}, 'i0'));
  const settlements = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 's0'));
  expect(settlements.map((s) => s.currency).sort()).toEqual(['CAD', 'EUR', 'GBP', 'JPY', 'USD']);
  // The EUR settlement's subscription fee is left for review, as in the Business Central company.
  const open = ok<CallOutput<'review.list'>>(await api.invoke('review.list', { connectionId: ACU, state: 'open' }, 'r0'));
  for (const item of open.items) {
    if (item.kind === 'unmapped-fee') ok(await api.invoke('review.resolve', { itemId: item.id, connectionId: ACU, resolution: { action: 'map', target: '60400' } }, `f${item.id}`));
    else if (item.severity !== 'blocking') ok(await api.invoke('review.resolve', { itemId: item.id, connectionId: ACU, resolution: { action: 'acknowledge' } }, `a${item.id}`));
  }
  for (const s of settlements) {
    ok(await api.invoke('review.approve', { versionId: s.versionId, connectionId: ACU }, `ap${s.versionId}`));
    const run = ok<CallOutput<'posting.post'>>(await api.invoke('posting.post', { versionId: s.versionId, connectionId: ACU }, `p${s.versionId}`));
    expect(run, s.currency).toMatchObject({ outcome: 'completed', failed: [] });
  }
  const acu = demo.erps.get(ACU)!;
  const login = await fetch(`${acu.url}/entity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: 'acu-password', tenant: 'Company' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const rows = (await (await fetch(`${acu.url}/entity/Default/24.200.001/JournalTransaction?$expand=Details`, { headers: { cookie } })).json()) as Array<{ CurrencyID: { value: string }; Status: { value: string }; Details: Array<{ Account: { value: string }; Subaccount: { value: string } }> }>;
  // A settlement that spans a month end is two batches, one per period.
  expect([...new Set(rows.map((r) => r.CurrencyID.value))].sort()).toEqual(['CAD', 'EUR', 'GBP', 'JPY', 'USD']);
  expect(rows.every((r) => r.Status.value === 'Posted')).toBe(true);
  expect(rows.flatMap((r) => r.Details).filter((d) => d.Account.value === '40000').map((d) => d.Subaccount.value)).toContain('100-000');
});
