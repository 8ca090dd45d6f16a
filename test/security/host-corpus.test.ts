import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessHost } from '../support/headless-host';
import { tempDir } from '../support/temp-workspace';

// The built `ml-connector serve` in its own process, so a crash shows as the process exiting (scripts/test.mjs
// builds before the unit tests). Every request goes over a raw socket: what a hostile page or local program
// can put on the wire, not only what an HTTP client library agrees to send.
const root = join(__dirname, '..', '..');

let host: { child: ChildProcess; url: string };
let port: number;
let token: string;
let workspace: ReturnType<typeof tempDir>;
const output: string[] = [];

beforeAll(async () => {
  expect(existsSync(join(root, 'dist', 'host', 'cli.cjs')), 'run node scripts/build.mjs first').toBe(true);
  workspace = tempDir();
  host = await startHeadlessHost(root, ['--workspace', workspace.dir, '--no-sync']);
  host.child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const url = new URL(host.url);
  port = Number(url.port);
  token = url.searchParams.get('token')!;
}, 30_000);

afterAll(async () => {
  if (host.child.exitCode === null && host.child.signalCode === null) {
    await new Promise((resolve) => {
      host.child.once('exit', resolve);
      host.child.kill('SIGTERM');
    });
  }
  workspace.remove();
});

/** Writes the bytes, reads until the host closes the connection or goes quiet; the status, or null if none came. */
function send(bytes: string | Buffer, quietMs = 1_500): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    let timer = setTimeout(finish, quietMs);
    socket.on('data', (c) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(finish, 300);
    });
    socket.on('end', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

const hostHeader = () => `Host: 127.0.0.1:${port}\r\n`;
const auth = () => `Authorization: Bearer ${token}\r\n`;
const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\n${hostHeader()}${headers}Connection: close\r\n\r\n`;
const post = (path: string, body: string | Buffer, headers = auth()) => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\n${hostHeader()}${headers}Content-Type: application/json\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`, 'latin1'), b]);
};

interface Case {
  name: string;
  request: () => string | Buffer;
  /** The statuses a correct host may answer with; null: the connection may close without an answer. */
  expect: readonly (number | null)[];
  /** How long the host may take to answer; a huge body takes a while to arrive. */
  quietMs?: number;
}

const MALFORMED_PATHS = ['/%', '/%E0%A4%A', '/%ZZ', '/%C0%AF', '/%ED%A0%80', '/a%', '/%%%', '/%u0041', '/..%2F..%2F%'];

const corpus: Case[] = [
  ...MALFORMED_PATHS.flatMap((p): Case[] => [
    { name: `GET ${p} without a token`, request: () => get(p), expect: [400] },
    { name: `GET /api${p} without a token`, request: () => get(`/api${p}`), expect: [400] },
    { name: `POST /api${p} with the token`, request: () => post(`/api${p}`, '{}'), expect: [400] },
  ]),
  { name: 'a protocol-relative path', request: () => get('//'), expect: [400, 404, 200] },
  { name: 'a protocol-relative path with a host', request: () => get('//evil.example/x'), expect: [400, 404, 200] },
  { name: 'an absolute-form target', request: () => get('http://evil.example/api/app.info'), expect: [400, 401, 403] },
  { name: 'an asterisk target', request: () => `OPTIONS * HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`, expect: [400, 405] },
  { name: 'a traversal, encoded', request: () => get('/..%2F..%2F..%2Fetc%2Fpasswd'), expect: [403, 200] },
  { name: 'a backslash traversal', request: () => get('/..\\..\\..\\etc\\passwd'), expect: [400, 403, 200] },
  { name: 'a NUL byte, encoded', request: () => get('/%00'), expect: [400, 403, 404, 200] },
  { name: 'a NUL byte under /api/', request: () => post('/api/app.info%00', '{}'), expect: [400, 404] },
  { name: 'a path of 8 KB', request: () => get('/' + 'a'.repeat(8_000)), expect: [200, 400, 414, 431] },
  { name: 'a path of 100 KB', request: () => get('/' + '%41'.repeat(33_000)), expect: [400, 414, 431, null] },
  { name: 'a deep path', request: () => get('/' + 'a/'.repeat(3_000)), expect: [200, 400, 414, 431] },
  { name: 'an inherited name as a call', request: () => post('/api/__proto__', '{}'), expect: [404] },
  { name: 'constructor as a call', request: () => post('/api/constructor', '{}'), expect: [404] },
  { name: 'an empty call name', request: () => post('/api/', '{}'), expect: [404] },
  { name: 'a made-up method', request: () => `FROB / HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`, expect: [400, 405, null] },
  { name: 'DELETE on a call', request: () => `DELETE /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Connection: close\r\n\r\n`, expect: [405] },
  { name: 'PROPFIND on the app', request: () => `PROPFIND / HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`, expect: [200, 405] },
  { name: 'CONNECT', request: () => `CONNECT 127.0.0.1:${port} HTTP/1.1\r\n${hostHeader()}\r\n`, expect: [400, 405, null] },
  { name: 'not HTTP at all', request: () => '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n', expect: [400, null] },
  { name: 'a bare line feed request', request: () => `GET / HTTP/1.1\n${hostHeader().replace('\r\n', '\n')}\n`, expect: [200, 400, null] },
  { name: 'no Host header', request: () => 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', expect: [400, 403] },
  { name: 'two Host headers', request: () => `GET / HTTP/1.1\r\n${hostHeader()}Host: evil.example\r\nConnection: close\r\n\r\n`, expect: [400, 403, 200] },
  { name: 'a header of 64 KB', request: () => get('/', `X-Big: ${'x'.repeat(65_536)}\r\n`), expect: [431, 400, null] },
  { name: '3000 headers', request: () => get('/', Array.from({ length: 3_000 }, (_, i) => `X-H${i}: v\r\n`).join('')), expect: [200, 431, 400, null] },
  { name: 'a header with a control character', request: () => get('/', 'X-Bad: a\x01b\r\n'), expect: [200, 400, null] },
  { name: 'an authorization of high bytes', request: () => Buffer.from(`POST /api/app.info HTTP/1.1\r\n${hostHeader()}Authorization: Bearer \xff\xfe\xfd\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, 'latin1'), expect: [401] },
  { name: 'an authorization of the token length in other bytes', request: () => post('/api/app.info', '{}', `Authorization: Bearer ${'é'.repeat(token.length)}\r\n`), expect: [401] },
  { name: 'an empty bearer', request: () => post('/api/app.info', '{}', 'Authorization: Bearer \r\n'), expect: [401] },
  { name: 'a call without a token', request: () => post('/api/connections.list', '{}', ''), expect: [401] },
  { name: 'the event stream without a token', request: () => get('/api/events'), expect: [401] },
  { name: 'two call ids', request: () => post('/api/app.info', '{}', `${auth()}X-Call-Id: a\r\nX-Call-Id: b\r\n`), expect: [200] },
  { name: 'a body that is not JSON', request: () => post('/api/app.info', '{'), expect: [400] },
  { name: 'a body of invalid UTF-8', request: () => post('/api/app.info', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), expect: [400] },
  { name: 'a JSON null body', request: () => post('/api/connections.save', 'null'), expect: [400] },
  { name: 'a JSON array body', request: () => post('/api/connections.save', '[]'), expect: [400] },
  { name: 'a JSON string body', request: () => post('/api/connections.get', '"x"'), expect: [400, 404] },
  { name: 'a prototype-polluting body', request: () => post('/api/connections.save', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'), expect: [400] },
  { name: 'a body nested 100 000 deep', request: () => post('/api/app.info', '['.repeat(100_000) + ']'.repeat(100_000)), expect: [400] },
  { name: 'a body shorter than its length', request: () => `POST /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Content-Length: 100\r\nConnection: close\r\n\r\n{}`, expect: [null, 400] },
  { name: 'a body longer than its length', request: () => `POST /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Content-Length: 1\r\nConnection: close\r\n\r\n{}garbage`, expect: [400] },
  { name: 'a bad chunked body', request: () => `POST /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, expect: [400, null] },
  { name: 'both a length and chunked', request: () => `POST /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`, expect: [400, 200, null] },
  { name: 'a body over the 96 MB limit', request: () => post('/api/settlements.importUpload', Buffer.alloc(97 * 1024 * 1024, 0x20)), expect: [413], quietMs: 20_000 },
  { name: 'a connection name of 100 000 characters', request: () => post('/api/connections.save', JSON.stringify({ kind: 'amazon', name: 'N'.repeat(100_000), settings: {} })), expect: [400] },
  { name: 'a connection setting of a megabyte', request: () => post('/api/connections.save', JSON.stringify({ kind: 'amazon', name: 'A', settings: { endpointOverride: 'x'.repeat(1_000_000) } })), expect: [400] },
  { name: 'a negative length', request: () => `POST /api/app.info HTTP/1.1\r\n${hostHeader()}${auth()}Content-Length: -1\r\nConnection: close\r\n\r\n{}`, expect: [400, null] },
];

async function stillServing(): Promise<void> {
  expect(host.child.exitCode, `the host exited:\n${output.join('')}`).toBeNull();
  const res = await fetch(`http://127.0.0.1:${port}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, value: { workspaceDir: workspace.dir } });
}

describe('the headless host under malformed and hostile requests', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s: answers without stopping', async (_name, c) => {
    const { status, text } = await send(c.request(), c.quietMs);
    expect(c.expect, `answered ${status}: ${text.slice(0, 300)}`).toContain(status);
    await stillServing();
  });

  it('still serves the app and a call after the whole corpus', async () => {
    await Promise.all(corpus.map((c) => send(c.request(), c.quietMs)));
    await stillServing();
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(output.join('')).not.toMatch(/URIError|Unhandled|uncaught/i);
  });
});
