import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConcurrencyGate } from '../../core/erp/concurrency-gate';
import { ErpHttpClient, type CallRecord } from '../../core/erp/http-client';
import { manualClock } from './transport-fixtures';
import { anyOf, buildQuery, parseErrorBody, readAllPages } from '../../core/erp/odata';
import { decimalToMinor, minorToDecimalString, minorToWireNumber } from '../../core/erp/wire-decimal';

describe('money at the wire', () => {
  it('formats integer minor units to the currency decimal without float arithmetic', () => {
    expect(minorToDecimalString(123456, 2)).toBe('1234.56');
    expect(minorToDecimalString(-5, 2)).toBe('-0.05');
    expect(minorToDecimalString(-5, 0)).toBe('-5');
    expect(minorToDecimalString(1, 3)).toBe('0.001');
    // 0.1 + 0.2 style errors cannot appear: the JSON text is exactly the decimal.
    expect(JSON.stringify({ amount: minorToWireNumber(30, 2) })).toBe('{"amount":0.3}');
    expect(JSON.stringify({ amount: minorToWireNumber(999999999999999, 2) })).toBe('{"amount":9999999999999.99}');
  });

  it('sends every amount as a JSON number whose text is exactly the decimal, up to 15 significant digits', () => {
    // Random amounts of every size up to 15 digits, in currencies with 0, 2 and 3 decimals, plus the edges.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = [0, 1, -1, 5, 10, 99, 100, 101, 999999999999999, -999999999999999, 100000000000000];
    for (let i = 0; i < 20_000; i++) samples.push((Math.round((next() - 0.5) * 2 * 10 ** (1 + Math.floor(next() * 15))) % 1e15) || 0);
    for (const exponent of [0, 2, 3] as const) {
      for (const minor of samples) {
        const text = minorToDecimalString(minor, exponent);
        const wire = minorToWireNumber(minor, exponent);
        expect(wire).toBe(Number(text));
        expect(decimalToMinor(wire, exponent)).toBe(minor);
        expect(JSON.stringify(wire)).toBe(JSON.stringify(Number(text)));
      }
    }
  });

  it('refuses amounts that cannot travel exactly', () => {
    expect(() => minorToWireNumber(1.5, 2)).toThrow(/whole number/);
    expect(() => minorToWireNumber(9007199254740991, 2)).toThrow(/15 significant digits/);
  });

  it('reads decimals back to minor units and refuses sub-minor digits', () => {
    expect(decimalToMinor(1234.5, 2)).toBe(123450);
    expect(decimalToMinor('-0.05', 2)).toBe(-5);
    expect(decimalToMinor(0.3, 2)).toBe(30);
    expect(() => decimalToMinor('1.005', 2)).toThrow(/more decimals/);
  });
});

describe('OData helpers', () => {
  it('doubles quotes in string literals and encodes the query', () => {
    expect(anyOf('number', ["O'Brien", 'A'])).toBe("number eq 'O''Brien' or number eq 'A'");
    expect(buildQuery({ filter: "code eq 'A&B'", top: 1 })).toBe("?$filter=code%20eq%20'A%26B'&$top=1");
  });

  it('follows @odata.nextLink to the end', async () => {
    const pages: Record<string, { value: number[]; '@odata.nextLink'?: string }> = {
      a: { value: [1, 2], '@odata.nextLink': 'b' },
      b: { value: [3], '@odata.nextLink': 'c' },
      c: { value: [] },
    };
    expect(await readAllPages<number>('a', async (u) => pages[u]!)).toEqual([1, 2, 3]);
  });

  it('reads every ERP error shape', () => {
    expect(parseErrorBody('{"error":{"code":"BadRequest_NotFound","message":"Bad Request"}}')).toEqual({ code: 'BadRequest_NotFound', message: 'Bad Request' });
    expect(parseErrorBody('{"error":{"code":301,"message":{"lang":"en-us","value":"Invalid session or session already timeout."}}}')).toEqual({ code: '301', message: 'Invalid session or session already timeout.' });
    expect(parseErrorBody('{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: x","error_codes":[7000215]}')).toEqual({ code: 'AADSTS7000215', message: 'AADSTS7000215: Invalid client secret provided.' });
    expect(parseErrorBody('{"error":{"code":"","message":"An error has occurred.","innererror":{"message":"Write failed"}}}')).toEqual({ code: null, message: 'Write failed' });
    expect(parseErrorBody('<html>gateway</html>')).toEqual({ code: null, message: '<html>gateway</html>' });
  });
});

describe('concurrency gate', () => {
  it('never runs more than its limit at once', async () => {
    const gate = new ConcurrencyGate(5);
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 40 }, () => gate.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    })));
    expect(peak).toBe(5);
  });
});

describe('retrying HTTP client', () => {
  async function serve(handler: (n: number, res: import('node:http').ServerResponse) => void) {
    let n = 0;
    const server = createServer((req, res) => { req.resume(); req.on('end', () => handler(n++, res)); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, count: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
  }
  const fast = { baseMs: 1, capMs: 5, maxAttempts: 4 };

  it('honours Retry-After on 429 and audits every attempt', async () => {
    const s = await serve((n, res) => {
      if (n === 0) { res.writeHead(429, { 'retry-after': '1' }); res.end('{"error":{"code":"Application_TooManyRequests","message":"slow down"}}'); return; }
      res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
    });
    const calls: CallRecord[] = [];
    const clock = manualClock();
    const http = new ErpHttpClient({ system: 't', authorize: async () => ({}), backoff: fast, audit: (c) => calls.push(c), clock });
    const res = await http.send({ operation: 'op', method: 'POST', url: s.url, body: {}, idempotent: false });
    expect(res.json()).toEqual({ ok: true });
    // The wait before the second attempt is the 1 s the Retry-After asked for, not the 1 to 5 ms backoff.
    expect(clock.sleeps).toEqual([1000]);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    await s.close();
  });

  it('does not repeat a non-idempotent request after a 500, but says it may be retried', async () => {
    const s = await serve((_n, res) => { res.writeHead(500); res.end('{"error":{"code":"Internal_ServerError","message":"boom"}}'); });
    const http = new ErpHttpClient({ system: 't', authorize: async () => ({}), backoff: fast });
    await expect(http.send({ operation: 'create', method: 'POST', url: s.url, body: {}, idempotent: false })).rejects.toMatchObject({ kind: 'transient', retryable: true, erpCode: 'Internal_ServerError', httpStatus: 500 });
    expect(s.count()).toBe(1);
    await expect(http.send({ operation: 'read', method: 'GET', url: s.url })).rejects.toThrow(/after 4 attempts: HTTP 500 Internal_ServerError: boom/);
    expect(s.count()).toBe(5);
    await s.close();
  });

  it('renews credentials once after a 401', async () => {
    const s = await serve((n, res) => { res.writeHead(n === 0 ? 401 : 200); res.end('{}'); });
    let renewed = 0;
    let token = 'old';
    const http = new ErpHttpClient({ system: 't', authorize: async () => ({ authorization: token }), onUnauthorized: () => { renewed++; token = 'new'; }, backoff: fast });
    await http.send({ operation: 'read', method: 'GET', url: s.url });
    expect(renewed).toBe(1);
    await s.close();
  });
});
