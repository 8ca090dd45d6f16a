import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock/clock';
import { sendAndAwait } from '../../core/erp/long-running';
import { client, json, localServer, manualClock } from './transport-fixtures';

type Server = Awaited<ReturnType<typeof localServer>>;
let server: Server | null = null;
afterEach(async () => { await server?.close(); server = null; });

const RELEASE = '/entity/Default/24.200.001/JournalTransaction/ReleaseJournalTransaction';
const STATUS = `${RELEASE}/status/7f3c`;

/** Acumatica's action pattern (NOTES §4.3): 202 + Location, the status URL answers 202 until done, then 204. */
async function acumaticaAction(runningChecks: number, statusHeaders: Record<string, string> = {}, finish: (res: import('node:http').ServerResponse) => void = (res) => { res.writeHead(204); res.end(); }) {
  let checks = 0;
  return localServer((req, res) => {
    if (req.method === 'POST' && req.url === RELEASE) { res.writeHead(202, { location: STATUS }); res.end(); return; }
    if (req.method === 'GET' && req.url === STATUS) {
      if (checks++ < runningChecks) { res.writeHead(202, { location: STATUS, ...statusHeaders }); res.end(); return; }
      finish(res);
      return;
    }
    json(res, 404, { message: 'no route' });
  });
}

const release = (base: string) => ({ operation: 'POST ReleaseJournalTransaction', method: 'POST' as const, url: `${base}${RELEASE}`, body: { entity: { BatchNbr: { value: '000123' } }, parameters: {} }, idempotent: false });

describe('polling a 202 + Location until done', () => {
  it('polls the Location on the injected clock until the action answers 204', async () => {
    server = await acumaticaAction(2);
    const clock = manualClock();
    const res = await sendAndAwait(client(), release(server.base), { clock, intervalMs: 1000, maxWaitMs: 60_000 });
    expect(res.status).toBe(204);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${RELEASE}`, `GET ${STATUS}`, `GET ${STATUS}`, `GET ${STATUS}`]);
  });

  it("waits as long as the server's Retry-After asks", async () => {
    server = await acumaticaAction(1, { 'retry-after': '5' });
    const clock = manualClock();
    await sendAndAwait(client(), release(server.base), { clock, intervalMs: 1000, maxWaitMs: 60_000 });
    expect(clock.sleeps).toEqual([1000, 5000]);
  });

  it('gives up after the limit, saying the work may still finish', async () => {
    server = await acumaticaAction(Number.POSITIVE_INFINITY);
    const clock = manualClock();
    const err = await sendAndAwait(client(), release(server.base), { clock, intervalMs: 2000, maxWaitMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', retryable: true, httpStatus: 202 });
    expect((err as Error).message).toMatch(/ReleaseJournalTransaction was still running after 10 s \(5 checks of http:\/\/127\.0\.0\.1:\d+\/entity.*\/status\/7f3c\); it may yet finish there/);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('stops waiting when cancelled', async () => {
    server = await acumaticaAction(Number.POSITIVE_INFINITY);
    const cancel = new AbortController();
    const waitsForever: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        cancel.abort(new Error('cancelled by the user'));
      }),
    };
    await expect(sendAndAwait(client(), release(server.base), { clock: waitsForever, intervalMs: 1000, maxWaitMs: 60_000, signal: cancel.signal })).rejects.toThrow('cancelled by the user');
    expect(server.received).toHaveLength(1);
  });

  it('a failed action surfaces as the error the status URL answers with', async () => {
    server = await acumaticaAction(1, {}, (res) => json(res, 422, { message: 'The document is out of balance.', exceptionMessage: 'The document is out of balance.', exceptionType: 'PX.Data.PXException' }));
    const err = await sendAndAwait(client(), release(server.base), { clock: manualClock(), intervalMs: 1000, maxWaitMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'validation', httpStatus: 422, erpCode: 'PX.Data.PXException', erpMessage: 'The document is out of balance.', operation: 'POST ReleaseJournalTransaction status' });
  });

  it('an answer other than 202 is returned as it is, with no polling', async () => {
    server = await localServer((_req, res) => json(res, 200, { done: true }));
    const clock = manualClock();
    const res = await sendAndAwait(client(), release(server.base), { clock, intervalMs: 1000, maxWaitMs: 60_000 });
    expect(res.json()).toEqual({ done: true });
    expect(clock.sleeps).toEqual([]);
  });
});
