import { afterEach, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { DEMO_AMAZON_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { DEMO_ACUMATICA_CONNECTION_ID } from '../../core/demo/demo-acumatica';
import { ok, startedDemo } from '../support/demo-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// The demo's Acumatica tenant takes part in Multi-Channel Fulfillment through the same calls as Business
// Central: it is offered, its web-shop orders at warehouse FBA are previewed by Amazon, and a person lets
// the first ones go.
it('the demo Acumatica connection sets up Multi-Channel Fulfillment: its orders at FBA are previewed with Amazon\'s fees and wait for the go-ahead', async () => {
  const { api } = await startedDemo(cleanups);
  const offered = ok<CallOutput<'mcf.overview'>>(await api.invoke('mcf.overview', {}, 'o1'));
  expect(offered.find((c) => c.connectionId === DEMO_ACUMATICA_CONNECTION_ID)).toMatchObject({ name: 'Acumatica (demo)', settings: null, orders: [] });

  for (const [subject, target] of [['SKU-CHAIR', 'CHAIR01'], ['SKU-BOX', 'BOX01']]) {
    ok(await api.invoke('mappings.save', { connectionId: DEMO_ACUMATICA_CONNECTION_ID, entry: { kind: 'sku', subject, target } }, `m-${subject}`));
  }
  const set = ok<CallOutput<'mcf.setSettings'>>(await api.invoke('mcf.setSettings', { connectionId: DEMO_ACUMATICA_CONNECTION_ID, amazonConnectionId: DEMO_AMAZON_CONNECTION_ID, marker: { by: 'location', code: 'FBA' }, defaultSpeed: 'Standard' }, 's1'));
  expect(set.settings).toMatchObject({ marker: { by: 'location', code: 'FBA' }, firstOrderApprovedAt: null });

  const previewed = ok<CallOutput<'mcf.preview'>>(await api.invoke('mcf.preview', { connectionId: DEMO_ACUMATICA_CONNECTION_ID }, 'p1'));
  expect(previewed.orders.map((o) => [o.orderNumber, o.state, o.preview?.fulfillable, o.goAhead.needed]).sort()).toEqual([
    ['SO000001', 'pending', true, true],
    ['SO000002', 'pending', true, true],
  ]);
  expect(previewed.orders.every((o) => o.preview!.fees.length > 0)).toBe(true);

  const approved = ok<CallOutput<'mcf.approveFirstOrders'>>(await api.invoke('mcf.approveFirstOrders', {
    connectionId: DEMO_ACUMATICA_CONNECTION_ID, orders: previewed.orders.map((o) => ({ orderNumber: o.orderNumber, digest: o.preview!.digest! })),
  }, 'a1'));
  expect(approved.settings?.firstOrderApprovedBy).toBeTruthy();
  expect(approved.orders.every((o) => !o.goAhead.needed)).toBe(true);
});
