import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock/clock';
import { ErpHttpClient, type HttpClientOptions } from '../../core/erp/http-client';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A node:http server on 127.0.0.1 and a free port; the handler sees each request with its body read. */
export async function localServer(handler: (req: Received, res: ServerResponse) => void | Promise<void>) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      void handler(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** Retries without real waiting: a few ms at most. */
export function client(o: Partial<HttpClientOptions> = {}): ErpHttpClient {
  return new ErpHttpClient({ system: 'test-erp', authorize: async () => ({}), backoff: { baseMs: 1, capMs: 2, maxAttempts: 4 }, ...o });
}

/** A clock the test owns: sleeping moves it forward at once, and each sleep is recorded. */
export function manualClock(start = Date.parse('2026-06-15T08:00:00Z')): Clock & { sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      sleeps.push(ms);
      t += ms;
    },
  };
}
