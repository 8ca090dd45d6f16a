import { describe, expect, it } from 'vitest';
import { sendConcurrently, type SendVerdict } from '../../core/vendor/concurrent-sends';

/** A send that finishes when the test says so, recording how many were in flight at once. */
function gatedSends() {
  const open = new Map<number, (v: SendVerdict | Error) => void>();
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const send = (n: number) => new Promise<SendVerdict>((resolve, reject) => {
    started.push(n);
    inFlight++;
    peak = Math.max(peak, inFlight);
    open.set(n, (v) => { inFlight--; open.delete(n); if (v instanceof Error) reject(v); else resolve(v); });
  });
  const settle = async (n: number, v: SendVerdict | Error = 'next') => { open.get(n)!(v); await new Promise((r) => setImmediate(r)); };
  return { send, settle, started, open, peak: () => peak };
}

describe('Sending a run\'s documents several at once', () => {
  it('keeps no more in flight than the limit and starts the next as one finishes, each once', async () => {
    const g = gatedSends();
    const run = sendConcurrently([1, 2, 3, 4, 5, 6, 7], 3, g.send);
    await new Promise((r) => setImmediate(r));
    expect(g.started).toEqual([1, 2, 3]);
    await g.settle(2);
    expect(g.started).toEqual([1, 2, 3, 4]);
    for (const n of [1, 3, 4, 5, 6, 7]) await g.settle(n);
    await run;
    expect(g.started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(g.peak()).toBe(3);
  });

  it('starts none after one says stop (throttled past its retries), and lets those in flight finish', async () => {
    const g = gatedSends();
    const run = sendConcurrently([1, 2, 3, 4, 5], 2, g.send);
    await new Promise((r) => setImmediate(r));
    await g.settle(1, 'stop');
    expect(g.open.has(2)).toBe(true);
    await g.settle(2);
    await run;
    expect(g.started).toEqual([1, 2]);
  });

  it('throws the first error once the sends in flight have finished and recorded their outcome', async () => {
    const g = gatedSends();
    let done = false;
    const run = sendConcurrently([1, 2, 3], 2, g.send).then(() => null, (e: unknown) => e).finally(() => { done = true; });
    await new Promise((r) => setImmediate(r));
    await g.settle(1, new Error('the outbox refused PO 1'));
    expect(done).toBe(false);
    await g.settle(2);
    expect(await run).toEqual(new Error('the outbox refused PO 1'));
    expect(g.started).toEqual([1, 2]);
  });

  it('starts nothing once the run is cancelled', async () => {
    const g = gatedSends();
    const cancel = new AbortController();
    const run = sendConcurrently([1, 2, 3], 1, g.send, cancel.signal);
    await new Promise((r) => setImmediate(r));
    cancel.abort();
    await g.settle(1);
    await run;
    expect(g.started).toEqual([1]);
  });
});
