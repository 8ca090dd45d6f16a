import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createDispatcher } from '../api/handlers';
import type { ApiErrorCode, Envelope } from '../api/envelope';
import type { Workspace } from '../workspace/workspace';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';
import { STATIC_CONTENT_TYPES as MIME } from '../net/static-content-types';

export interface HostOptions {
  port?: number;
  /** Built renderer (dist/renderer). Without it only the API is served. */
  rendererDir?: string;
  token?: string;
  /** Where a request that failed inside the host is reported; the host goes on serving. */
  log?: (line: string) => void;
  /** Largest request body taken in one call; MAX_BODY_BYTES when absent. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  port: number;
  token: string;
  url: string;
  server: Server;
  close(): Promise<void>;
}

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  unknown_call: 404,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  internal: 500,
  keychain_unavailable: 503,
};
// Settlement files dropped on the window travel as base64 in the call; files larger than this go through
// the command line or the Amazon import, which stream.
const MAX_BODY_BYTES = 96 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

class BodyTooLarge extends Error {}

/**
 * The body as text, or BodyTooLarge. An oversized body is read to its end and dropped before the answer:
 * closing a socket the client is still writing to resets the connection, and the client then never sees
 * the 413. Past DRAIN_FACTOR times the limit the client is not worth waiting for.
 */
const DRAIN_FACTOR = 8;
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else {
        chunks.length = 0;
        if (size > limit * DRAIN_FACTOR) req.destroy();
      }
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolveBody(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * The path of a request target, percent-decoded, or null when the target is not a valid URL path or its
 * percent-encoding is not UTF-8 (`/%`, `/%E0%A4%A`): a browser page can send those without the token.
 */
function decodedPath(target: string): { raw: string; decoded: string } | null {
  let raw: string;
  try {
    raw = new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
  try {
    return { raw, decoded: decodeURIComponent(raw) };
  } catch {
    return null;
  }
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The headless host: the core API over loopback HTTP for a browser or an unattended machine.
 * It binds 127.0.0.1 only, checks the Host header (a DNS-rebinding page cannot reach it), requires the
 * per-launch bearer token on every API call, and sends no CORS headers, so a page from any other origin
 * in the user's browser cannot read an answer.
 */
export async function startHost(ws: Workspace, options: HostOptions = {}): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const dispatcher = createDispatcher(ws);
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : null;
  let port = 0;
  const sseClients = new Set<ServerResponse>();

  const log = options.log ?? ((line: string) => console.error(line));
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: `Host "${req.headers.host ?? ''}" is not this machine's loopback address.` } });
    }
    const path = decodedPath(req.url ?? '/');
    if (!path) {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The address is not a valid path: each % must start a UTF-8 character written as %XX.' } });
    }
    if (path.raw.startsWith('/api/')) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (!tokenMatches(given, token)) {
        return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token. Open the address ml-connector printed when it started.' } });
      }
      if (path.raw === '/api/events' && req.method === 'GET') return streamEvents(res);
      if (req.method !== 'POST') {
        return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'API calls are POST requests.' } });
      }
      const name = path.decoded.slice('/api/'.length);
      let input: unknown;
      try {
        const body = await readBody(req, maxBody);
        input = body.trim() === '' ? {} : JSON.parse(body);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          return sendJson(res, 413, {
            ok: false,
            error: { code: 'invalid_input', message: `The request is larger than ${megabytes(maxBody)}, the most this host takes in one call: import a file this large with ml-connector settlement import FILE.` },
          });
        }
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: `The request body is not JSON: ${(err as Error).message}` } });
      }
      const callId = String(req.headers['x-call-id'] ?? randomUUID());
      const envelope: Envelope<unknown> = await dispatcher.invoke(name, input, callId);
      return sendJson(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'The app is read with GET.' } });
    }
    return serveStatic(path.decoded, res);
  }

  // The one guard over every request: whatever a request makes fail is logged and answered, and the host
  // keeps serving the others (an unhandled rejection would end the process).
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`ml-connector host: ${req.method ?? '?'} request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The host failed on this request; it is logged and the host goes on serving.' } });
      else res.destroy();
    });
  });

  function streamEvents(res: ServerResponse) {
    // An event can arrive between the client going away and 'close': writing then would raise an error event
    // outside any request handler.
    const send = (text: string) => void (res.writableEnded || res.destroyed ? undefined : res.write(text));
    const unsubscribe = ws.events.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    if (!rendererDir) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'This host serves the API only.' } });
    const rel = normalize(pathname).replace(/^([/\\])+/, '');
    let file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Outside the app.' } });
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    if (!existsSync(file)) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'The renderer is not built: run npm run build.' } });
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    });
    createReadStream(file)
      .on('error', (err) => {
        log(`ml-connector host: reading ${file} failed: ${err.message}`);
        res.destroy();
      })
      .pipe(res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    server,
    close: () =>
      new Promise<void>((ok) => {
        for (const c of sseClients) c.end();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
