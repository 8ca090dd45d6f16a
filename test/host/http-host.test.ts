import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../core/host/http-host';
import { startSapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { tempWorkspace } from '../support/temp-workspace';

let ws: ReturnType<typeof tempWorkspace>;
let host: RunningHost;
beforeEach(async () => {
  ws = tempWorkspace();
  host = await startHost(ws);
});
afterEach(async () => {
  await host.close();
  ws.remove();
});

/** A raw request, so the Host header can be what an attacker's page would send. */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const good = () => ({ host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}`, 'content-type': 'application/json' });

describe('headless host', () => {
  it('answers a declared call with the token', async () => {
    const res = await raw({ path: '/api/app.info', headers: good(), body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { workspaceDir: ws.dir } });
  });

  it('refuses a call without the token, or with a wrong one, with 401', async () => {
    const none = await raw({ path: '/api/connections.list', headers: { host: `127.0.0.1:${host.port}` }, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await raw({ path: '/api/connections.list', headers: { ...good(), authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('unauthorized');
  });

  it('refuses a foreign Host header with 403 even with the token (DNS rebinding)', async () => {
    const res = await raw({ path: '/api/app.info', headers: { ...good(), host: `evil.example:${host.port}` }, body: '{}' });
    expect(res.status).toBe(403);
    const localhost = await raw({ path: '/api/app.info', headers: { ...good(), host: `localhost:${host.port}` }, body: '{}' });
    expect(localhost.status).toBe(200);
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const pre = await raw({ method: 'OPTIONS', path: '/api/app.info', headers: { host: `127.0.0.1:${host.port}`, origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    const call = await raw({ path: '/api/app.info', headers: { ...good(), origin: 'https://evil.example' }, body: '{}' });
    for (const res of [pre, call]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(pre.status).toBe(401);
  });

  it('binds loopback only', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers an unknown call with 404 and bad input with the field that is wrong', async () => {
    const unknown = await raw({ path: '/api/secrets.dump', headers: good(), body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_call');
    const bad = await raw({ path: '/api/connections.save', headers: good(), body: JSON.stringify({ kind: 'amazon', name: '', settings: {} }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.issues).toContainEqual({ path: 'name', message: 'Give the connection a name' });
  });

  it('streams progress events of a long call to a client holding the token', async () => {
    const controller = new AbortController();
    const events: unknown[] = [];
    const res = await fetch(`http://127.0.0.1:${host.port}/api/events`, { headers: { authorization: `Bearer ${host.token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reading = (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buf += value;
        for (const m of buf.matchAll(/data: (.*)\n\n/g)) events.push(JSON.parse(m[1]!));
        buf = buf.slice(buf.lastIndexOf('\n\n') + 2);
      }
    })();
    // A loopback SAP Business One, so the call's three steps do not depend on this machine's network.
    const b1 = await startSapB1Emulator();
    const saved = await fetch(`http://127.0.0.1:${host.port}/api/connections.save`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'sap-b1', name: 'B1', settings: { serviceLayerUrl: b1.v2, companyDb: b1.seed.companyDb, userName: 'manager' } }),
    }).then((r) => r.json());
    await ws.credentials.set(saved.value.id, 'password', b1.seed.users.manager!);
    const tested = await fetch(`http://127.0.0.1:${host.port}/api/connections.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', 'x-call-id': 'call-42' },
      body: JSON.stringify({ id: saved.value.id }),
    }).then((r) => r.json());
    await b1.stop();
    expect(tested).toMatchObject({ ok: true, value: { status: 'ok' } });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await reading;
    expect(events).toContainEqual({ type: 'changed', topic: 'connections' });
    expect(events.filter((e) => (e as { callId?: string }).callId === 'call-42').map((e) => (e as { done: number }).done)).toEqual([0, 1, 2]);
    const noToken = await fetch(`http://127.0.0.1:${host.port}/api/events`);
    expect(noToken.status).toBe(401);
  });

  it('answers a request that fails inside the host with 500, logs it, and goes on serving', async () => {
    const logged: string[] = [];
    const guarded = await startHost(ws, { log: (l) => logged.push(l) });
    const subscribe = ws.events.subscribe;
    ws.events.subscribe = () => {
      throw new Error('event bus gone');
    };
    try {
      const failed = await fetch(`http://127.0.0.1:${guarded.port}/api/events`, { headers: { authorization: `Bearer ${guarded.token}` } });
      expect(failed.status).toBe(500);
      expect(await failed.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(logged.join('\n')).toMatch(/GET request failed: Error: event bus gone/);
    } finally {
      ws.events.subscribe = subscribe;
    }
    const after = await fetch(`http://127.0.0.1:${guarded.port}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${guarded.token}` }, body: '{}' });
    expect(after.status).toBe(200);
    await guarded.close();
  });

  it('answers a malformed percent-encoding with 400, with or without the token', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/api/%', '/api/app.info%E0%A4%A']) {
      const res = await raw({ method: 'GET', path, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.status, path).toBe(400);
      const withToken = await raw({ path, headers: good(), body: '{}' });
      expect(withToken.status, path).toBe(400);
    }
  });
});
