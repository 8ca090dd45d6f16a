import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { Dispatcher } from '../../core/api/dispatch';
import { tempWorkspace } from '../support/temp-workspace';

let ws: ReturnType<typeof tempWorkspace>;
let api: Dispatcher;
let n = 0;
const call = async (name: string, input: unknown) =>
  (await api.invoke(name, input, `c${n++}`)) as { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

beforeEach(() => {
  ws = tempWorkspace();
  ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'BC Cronus', settings: {} });
  ws.connections.upsert({ id: 'b1', kind: 'sap-b1', name: 'SAP B1 Oec', settings: {} });
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: {} });
  api = createDispatcher(ws);
});
afterEach(() => ws.remove());

describe('orderPosting: "Settlement only" or "Orders as invoices" per ERP connection', () => {
  it('starts every connection on "Settlement only"', async () => {
    expect(await call('orderPosting.get', { connectionId: 'bc' })).toEqual({
      ok: true, value: { connectionId: 'bc', mode: 'settlement-only', invoicesSupported: true, updatedAt: null, updatedBy: null },
    });
  });

  it('switches a Business Central connection to orders as invoices, keeps it, and audits who did it', async () => {
    const set = await call('orderPosting.set', { connectionId: 'bc', mode: 'orders-as-invoices' });
    expect(set).toMatchObject({ ok: true, value: { mode: 'orders-as-invoices', updatedBy: ws.osUser } });
    expect(await call('orderPosting.get', { connectionId: 'bc' })).toMatchObject({ ok: true, value: { mode: 'orders-as-invoices' } });
    expect(await call('orderPosting.get', { connectionId: 'b1' })).toMatchObject({ ok: true, value: { mode: 'settlement-only' } });
    const decisions = ws.audit.list({}).filter((e) => e.operation === 'connection.order-posting-mode');
    expect(decisions.map((e) => [e.connectionId, e.actor, JSON.parse(String(e.detail))])).toEqual([['bc', ws.osUser, { from: 'settlement-only', to: 'orders-as-invoices' }]]);
    // The same choice again changes nothing and records nothing.
    await call('orderPosting.set', { connectionId: 'bc', mode: 'orders-as-invoices' });
    expect(ws.audit.list({}).filter((e) => e.operation === 'connection.order-posting-mode')).toHaveLength(1);
  });

  it('refuses orders as invoices where the ERP cannot post sales invoices yet, and anything but an ERP connection', async () => {
    const b1 = await call('orderPosting.set', { connectionId: 'b1', mode: 'orders-as-invoices' });
    expect(b1).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^SAP B1 Oec cannot take Amazon orders as sales invoices yet; it stays on "Settlement only"/) } });
    expect(await call('orderPosting.get', { connectionId: 'b1' })).toMatchObject({ ok: true, value: { mode: 'settlement-only', invoicesSupported: false } });
    expect(await call('orderPosting.get', { connectionId: 'amz' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not an ERP connection/) } });
    expect(await call('orderPosting.get', { connectionId: 'gone' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('orderPosting.set', { connectionId: 'bc', mode: 'per-day' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
