import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { scaledClock, systemClock, type Clock } from '../../clock/clock';
import { offsetClock } from '../../clock/offset-clock';
import { TokenBucket } from '../../amazon/token-bucket';
import { OPERATIONS, type OperationName } from '../../amazon/usage-plans';
import { stringifyWithDecimals } from './decimal-json';
import { delay, readBody, startLoopbackServer } from '../http/loopback-server';
import { IssuedTokens } from '../faults/issued-tokens';
import { FaultInjector } from './faults';
import { newFeedStore, newFulfilmentStore, newVendorStore, type EmulatorState, type FulfilmentStore, type Reply, type VendorStore } from './emulator-state';
import { routeSpApi } from './sp-api-routes';
import { demoSeller, type SeedSeller } from './seed-data';
import { loadStaticSandbox, matchStaticCase } from './static-sandbox';

export interface AmazonEmulatorOptions {
  /** The workspace's clock (the demo's): seed dates, token and URL lifetimes. Overrides timeScale. */
  clock?: Clock;
  /** Emulated seconds per real second (100: a getReports token every 0.45 s instead of 45 s). */
  timeScale?: number;
  clientId?: string;
  clientSecret?: string;
  /** Sellers to serve; default one demo seller (US, CA, UK, DE, JP). */
  sellers?: SeedSeller[];
  /** LWA access tokens live one hour (archived SP-API Developer Guide @ c2888de). */
  accessTokenLifetimeSec?: number;
  /**
   * Behave like Amazon's static sandbox instead of serving seeded data: replay the models'
   * x-amzn-api-sandbox pairs read from this folder (e.g. ../shared/reference/amazon/models).
   */
  staticSandboxModelsDir?: string;
  /** Replace a model usage plan (e.g. a slow rate to make a test's bucket run dry quickly). */
  usagePlans?: Partial<Record<OperationName, { rate: number; burst: number }>>;
}

export interface EmulatorStats {
  requests: number;
  throttled: number;
  byOperation: Record<string, { requests: number; throttled: number; ok: number }>;
  tokenRequests: number;
  documentDownloads: number;
}

export interface AmazonEmulator {
  url: string;
  lwaUrl: string;
  clientId: string;
  clientSecret: string;
  sellers: SeedSeller[];
  /** Refresh token of the first seller. */
  refreshToken: string;
  clock: Clock;
  /** Emulated time: move it forward to expire tokens, presigned URLs and paging tokens. */
  advanceTime(ms: number): void;
  faults: FaultInjector;
  stats: EmulatorStats;
  seed: {
    seller(s: SeedSeller): void;
  };
  /** Multi-Channel Fulfillment orders Amazon holds, and the SKUs it knows (null: every SKU). */
  fulfilment: FulfilmentStore;
  /** Vendor transactions, and acknowledgements received per PO. */
  vendor: VendorStore;
  stop(): Promise<void>;
}

/** Presigned report URLs expire after 5 minutes (ReportDocument.url in reports_2021-06-30.json). */
const DOCUMENT_URL_LIFETIME_MS = 5 * 60_000;

/**
 * A loopback stand-in for Login with Amazon and SP-API: the models' paths and shapes, the documented
 * usage plans enforced per seller and operation, 429s as Amazon sends them, expiring access tokens and
 * presigned URLs, and faults on demand.
 */
export async function startAmazonEmulator(options: AmazonEmulatorOptions = {}): Promise<AmazonEmulator> {
  const clock = offsetClock(options.clock ?? (options.timeScale && options.timeScale !== 1 ? scaledClock(options.timeScale) : systemClock));
  const clientId = options.clientId ?? `amzn1.application-oa2-client.${'0123456789abcdef'.repeat(2)}`;
  const clientSecret = options.clientSecret ?? 'amzn1.oa2-cs.v1.emulator-secret';
  const sellers = options.sellers ?? [demoSeller(clock.now())];
  // An LWA access token grants a seller's calls; a Restricted Data Token only the resources it names.
  const accessTokens = new IssuedTokens<{ seller: SeedSeller; restricted?: { method: string; path: RegExp }[] }>(() => clock.now());
  const faults = new FaultInjector(() => clock.now(), accessTokens);
  const stats: EmulatorStats = { requests: 0, throttled: 0, byOperation: {}, tokenRequests: 0, documentDownloads: 0 };
  const buckets = new Map<string, TokenBucket>();
  const documentUrls = new Map<string, { issuedAt: number; documentId: string; sellerId: string }>();
  const staticCases = options.staticSandboxModelsDir ? loadStaticSandbox(options.staticSandboxModelsDir) : null;
  let baseUrl = '';

  const uploadUrls = new Map<string, { issuedAt: number; feedDocumentId: string }>();
  const state: EmulatorState = {
    clock,
    sellers,
    nextTokens: new Map(),
    feeds: newFeedStore(),
    vendor: newVendorStore(),
    fulfilment: newFulfilmentStore(),
    requestHasRdt: false,
    listingRejections: faults.listingRejections,
    issueRestrictedToken(seller, resources) {
      // RDTs look like "Atz.sprdt|..." and live an hour (tokens model sandbox response; tokens guide @ ed29c83).
      const token = `Atz.sprdt|${randomBytes(24).toString('base64url')}`;
      const restricted = resources.map((r) => ({
        method: r.method,
        // A generic path names its variables in braces, e.g. /orders/v0/orders/{orderId}.
        path: new RegExp('^' + r.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+') + '$'),
      }));
      accessTokens.issue(token, { seller, restricted }, 3_600_000);
      return { token, expiresIn: 3600 };
    },
    presignUpload(feedDocumentId) {
      const sig = randomBytes(16).toString('hex');
      uploadUrls.set(sig, { issuedAt: clock.now(), feedDocumentId });
      return `${baseUrl}/_s3/uploads/${encodeURIComponent(feedDocumentId)}?X-Amz-Expires=300&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=${sig}`;
    },
    presign(seller, documentId) {
      const sig = randomBytes(16).toString('hex');
      documentUrls.set(sig, { issuedAt: clock.now(), documentId, sellerId: seller.sellerId });
      const date = new Date(clock.now()).toISOString().replace(/[-:]|\.\d{3}/g, '');
      return `${baseUrl}/_s3/documents/${encodeURIComponent(documentId)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=300&X-Amz-Signature=${sig}`;
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    if (url.pathname === '/auth/o2/token') return lwaToken(req, body, res);
    if (url.pathname.startsWith('/_s3/documents/')) return document(url, res);
    if (url.pathname.startsWith('/_s3/uploads/')) return upload(req, url, body, res);

    if (staticCases) return sandbox(req, res, url, body, staticCases);
    const route = routeSpApi(req.method ?? 'GET', url.pathname);
    if (!route) {
      // UNVERIFIED what Amazon's gateway says for a path no API serves; an ErrorList 404 keeps clients honest.
      return send(res, 404, errorList('NotFound', 'Resource not found'));
    }
    const op = route.operation;
    stats.requests++;
    const opStats = (stats.byOperation[op] ??= { requests: 0, throttled: 0, ok: 0 });
    opStats.requests++;

    const fault = faults.take(op);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await delay(fault.ms);

    // Auth before throttling: the rate-limit header "should never be expected in the response to a
    // throttled, unauthorized, or unauthenticated request" (archived Usage Plans guide @ ac9be94).
    const tokenHeader = req.headers['x-amz-access-token'];
    const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
    const checked = accessTokens.check(token);
    if (checked.status === 'unknown') {
      return send(res, 403, errorList('Unauthorized', 'Access to requested resource is denied.', ''));
    }
    if (checked.status === 'expired') {
      // Wording from the expired-token 403 matched by amz-tools/amazon-sp-api (NOTES.md §3).
      return send(res, 403, errorList('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.'));
    }
    const session = checked.grant;
    state.requestHasRdt = false;
    if (session.restricted) {
      const method = req.method ?? 'GET';
      const path = url.pathname;
      if (!session.restricted.some((r) => r.method === method && r.path.test(path))) {
        return send(res, 403, errorList('Unauthorized', 'Access to requested resource is denied.', ''));
      }
      state.requestHasRdt = true;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      if (fault.status === 429) {
        stats.throttled++;
        opStats.throttled++;
        return send(res, 429, quotaExceeded(), headers);
      }
      return send(res, fault.status, errorList(fault.status === 503 ? 'ServiceUnavailable' : 'InternalFailure', fault.status === 503 ? 'Service temporarily unavailable.' : 'We encountered an internal error. Please try again.'), headers);
    }
    const plan = options.usagePlans?.[op] ?? OPERATIONS[op];
    const key = `${session.seller.sellerId}|${op}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(plan.rate, plan.burst, clock);
      buckets.set(key, bucket);
    }
    if (!bucket.tryTake()) {
      stats.throttled++;
      opStats.throttled++;
      return send(res, 429, quotaExceeded());
    }
    const reply: Reply = route.handle(state, session.seller, url, body);
    if (reply.status >= 200 && reply.status < 300) opStats.ok++;
    if (fault?.kind === 'drop-after-processing') {
      req.socket.destroy();
      return;
    }
    // x-amzn-RateLimit-Limit only on 20x/400/404: every model declares it there, the sellers model marks it
    // "deprecated and no longer returned" on 413/415/429/500/503, and the guide says "for HTTP status codes
    // 20x, 400 and 404 only" (archived Usage Plans guide @ ac9be94). tokens_2021-03-01.json still lists it on
    // 415/429/500/503; we follow the guide there too, and the client never depends on the header.
    const withLimit = reply.status < 300 || reply.status === 400 || reply.status === 404;
    send(res, reply.status, reply.body, withLimit ? { 'x-amzn-RateLimit-Limit': String(plan.rate) } : {});
  }

  /**
   * The static sandbox: a valid LWA token is still required, every operation shares one bucket of
   * rate 5 and burst 15 ("sandbox throttling", archived Developer Guide @ c2888de), and the answer is the
   * matching static pair. What the sandbox says for a request no pair matches is UNVERIFIED; a 404 ErrorList here.
   */
  function sandbox(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, cases: NonNullable<typeof staticCases>): void {
    stats.requests++;
    const tokenHeader = req.headers['x-amz-access-token'];
    const checked = accessTokens.check(Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader);
    if (checked.status !== 'valid') return send(res, 403, errorList('Unauthorized', 'Access to requested resource is denied.', ''));
    const session = checked.grant;
    const key = `${session.seller.sellerId}|sandbox`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(5, 15, clock);
      buckets.set(key, bucket);
    }
    if (!bucket.tryTake()) {
      stats.throttled++;
      return send(res, 429, quotaExceeded());
    }
    const hit = matchStaticCase(cases, req.method ?? 'GET', url, body);
    if (!hit) return send(res, 404, errorList('NotFound', 'No static sandbox case matches this request.'));
    const opStats = (stats.byOperation[hit.operationId] ??= { requests: 0, throttled: 0, ok: 0 });
    opStats.requests++;
    if (hit.status < 300) opStats.ok++;
    send(res, hit.status, hit.response ?? {}, hit.status < 300 || hit.status === 400 || hit.status === 404 ? { 'x-amzn-RateLimit-Limit': '5' } : {});
  }

  function lwaToken(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    stats.tokenRequests++;
    const type = String(req.headers['content-type'] ?? '');
    // LWA takes a form body (the guide) and Amazon's Java LWAClient posts JSON; both are accepted (NOTES.md §3).
    let fields: Record<string, string> = {};
    if (type.startsWith('application/json')) {
      try {
        fields = JSON.parse(body.toString('utf8')) as Record<string, string>;
      } catch {
        fields = {};
      }
    } else {
      fields = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    }
    const lwaError = (status: number, error: string, description: string) =>
      send(res, status, { error_description: description, error });
    if (req.method !== 'POST') return lwaError(400, 'invalid_request', 'The request method must be POST');
    if (fields.grant_type !== 'refresh_token') {
      return lwaError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
    }
    // Error texts: amzn/selling-partner-api-docs#268 and jlevers/selling-partner-api#602 (NOTES.md §3).
    if (fields.client_id !== clientId || fields.client_secret !== clientSecret || faults.clientSecretRotated) {
      return lwaError(401, 'invalid_client', 'Client authentication failed');
    }
    const seller = sellers.find((s) => s.refreshToken === fields.refresh_token);
    if (!seller || faults.revokedRefreshTokens.has(seller.refreshToken)) {
      return lwaError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
    }
    const lifetime = options.accessTokenLifetimeSec ?? 3600;
    const accessToken = `Atza|${randomBytes(24).toString('base64url')}`;
    accessTokens.issue(accessToken, { seller }, lifetime * 1000);
    send(res, 200, { access_token: accessToken, refresh_token: seller.refreshToken, token_type: 'bearer', expires_in: lifetime });
  }

  function document(url: URL, res: ServerResponse): void {
    stats.documentDownloads++;
    const sig = url.searchParams.get('X-Amz-Signature') ?? '';
    const grant = documentUrls.get(sig);
    const documentId = decodeURIComponent(url.pathname.slice('/_s3/documents/'.length));
    if (!grant || grant.documentId !== documentId) return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (clock.now() - grant.issuedAt > DOCUMENT_URL_LIFETIME_MS || grant.issuedAt < faults.urlsIssuedBefore) {
      // What S3 answers for a presigned URL past X-Amz-Expires (S3 REST error responses; not in the SP-API models).
      return s3Error(res, 403, 'AccessDenied', 'Request has expired');
    }
    const feedResult = state.feeds.documents.get(documentId);
    if (feedResult) {
      res.writeHead(200, { 'content-type': feedResult.contentType, 'content-length': String(feedResult.content.length) });
      res.end(feedResult.content);
      return;
    }
    const seller = sellers.find((s) => s.sellerId === grant.sellerId);
    const report = seller?.reports.find((r) => r.reportDocumentId === documentId);
    if (!report || report.content === undefined) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const raw = typeof report.content === 'string' ? Buffer.from(report.content, 'utf8') : Buffer.from(report.content);
    const compressed = report.compressed !== false;
    const payload = compressed ? gzipSync(raw) : raw;
    const headers: Record<string, string> = {
      'content-type': report.charset ? `text/plain;charset=${report.charset}` : 'text/plain',
      'content-length': String(payload.length),
    };
    // With enableContentEncodingUrlHeader (or the 2023-06 incident) the object says Content-Encoding: gzip,
    // and an HTTP client that auto-decompresses hands over plain text although compressionAlgorithm is GZIP.
    if (compressed && (faults.documentContentEncodingGzip || url.searchParams.get('response-content-encoding') === 'gzip')) {
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    if (faults.documentDropsMidway > 0) {
      faults.documentDropsMidway--;
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(payload);
  }

  /** The presigned PUT of createFeedDocument: the Content-Type is signed, so it must match (S3 SigV4 presigning). */
  function upload(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): void {
    const grant = uploadUrls.get(url.searchParams.get('X-Amz-Signature') ?? '');
    const id = decodeURIComponent(url.pathname.slice('/_s3/uploads/'.length));
    const target = state.feeds.uploads.get(id);
    if (req.method !== 'PUT' || !grant || grant.feedDocumentId !== id || !target) return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (clock.now() - grant.issuedAt > DOCUMENT_URL_LIFETIME_MS) return s3Error(res, 403, 'AccessDenied', 'Request has expired');
    if (String(req.headers['content-type'] ?? '') !== target.contentType) return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    target.content = body;
    res.writeHead(200, { etag: `"${randomBytes(16).toString('hex')}"` });
    res.end();
  }

  const server = await startLoopbackServer(handle, (res, err) => send(res, 500, errorList('InternalFailure', `Emulator failure: ${(err as Error).message}`)));
  baseUrl = server.url;
  return {
    url: baseUrl,
    lwaUrl: `${baseUrl}/auth/o2/token`,
    clientId,
    clientSecret,
    sellers,
    refreshToken: sellers[0]?.refreshToken ?? '',
    clock,
    advanceTime: (ms) => clock.advance(ms),
    faults,
    stats,
    fulfilment: state.fulfilment,
    vendor: state.vendor,
    seed: {
      seller(s) {
        sellers.push(s);
      },
    },
    stop: () => server.stop(),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : stringifyWithDecimals(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function errorList(code: string, message: string, details?: string) {
  return { errors: [{ code, message, ...(details !== undefined ? { details } : {}) }] };
}

/** The 429 body Amazon sends (saleweaver/python-amazon-sp-api#1042, amzn/selling-partner-api-models#1176). */
function quotaExceeded() {
  return errorList('QuotaExceeded', 'You exceeded your quota for the requested resource.', '');
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`);
}
