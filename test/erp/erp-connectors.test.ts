import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerErpKind } from '../../core/erp/registry';
import type { ConnectionKind } from '../../core/connections/connection-kinds';
import { ConnectionUnusable } from '../../core/connections/erp-connectors';
import { connectionResources } from '../../core/sync/connection-resources';
import { MemoryCredentials } from '../review/review-fixtures';
import { tempWorkspace } from '../support/temp-workspace';
import { FAKE_CAPABILITIES, FAKE_KIND, FakeErpConnector, FakeLedger, registerFakeErp } from './fake-erp/fake-erp';

const C = 'fake-1';
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

async function setup() {
  const ledger = new FakeLedger();
  cleanups.push(registerFakeErp(ledger));
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  ws.connections.upsert({ id: C, kind: FAKE_KIND as ConnectionKind, name: 'Fake Books', settings: { company: 'Fake Co' } }, new Date('2026-11-02T08:00:00Z'));
  await ws.credentials.set(C, 'apiKey', ledger.apiKey);
  return { ws, ledger };
}

describe('the ERP connectors of a workspace (one composition root)', () => {
  it('builds one connector per connection and hands the same one to every caller: mappings, posting by hand and the jobs', async () => {
    const { ws, ledger } = await setup();
    const [a, b] = await Promise.all([ws.erp.connector(C), ws.erp.connector(C)]);
    expect(a).toBe(b);
    expect(await connectionResources(ws).erpConnector(C)).toBe(a);
    expect(ledger.built).toHaveLength(1);
    expect((a as FakeErpConnector).ctx.settings).toEqual({ company: 'Fake Co' });
  });

  it('an edited connection gets a new connector with the new settings, and the old one is closed', async () => {
    const { ws, ledger } = await setup();
    const first = (await ws.erp.connector(C)) as FakeErpConnector;
    ws.connections.upsert({ id: C, kind: FAKE_KIND as ConnectionKind, name: 'Fake Books', settings: { company: 'Fake Co 2' } }, new Date('2026-11-02T09:00:00Z'));
    const second = (await ws.erp.connector(C)) as FakeErpConnector;
    expect(second).not.toBe(first);
    expect(second.ctx.settings).toEqual({ company: 'Fake Co 2' });
    await new Promise((r) => setImmediate(r));
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    expect(ledger.built).toHaveLength(2);
  });

  it('tuning (quicker retries for a test) rebuilds the connectors with it, closing the ones built before', async () => {
    const { ws } = await setup();
    const before = (await ws.erp.connector(C)) as FakeErpConnector;
    expect(before.ctx.tuning).toEqual({});
    ws.erp.tune({ backoff: { baseMs: 1, capMs: 5, maxAttempts: 2 } });
    const after = (await ws.erp.connector(C)) as FakeErpConnector;
    expect(after.ctx.tuning).toEqual({ backoff: { baseMs: 1, capMs: 5, maxAttempts: 2 } });
    await new Promise((r) => setImmediate(r));
    expect(before.closed).toBe(true);
  });

  it('closes every connector when the workspace closes', async () => {
    const { ws } = await setup();
    const c = (await ws.erp.connector(C)) as FakeErpConnector;
    ws.close();
    await new Promise((r) => setImmediate(r));
    expect(c.closed).toBe(true);
  });

  it('a missing secret is named, and once entered the next call builds the connector', async () => {
    const { ws } = await setup();
    await ws.credentials.delete(C, 'apiKey');
    await expect(ws.erp.connector(C)).rejects.toThrow(new ConnectionUnusable('invalid_input', 'Fake Books has no API key set. Edit the connection and enter it.'));
    await ws.credentials.set(C, 'apiKey', 'fake-key');
    expect(await ws.erp.connector(C)).toBeInstanceOf(FakeErpConnector);
  });

  it('refuses what is not an ERP connection with a connector: unknown, Amazon, or a kind not built yet', async () => {
    const { ws } = await setup();
    expect(() => ws.erp.connection('nope')).toThrow('There is no connection with id nope.');
    ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: { region: 'EU' } });
    expect(() => ws.erp.connection('amz')).toThrow('Amazon EU is not an ERP connection; mappings and posting need one.');
    // Every shipped ERP kind has its connector now: a kind registered without one stands for the next ERP.
    cleanups.push(registerErpKind({ kind: 'unbuilt-erp', label: 'Unbuilt Ledger', settings: z.object({}), fields: [], secrets: [], capabilities: { ...FAKE_CAPABILITIES, flows: [] } }));
    ws.connections.upsert({ id: 'next', kind: 'unbuilt-erp' as ConnectionKind, name: 'Next Ledger', settings: {} });
    expect(() => ws.erp.connection('next')).toThrow(/^Next Ledger is a Unbuilt Ledger connection, whose connector is not built yet/);
  });
});
