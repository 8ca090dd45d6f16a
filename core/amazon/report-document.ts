import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gunzipBounded } from '../net/expansion-limits';
import { AmazonError } from './errors';
import { getReportDocument, reportDocumentPath } from './reports';
import { createRestrictedDataToken, type RestrictedDataToken } from './tokens';
import type { SpApiClient } from './sp-api-client';

export interface DownloadedReport {
  reportDocumentId: string;
  text: string;
  /** Which charset decoded the text, and what told us. */
  charset: string;
  charsetSource: 'header' | 'bom' | 'strict-utf-8' | 'fallback';
  /** The bytes were gzip (by their magic number) and were decompressed once. */
  gunzipped: boolean;
  /** How many times the presigned URL had expired and a new one was asked for. */
  urlRefetches: number;
}

export interface DownloadOptions {
  /** Decides the last-resort charset: Shift_JIS for Japan, windows-1252 elsewhere. */
  marketplaceCountry?: string;
  signal?: AbortSignal;
  /** New presigned URLs to ask for when one has expired before we used it. */
  maxUrlRefetches?: number;
  /** The report type is restricted (it holds buyer PII): getReportDocument needs a Restricted Data Token. */
  restricted?: boolean;
}

/**
 * getReportDocument, then the download from its presigned URL. The URL "expires after 5 minutes"
 * (ReportDocument.url, reports_2021-06-30.json), so an expired one is replaced by asking again. The body is
 * fetched raw (no automatic Content-Encoding handling) because Amazon has both served gzip with
 * Content-Encoding: gzip (clients then decompressed twice, selling-partner-api-docs#3200) and flagged plain
 * documents as GZIP (models#2648): we look at the bytes instead.
 */
export async function downloadReportDocument(client: SpApiClient, reportDocumentId: string, options: DownloadOptions = {}): Promise<DownloadedReport> {
  const maxRefetches = options.maxUrlRefetches ?? 2;
  let rdt: RestrictedDataToken | undefined;
  for (let refetch = 0; ; refetch++) {
    if (options.restricted && (!rdt || rdt.expiresAt - client.clock.now() < 60_000)) {
      rdt = await createRestrictedDataToken(client, [{ method: 'GET', path: reportDocumentPath(reportDocumentId) }], options.signal);
    }
    const info = await getReportDocument(client, reportDocumentId, options.signal, rdt?.token);
    const started = performance.now();
    let got: RawResponse;
    try {
      got = await rawGet(info.url, options.signal);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      auditDownload(client, info.url, 'network-error', started, null, { error: (err as Error).message });
      throw new AmazonError('document', `The report document ${reportDocumentId} could not be downloaded: ${(err as Error).message}. Try again.`, { operation: 'reportDocument.download' }, { cause: err });
    }
    const expired = got.status === 403 && /Request has expired/i.test(got.body.toString('utf8'));
    // Amazon: "Unencrypted report content should never be stored on disk" (reports guide 2021-06-30 @ dcf7678),
    // so a successful body is not copied into the audit log; error bodies are.
    auditDownload(client, info.url, got.status, started, got.status === 200 ? null : got.body.toString('utf8'), {
      bytes: got.body.length,
      contentType: got.headers['content-type'] ?? null,
      contentEncoding: got.headers['content-encoding'] ?? null,
      compressionAlgorithm: info.compressionAlgorithm ?? null,
      refetch,
    });
    if (expired && refetch < maxRefetches) continue;
    if (got.status !== 200) {
      throw new AmazonError(
        'document',
        expired
          ? `The download link for report document ${reportDocumentId} kept expiring before it could be used (${refetch + 1} links tried).`
          : `Downloading report document ${reportDocumentId} failed with HTTP ${got.status}.`,
        { operation: 'reportDocument.download', status: got.status },
      );
    }
    const gzip = isGzip(got.body);
    let bytes: Buffer;
    try {
      bytes = gzip ? gunzipBounded(got.body) : got.body;
    } catch (err) {
      throw new AmazonError('document', `Report document ${reportDocumentId} looks gzip-compressed but could not be decompressed: ${(err as Error).message}`, { operation: 'reportDocument.download' }, { cause: err });
    }
    const decoded = decodeReportBytes(bytes, got.headers['content-type'], options.marketplaceCountry);
    return { reportDocumentId, ...decoded, gunzipped: gzip, urlRefetches: refetch };
  }
}

/** gzip members start with 0x1f 0x8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Charset labels Amazon uses that WHATWG TextDecoder spells differently (NOTES.md §6.2: Cp1252, windows-31j). */
const CHARSET_ALIASES: Record<string, string> = {
  cp1252: 'windows-1252',
  'windows-31j': 'shift_jis',
  ms932: 'shift_jis',
  cp932: 'shift_jis',
  sjis: 'shift_jis',
};

/**
 * The order recommended in NOTES.md §6.2: the Content-Type charset, then a byte-order mark, then strict
 * UTF-8, then the marketplace's legacy code page (Shift_JIS for Japan, windows-1252 elsewhere).
 */
export function decodeReportBytes(
  bytes: Uint8Array,
  contentType: string | undefined,
  marketplaceCountry?: string,
): Pick<DownloadedReport, 'text' | 'charset' | 'charsetSource'> {
  const label = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (label) {
    const charset = CHARSET_ALIASES[label] ?? label;
    try {
      return { text: decode(bytes, charset), charset, charsetSource: 'header' };
    } catch {
      // an unknown label: fall through to the byte-level checks
    }
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', charsetSource: 'bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), charset: 'utf-16le', charsetSource: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), charset: 'utf-16be', charsetSource: 'bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8', charsetSource: 'strict-utf-8' };
  } catch {
    const charset = marketplaceCountry?.toUpperCase() === 'JP' ? 'shift_jis' : 'windows-1252';
    return { text: decode(bytes, charset), charset, charsetSource: 'fallback' };
  }
}

/**
 * The Encoding Standard reads the labels iso-8859-1, latin1 and us-ascii as windows-1252 too. Node 20's
 * TextDecoder treats windows-1252 as ISO-8859-1 (0x80 comes out as U+0080, not €), so the
 * 0x80-0x9F block is mapped here from the WHATWG Encoding Standard's index-windows-1252.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decode(bytes: Uint8Array, charset: string): string {
  const c = charset.toLowerCase();
  if (c === 'windows-1252' || c === 'iso-8859-1' || c === 'latin1' || c === 'us-ascii') {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      const chunk = bytes.subarray(i, i + 8192);
      out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] ?? b : b)));
    }
    return out;
  }
  return new TextDecoder(charset).decode(bytes);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export function rawGet(url: string, signal?: AbortSignal): Promise<RawResponse> {
  return rawRequest('GET', url, { 'accept-encoding': 'identity' }, undefined, signal);
}

/** A presigned-URL exchange without fetch's automatic decompression, so the bytes are what was sent. */
export function rawRequest(method: 'GET' | 'PUT', url: string, headers: Record<string, string>, body: Uint8Array | undefined, signal?: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, ...(signal ? { signal } : {}), timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the download timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function auditDownload(client: SpApiClient, url: string, status: number | string, started: number, body: string | null, detail: Record<string, unknown>): void {
  client.options.audit?.record({
    kind: 'external_call',
    system: 'amazon',
    operation: 'reportDocument.download',
    connectionId: client.options.connectionId ?? null,
    status,
    durationMs: Math.round(performance.now() - started),
    // The query string of a presigned URL is a credential for its lifetime: keep only where it pointed.
    request: { method: 'GET', url: url.split('?')[0] },
    response: body,
    detail,
  });
}
