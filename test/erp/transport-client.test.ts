import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../core/erp/concurrency-gate';
import { SharedSession } from '../../core/erp/shared-session';
import type { ErpErrorKind } from '../../core/erp/erp-error';
import { client, json, localServer, manualClock } from './transport-fixtures';

type Server = Awaited<ReturnType<typeof localServer>>;
let server: Server | null = null;
afterEach(async () => { await server?.close(); server = null; });

describe('PUT', () => {
  it('sends a PUT with its JSON body, as Acumatica creates and updates records', async () => {
    server = await localServer((req, res) => json(res, 200, { method: req.method, echoed: JSON.parse(req.body) as unknown }));
    const res = await client().send({ operation: 'PUT JournalTransaction', method: 'PUT', url: `${server.base}/entity/Default/24.200.001/JournalTransaction`, body: { Description: { value: 'Settlement 1001' } }, headers: { 'if-none-match': '*' } });
    expect(res.json()).toEqual({ method: 'PUT', echoed: { Description: { value: 'Settlement 1001' } } });
    expect(server.received[0]!.headers['if-none-match']).toBe('*');
    expect(server.received[0]!.headers['content-type']).toBe('application/json');
  });
});

describe('waits between attempts', () => {
  it("are on the injected clock: a 429's Retry-After of 30 s costs no real time", async () => {
    server = await localServer((_req, res) => (server!.received.length === 1 ? json(res, 429, {}, { 'retry-after': '30' }) : json(res, 200, { ok: true })));
    const clock = manualClock();
    await client({ clock }).send({ operation: 'POST Orders', method: 'POST', url: `${server.base}/b1s/v2/Orders`, body: {}, idempotent: false });
    expect(clock.sleeps).toEqual([30_000]);
    expect(clock.now()).toBe(Date.parse('2026-06-15T08:00:30Z'));
    // A real wait of 30 s besides the clock's would run past this test's timeout.
  }, 10_000);
});

describe("the ERP's own error classification comes before the generic 5xx rule", () => {
  // Acumatica answers a permanent business error with HTTP 500 (NOTES §4.7).
  const acumatica500 = { message: 'An error has occurred.', exceptionMessage: 'No entity satisfies the condition.', exceptionType: 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException' };
  const acumaticaClassifier = ({ status, code }: { status: number; code: string | null }): ErpErrorKind | null =>
    status === 500 && code?.startsWith('PX.') ? 'validation' : null;

  it('a permanent error reported as 500 is not retried and is not offered for retry', async () => {
    server = await localServer((_req, res) => json(res, 500, acumatica500));
    const err = await client({ classify: acumaticaClassifier }).send({ operation: 'GET SalesInvoice', method: 'GET', url: `${server.base}/SalesInvoice` }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'validation', retryable: false, httpStatus: 500, erpCode: 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException', erpMessage: 'No entity satisfies the condition.' });
    expect((err as Error).message).toBe('test-erp GET SalesInvoice failed: HTTP 500 PX.Api.ContractBased.NoEntitySatisfiesTheConditionException: No entity satisfies the condition.');
    expect(server.received).toHaveLength(1);
  });

  it('without a verdict the same 500 is transient and a GET is retried', async () => {
    server = await localServer((_req, res) => json(res, 500, acumatica500));
    await expect(client().send({ operation: 'GET SalesInvoice', method: 'GET', url: `${server.base}/SalesInvoice` })).rejects.toMatchObject({ kind: 'transient', retryable: true });
    expect(server.received).toHaveLength(4);
  });

  it('a classifier with no opinion leaves a real outage transient', async () => {
    server = await localServer((req, res) => (server!.received.length === 1 ? json(res, 503, { message: 'Service Unavailable' }) : json(res, 200, { ok: req.url })));
    const res = await client({ classify: acumaticaClassifier }).send({ operation: 'GET SalesInvoice', method: 'GET', url: `${server.base}/SalesInvoice` });
    expect(res.json()).toEqual({ ok: '/SalesInvoice' });
    expect(server.received).toHaveLength(2);
  });

  it('a classifier may call a refusal throttling (Acumatica "API Login Limit"), which is retried even on a create', async () => {
    server = await localServer((_req, res) => (server!.received.length === 1 ? json(res, 500, { message: 'API Login Limit' }) : json(res, 200, {})));
    const classify = ({ body }: { body: string }): ErpErrorKind | null => (body.includes('API Login Limit') ? 'throttled' : null);
    await client({ classify }).send({ operation: 'PUT Bill', method: 'PUT', url: `${server.base}/Bill`, body: {} });
    expect(server.received).toHaveLength(2);
  });
});

describe('re-authentication: one login at a time, one retry (SAP B1 session expiry, NOTES §3.1)', () => {
  /** A Service Layer that knows one live session and answers anything else with 401 and code 301. */
  async function serviceLayer(shape: 'v1' | 'v2', loginDelayMs = 10) {
    let live: string | null = null;
    let sessions = 0;
    const expired = shape === 'v1'
      ? { error: { code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } } }
      : { error: { code: '301', message: 'Invalid session or session already timeout.' } };
    const s = await localServer(async (req, res) => {
      if (req.url.endsWith('/Login')) {
        await new Promise((r) => setTimeout(r, loginDelayMs));
        live = `S${++sessions}`;
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': [`B1SESSION=${live};HttpOnly`, 'ROUTEID=.node1; path=/b1s'] });
        res.end(JSON.stringify({ SessionId: live, Version: '1000110', SessionTimeout: 30 }));
        return;
      }
      if (req.headers.cookie?.includes(`B1SESSION=${live}`) && live) json(res, 200, { value: [{ DocEntry: 1 }] });
      else json(res, 401, expired);
    });
    const session = new SharedSession<string>({
      login: async () => {
        const r = await fetch(`${s.base}/b1s/${shape}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: 'SBODEMOUS', UserName: 'manager', Password: 'x' }) });
        return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      },
      headers: (cookie) => ({ cookie }),
    });
    const http = client({
      gate: new ConcurrencyGate(10),
      authorize: (signal) => session.authorize(signal),
      onUnauthorized: (rejected, signal) => session.renew(rejected, signal),
      isSessionExpired: (status, e) => status === 401 && e.code === '301',
    });
    return { s, session, http, expire: () => { live = null; } };
  }

  for (const shape of ['v1', 'v2'] as const) {
    it(`${shape}: after the session times out, ten concurrent calls share one new login and each succeeds`, async () => {
      const b1 = await serviceLayer(shape);
      server = b1.s;
      await b1.http.send({ operation: 'GET Orders', method: 'GET', url: `${b1.s.base}/b1s/${shape}/Orders` });
      expect(b1.session.logins).toBe(1);
      b1.expire();
      const results = await Promise.all(Array.from({ length: 10 }, () => b1.http.send({ operation: 'GET Orders', method: 'GET', url: `${b1.s.base}/b1s/${shape}/Orders` })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(b1.session.logins).toBe(2);
      expect(b1.s.received.filter((r) => r.url.endsWith('/Login'))).toHaveLength(2);
      // Each call went out at most twice: the refused attempt and its one retry.
      expect(b1.s.received.filter((r) => r.url.endsWith('/Orders')).length).toBeLessThanOrEqual(1 + 10 + 10);
    });
  }

  it('a session refused again right after the new login fails as an auth error, without a third try', async () => {
    server = await localServer(async (req, res) => {
      if (req.url.endsWith('/Login')) { res.writeHead(200, { 'set-cookie': 'B1SESSION=never-valid' }); res.end('{}'); return; }
      json(res, 401, { error: { code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } } });
    });
    const base = server.base;
    const session = new SharedSession<string>({ login: async () => (await fetch(`${base}/b1s/v1/Login`, { method: 'POST' })).headers.get('set-cookie') ?? '', headers: (c) => ({ cookie: c }) });
    const http = client({ authorize: (s) => session.authorize(s), onUnauthorized: (h, s) => session.renew(h, s), isSessionExpired: (status, e) => status === 401 && e.code === '301' });
    await expect(http.send({ operation: 'POST JournalEntries', method: 'POST', url: `${base}/b1s/v1/JournalEntries`, body: {}, idempotent: false }))
      .rejects.toMatchObject({ kind: 'auth', httpStatus: 401, erpCode: '301', erpMessage: 'Invalid session or session already timeout.' });
    expect(server.received.filter((r) => r.url.endsWith('/JournalEntries'))).toHaveLength(2);
    expect(session.logins).toBe(2);
  });

  it('a 401 that is not session expiry (another code) does not log in again', async () => {
    server = await localServer((_req, res) => json(res, 401, { error: { code: 804, message: { lang: 'en-us', value: 'No permission to access this view' } } }));
    let renewals = 0;
    const http = client({ onUnauthorized: () => { renewals++; }, isSessionExpired: (status, e) => status === 401 && e.code === '301' });
    await expect(http.send({ operation: 'GET Orders', method: 'GET', url: `${server.base}/b1s/v1/Orders` })).rejects.toMatchObject({ kind: 'auth', erpCode: '804' });
    expect(renewals).toBe(0);
    expect(server.received).toHaveLength(1);
  });

  it('a caller that cancels while the shared login runs leaves; the others still get the session', async () => {
    let release: () => void = () => undefined;
    let logins = 0;
    const session = new SharedSession<string>({ login: () => new Promise((r) => { logins++; release = () => r('B1SESSION=S1'); }), headers: (c) => ({ cookie: c }) });
    const cancel = new AbortController();
    const leaving = session.authorize(cancel.signal);
    const staying = session.authorize();
    cancel.abort(new Error('user cancelled'));
    await expect(leaving).rejects.toThrow('user cancelled');
    release();
    await expect(staying).resolves.toEqual({ cookie: 'B1SESSION=S1' });
    expect(logins).toBe(1);
  });

  it('close() logs out so the licence seat is free at once', async () => {
    const loggedOut: string[] = [];
    const session = new SharedSession<string>({ login: async () => 'S1', headers: (c) => ({ cookie: c }), logout: async (s) => { loggedOut.push(s); } });
    await session.authorize();
    await session.close();
    expect(loggedOut).toEqual(['S1']);
  });
});
