import { request as httpsRequest, Agent } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

/**
 * Trusting one server's self-signed certificate by its SHA-256 fingerprint, per connection (never a
 * switch that turns certificate checks off). A server whose certificate the system's authorities vouch
 * for is accepted as usual; otherwise only a certificate whose fingerprint is the one the user entered.
 * The check runs once the TLS handshake is done and before the request is written, so no password or
 * session cookie ever reaches a server that fails it.
 */

/** Node's spelling of a SHA-256 fingerprint: upper-case hex pairs joined by colons. */
export function normalizeSha256(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex.match(/../g)!.join(':') : null;
}

/** The error codes Node gives a certificate it cannot vouch for, and ours for a fingerprint that does not match. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID|FINGERPRINT/i;
export const FINGERPRINT_MISMATCH = 'CERT_FINGERPRINT_MISMATCH';

/** Whether a network error's text is about the server's certificate (as ErpHttpClient words it: "TypeError: CODE"). */
export function isCertificateError(text: string): boolean {
  return CERTIFICATE_CODES.test(text);
}

export interface PresentedCertificate {
  sha256: string;
  subject: string;
  validTo: string;
}

/**
 * The certificate a TLS server presents, read without trusting it and without sending anything: for the
 * message that tells a person which fingerprint to compare with their administrator's.
 */
export function presentedCertificate(url: string, timeoutMs = 10_000): Promise<PresentedCertificate | null> {
  const u = new URL(url);
  if (u.protocol !== 'https:') return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: u.hostname, port: Number(u.port || 443), servername: isIp(u.hostname) ? undefined : u.hostname, rejectUnauthorized: false });
    const done = (v: PresentedCertificate | null) => { socket.destroy(); resolve(v); };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      done(c?.fingerprint256 ? { sha256: c.fingerprint256, subject: [c.subject?.CN ?? ''].flat().join(', '), validTo: c.valid_to } : null);
    });
  });
}

/**
 * A fetch for https:// addresses that also accepts the one certificate with SHA-256 fingerprint
 * `trustedSha256`. Enough of fetch for the ERP transports: method, headers, a string body, a signal;
 * the answer is a standard Response. http:// (loopback only, by the settings' rules) goes to the global fetch.
 */
export function fetchTrustingCertificate(trustedSha256: string): typeof fetch {
  const trusted = normalizeSha256(trustedSha256);
  if (!trusted) throw new Error(`"${trustedSha256}" is not a SHA-256 fingerprint (64 hexadecimal digits).`);
  const agent = new PinningAgent(trusted);
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') return fetch(input, init);
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : init.body == null ? null : String(init.body);
    if (body !== null) headers.set('content-length', String(Buffer.byteLength(body)));
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers), agent, ...(signal ? { signal } : {}) }, resolve);
      req.once('error', (err) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err })));
      req.end(body ?? undefined);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const out = new Headers();
    for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
    const status = res.statusCode ?? 500;
    return new Response([101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out });
  }) as typeof fetch;
}

/** An https agent whose connections are handed over only after the certificate check passes. */
class PinningAgent extends Agent {
  constructor(private readonly trusted: string) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(options: Parameters<Agent['createConnection']>[0], callback?: (err: Error | null, socket: TLSSocket) => void): undefined {
    const o = options as { host?: string; port?: number; servername?: string };
    const socket = tlsConnect({ ...(options as object), rejectUnauthorized: false, ...(o.host && !isIp(o.host) ? { servername: o.servername ?? o.host } : {}) });
    socket.once('error', (err) => callback?.(err, socket));
    socket.once('secureConnect', () => {
      if (socket.authorized) return callback?.(null, socket);
      const presented = socket.getPeerCertificate()?.fingerprint256 ?? '';
      if (presented.toUpperCase() === this.trusted) return callback?.(null, socket);
      const err = Object.assign(new Error(`The server presented a certificate with SHA-256 fingerprint ${presented || 'unknown'}, not the trusted ${this.trusted}.`), { code: FINGERPRINT_MISMATCH, presented });
      socket.destroy();
      callback?.(err, socket);
    });
    return undefined;
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
