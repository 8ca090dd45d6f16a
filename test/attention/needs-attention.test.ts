import { afterEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore, type RetryResult } from '../../core/attention';
import { ManualClock, MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function setup() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const clock = new ManualClock(Date.parse('2026-07-01T09:00:00Z'));
  const store = new DeadLetterStore(ws.db, () => new Date(clock.now()));
  return { ws, clock, store, flows: new AttentionFlows(store, ws.audit, 60_000) };
}

const order = (n: number) => ({
  flow: 'orders', recordKey: `111-000000${n}`, summary: `Order 111-000000${n}`, error: 'The item "MUG-X" does not exist.', fix: 'Map SKU MUG-X to an ERP item under Mappings, then retry.',
});

describe('Needs attention: held records of any flow, retried after the fix, each once', () => {
  it('a record that fails permanently is held with its error and fix; holding it again keeps one row with the newer error', () => {
    const { store } = setup();
    store.hold(order(1));
    store.hold({ ...order(1), error: 'The customer "AMZ" is blocked.' });
    const held = store.list();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ flow: 'orders', recordKey: '111-0000001', error: 'The customer "AMZ" is blocked.', fix: order(1).fix, state: 'open', attempts: 0 });
  });

  it('a retry that goes through leaves the list; one that fails again stays with the new error', async () => {
    const { store, flows, ws } = setup();
    const answers: RetryResult[] = [{ ok: false, error: 'The item "MUG-X" is blocked in the ERP.' }, { ok: true }];
    let calls = 0;
    flows.register({ flow: 'orders', label: 'Amazon orders', retry: async () => answers[calls++]! });
    const { id } = store.hold(order(1));
    expect(await flows.retry(id, 'controller')).toEqual({ id, outcome: 'failed', error: 'The item "MUG-X" is blocked in the ERP.' });
    expect(store.list()).toMatchObject([{ id, state: 'open', error: 'The item "MUG-X" is blocked in the ERP.', attempts: 1 }]);
    expect(await flows.retry(id, 'controller')).toEqual({ id, outcome: 'resolved' });
    expect(store.list()).toEqual([]);
    expect(store.get(id)).toMatchObject({ state: 'resolved', attempts: 2, resolvedAt: '2026-07-01T09:00:00.000Z' });
    // Retrying what went through does nothing.
    expect(await flows.retry(id, 'controller')).toEqual({ id, outcome: 'gone' });
    expect(calls).toBe(2);
    expect(ws.audit.list({}).filter((e) => e.operation === 'attention.retry').map((e) => [e.actor, e.status])).toEqual([['controller', 'resolved'], ['controller', 'failed']]);
  });

  it('two retries of one record at once run it once: the second is told it is busy', async () => {
    const { store, flows } = setup();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    flows.register({ flow: 'orders', label: 'Amazon orders', retry: async () => { calls++; await gate; return { ok: true }; } });
    const { id } = store.hold(order(1));
    const first = flows.retry(id, 'a');
    const second = await flows.retry(id, 'b');
    const all = flows.retryAll('c');
    release();
    expect(await first).toEqual({ id, outcome: 'resolved' });
    expect(second).toEqual({ id, outcome: 'busy' });
    expect(await all).toEqual([]);
    expect(calls).toBe(1);
  });

  it('retry all runs each held record of the chosen flow once, and leaves other flows alone', async () => {
    const { store, flows } = setup();
    const ran: string[] = [];
    flows.register({ flow: 'orders', label: 'Amazon orders', retry: async (l) => { ran.push(l.recordKey); return l.recordKey.endsWith('2') ? { ok: false, error: 'still blocked' } : { ok: true }; } });
    flows.register({ flow: 'listings', label: 'Listings', retry: async (l) => { ran.push(l.recordKey); return { ok: true }; } });
    store.hold(order(1));
    store.hold(order(2));
    store.hold(order(3));
    store.hold({ ...order(4), flow: 'listings', recordKey: 'MUG-BLUE' });
    const reports = await flows.retryAll('controller', 'orders');
    expect(reports.map((r) => r.outcome)).toEqual(['resolved', 'failed', 'resolved']);
    expect(ran).toEqual(['111-0000001', '111-0000002', '111-0000003']);
    expect(store.list().map((l) => l.recordKey)).toEqual(['MUG-BLUE', '111-0000002']);
  });

  it('a retry whose process died is taken over once its lease ran out, and the dead one cannot record an outcome', async () => {
    const { store, clock } = setup();
    const { id } = store.hold(order(1));
    const dead = store.claim(id, 60_000)!;
    expect(store.claim(id, 60_000)).toBeNull();
    clock.advance(61_000);
    const next = store.claim(id, 60_000)!;
    expect(next).not.toBeNull();
    expect(store.finish(dead, { ok: true })).toBe(false);
    expect(store.get(id)!.state).toBe('retrying');
    expect(store.finish(next, { ok: true })).toBe(true);
    expect(store.get(id)!.state).toBe('resolved');
  });

  it('a record claimed before claims took a lease (no lease recorded) stays held until its time ran out', () => {
    const { ws, store, clock } = setup();
    const { id } = store.hold(order(1));
    ws.db.prepare("UPDATE dead_letter SET state = 'retrying', claim_token = 'old', claimed_at = ? WHERE id = ?").run(new Date(clock.now()).toISOString(), id);
    expect(store.claim(id, 60_000)).toBeNull();
    clock.advance(61_000);
    expect(store.claim(id, 60_000)).not.toBeNull();
  });

  it('a record that went through and fails again later is held again', () => {
    const { store } = setup();
    const { id } = store.hold(order(1));
    store.clear('orders', '111-0000001');
    expect(store.list()).toEqual([]);
    expect(store.hold(order(1))).toMatchObject({ id, state: 'open', resolvedAt: null });
  });

  it('a record of a flow nothing registers is kept and says so on retry', async () => {
    const { store, flows } = setup();
    const { id } = store.hold({ ...order(1), flow: 'vendor' });
    expect(await flows.retry(id, 'controller')).toMatchObject({ outcome: 'no-handler', error: expect.stringMatching(/"vendor"/) });
    expect(store.list()).toHaveLength(1);
  });
});
