import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sapB1Entry } from '../../../core/erp/sap-b1/entry';
import type { ErpConnectorContext } from '../../../core/erp/erp-kind';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { FAST } from './sap-b1-fixtures';

const TLS = join(__dirname, '..', '..', 'fixtures', 'tls');
const pem = (name: string) => readFileSync(join(TLS, name), 'utf8');
/** `openssl x509 -in test/fixtures/tls/a-cert.pem -noout -fingerprint -sha256` */
const A_SHA256 = '0C:31:5C:7F:6E:65:DA:2E:56:3A:E9:BD:D9:1A:55:1A:3C:30:FF:66:E9:3F:FE:EA:D5:58:E5:3E:22:A8:31:DF';

let emu: SapB1Emulator;
const servers: Server[] = [];
beforeEach(async () => { emu = await startSapB1Emulator(); });
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => { s.closeAllConnections(); s.close(r); });
  await emu.stop();
});

/** The emulator behind a TLS front on loopback with a self-signed certificate, as an on-premise B1 server is. */
async function tlsFront(cert: 'a' | 'b'): Promise<string> {
  const server = createServer({ key: pem(`${cert}-key.pem`), cert: pem(`${cert}-cert.pem`) }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)).map(([k, v]) => [k, String(v)]));
    const body = chunks.length ? Buffer.concat(chunks) : null;
    const answer = await fetch(`${emu.url}${req.url}`, { method: req.method, headers, body });
    const out: Record<string, string | string[]> = {};
    answer.headers.forEach((v, k) => { if (k !== 'set-cookie' && k !== 'content-length' && k !== 'transfer-encoding') out[k] = v; });
    if (answer.headers.getSetCookie().length) out['set-cookie'] = answer.headers.getSetCookie();
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}/b1s/v2`;
}

function ctx(serviceLayerUrl: string, trusted?: string): ErpConnectorContext {
  return {
    connectionId: 'b1', name: 'B1 on premise', secrets: { password: 'B1Admin!' }, clock: { now: () => Date.parse('2026-06-20T12:00:00Z'), sleep: async () => undefined },
    settings: { serviceLayerUrl, companyDb: emu.seed.companyDb, userName: 'manager', ...(trusted ? { trustedCertificateSha256: trusted } : {}) },
    tuning: { backoff: FAST }, audit: { record: () => undefined } as unknown as ErpConnectorContext['audit'],
  };
}

const testConnection = (c: ErpConnectorContext) => sapB1Entry.connector!.test(c, new AbortController().signal);

describe('a Service Layer with a self-signed certificate', () => {
  it('is refused in plain words that name its SHA-256 fingerprint and how to trust it for this connection', async () => {
    const url = await tlsFront('a');
    const r = await testConnection(ctx(url));
    expect(r.status).toBe('failed');
    expect(r.message).toContain(`The Service Layer at ${url} presented a certificate this computer does not trust`);
    expect(r.message).toContain(`Its SHA-256 fingerprint is ${A_SHA256}, issued to 127.0.0.1.`);
    expect(r.message).toContain('enter this fingerprint under "Trusted certificate (SHA-256)" in this connection\'s settings');
    // Nothing reached the Service Layer: no login, no password sent.
    expect(emu.stats.logins).toBe(0);
  });

  it('connects once its fingerprint is the connection\'s trusted certificate, written with or without colons', async () => {
    const url = await tlsFront('a');
    const r = await testConnection(ctx(url, A_SHA256.replace(/:/g, '').toLowerCase()));
    expect(r).toMatchObject({ status: 'ok', message: `Connected to ${emu.seed.companyName} (${emu.seed.companyDb}) as manager.` });
    expect(emu.openSessions()).toBe(0);
  });

  it('refuses a different certificate than the trusted one, before sending the password', async () => {
    const url = await tlsFront('b');
    const r = await testConnection(ctx(url, A_SHA256));
    expect(r.status).toBe('failed');
    expect(r.message).toContain(`presented a different certificate from the one this connection trusts (${A_SHA256}). Its SHA-256 fingerprint is 15:25:C2:CA`);
    expect(emu.stats.logins).toBe(0);
  });

  it('refuses a fingerprint that is not one in the settings', () => {
    expect(sapB1Entry.settings.safeParse({ serviceLayerUrl: 'https://b1:50000/b1s/v2', companyDb: 'SBODEMOUS', userName: 'manager', trustedCertificateSha256: 'AB:CD' }).success).toBe(false);
  });
});
