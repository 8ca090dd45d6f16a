import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffPolicy } from '../net/backoff';
import type { AuditLog } from '../store';
import { systemClock, type Clock } from '../clock/clock';
import { AmazonError, readSpApiErrors } from './errors';
import { LwaTokenProvider, type LwaCredentials } from './lwa-token';
import { endpointFor, LWA_TOKEN_URL, type Region } from './marketplaces';
import { parseRateLimitHeader, RateLimiter } from './rate-limiter';
import type { OperationName, UsagePlan } from './usage-plans';

export interface SpApiClientOptions {
  region: Region;
  credentials: LwaCredentials;
  /** Base URL replacing the region's host (the emulator, a proxy). */
  endpoint?: string;
  lwaTokenUrl?: string;
  /**
   * Key for the rate-limit buckets; usage plans are per app and seller. Give the selling partner id when
   * known; otherwise the buckets are keyed by the refresh token's tail (one token = one authorisation).
   */
  sellerKey?: string;
  audit?: AuditLog;
  connectionId?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  backoff?: BackoffPolicy;
  random?: () => number;
  usagePlans?: Partial<Record<OperationName, UsagePlan>>;
  /**
   * Buckets to share with other clients of the same seller (a sync run and a Test connection at once), so
   * together they stay inside the one usage plan Amazon applies to the app-seller pair. Default: this client's own.
   */
  rateLimiter?: RateLimiter;
  /** Amazon requires a User-Agent naming the app (archived Developer Guide @ c2888de). */
  userAgent?: string;
  /** Per attempt; a hung connection becomes a retryable failure. */
  requestTimeoutMs?: number;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface SpApiRequest {
  operation: OperationName;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  marketplaceId?: string;
  signal?: AbortSignal;
  /** Override the retry-safety default (everything but POST is safe to resend after a dropped connection). */
  idempotent?: boolean;
  /** A Restricted Data Token to send instead of the LWA access token (tokens.ts). */
  accessToken?: string;
}

export interface SpApiResponse {
  status: number;
  body: string;
  headers: Headers;
  attempts: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The one door to SP-API: waits for a rate-limit token, signs with the LWA access token, retries 429 and
 * 5xx with full-jitter backoff up to a fixed number of attempts, refreshes an expired token once, and
 * writes every exchange to the audit log.
 */
export class SpApiClient {
  readonly clock: Clock;
  readonly tokens: LwaTokenProvider;
  readonly limiter: RateLimiter;
  readonly endpoint: string;
  private readonly fetchFn: typeof fetch;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly sellerKey: string;

  constructor(readonly options: SpApiClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetchFn = options.fetch ?? fetch;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.endpoint = endpointFor(options.region, options.endpoint);
    this.sellerKey = options.sellerKey ?? options.credentials.refreshToken.slice(-12);
    this.limiter = options.rateLimiter ?? new RateLimiter(this.clock, options.usagePlans);
    this.tokens = new LwaTokenProvider({
      credentials: options.credentials,
      tokenUrl: options.lwaTokenUrl ?? LWA_TOKEN_URL,
      clock: this.clock,
      fetch: this.fetchFn,
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.connectionId ? { connectionId: options.connectionId } : {}),
      random: this.random,
    });
  }

  async request(req: SpApiRequest): Promise<SpApiResponse> {
    const url = this.endpoint + req.path + encodeQuery(req.query);
    const idempotent = req.idempotent ?? req.method !== 'POST';
    const bucket = this.limiter.bucket(this.sellerKey, this.options.region, req.operation);
    let refreshedAfterExpiry = false;
    let retries = 0;
    let last: { status: number | 'network-error'; problem: string; codes: string[]; requestId?: string } = {
      status: 'network-error', problem: '', codes: [],
    };
    for (let attempt = 1; attempt <= this.backoff.maxAttempts; attempt++) {
      // Token first: a slow LWA exchange must not eat into the spacing the rate limiter just granted.
      const token = req.accessToken ?? (await this.tokens.getAccessToken(req.signal));
      await this.limiter.acquire(this.sellerKey, this.options.region, req.operation, req.signal);
      const started = performance.now();
      let res: Response | null = null;
      let text = '';
      let networkError: Error | null = null;
      try {
        const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 60_000);
        const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
        res = await this.fetchFn(url, {
          method: req.method,
          headers: {
            'x-amz-access-token': token,
            'user-agent': this.options.userAgent ?? 'ml-connector/0.1 (Language=TypeScript; Platform=Node)',
            accept: 'application/json',
            ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
          signal,
        });
        text = await res.text();
      } catch (err) {
        if (req.signal?.aborted) throw err;
        networkError = err as Error;
      }
      const rateHeader = res?.headers.get('x-amzn-ratelimit-limit') ?? null;
      const requestId = res?.headers.get('x-amzn-requestid') ?? undefined;
      const rate = parseRateLimitHeader(rateHeader);
      if (rate) bucket.setRate(rate);
      this.options.audit?.record({
        kind: 'external_call',
        system: 'amazon',
        operation: req.operation,
        connectionId: this.options.connectionId ?? null,
        status: res ? res.status : 'network-error',
        durationMs: Math.round(performance.now() - started),
        correlationId: requestId ?? null,
        request: { method: req.method, path: req.path, query: req.query ?? null, body: req.body ?? null },
        response: res ? text : null,
        detail: {
          marketplaceId: req.marketplaceId ?? null,
          attempt,
          retries,
          rateLimitLimit: rateHeader,
          ...(networkError ? { error: describeNetworkError(networkError) } : {}),
        },
      });

      if (res && res.status >= 200 && res.status < 300) {
        return { status: res.status, body: text, headers: res.headers, attempts: attempt };
      }
      const errors = res ? readSpApiErrors(text) : [];
      last = {
        status: res ? res.status : 'network-error',
        problem: networkError ? describeNetworkError(networkError) : errors.map((e) => `${e.code}: ${e.message}`).join('; '),
        codes: errors.map((e) => e.code),
        ...(requestId ? { requestId } : {}),
      };
      if (res?.status === 403 && isExpiredToken(errors) && !refreshedAfterExpiry && !req.accessToken) {
        // The token died before our cached expiry (clock skew, revocation); get a new one and resend once.
        refreshedAfterExpiry = true;
        this.tokens.invalidate(token);
        retries++;
        continue;
      }
      const retryable = res ? RETRYABLE_STATUS.has(res.status) : idempotent;
      if (!retryable) break;
      if (res?.status === 429) bucket.drain();
      if (attempt >= this.backoff.maxAttempts) break;
      retries++;
      await this.clock.sleep(fullJitterDelay(attempt - 1, this.backoff, this.random), req.signal);
    }
    throw this.failure(req, last, retries + 1);
  }

  private failure(
    req: SpApiRequest,
    last: { status: number | 'network-error'; problem: string; codes: string[]; requestId?: string },
    attempts: number,
  ): AmazonError {
    const detail = {
      operation: req.operation,
      ...(typeof last.status === 'number' ? { status: last.status } : {}),
      codes: last.codes,
      attempts,
      ...(req.marketplaceId ? { marketplaceId: req.marketplaceId } : {}),
      ...(last.requestId ? { requestId: last.requestId } : {}),
    };
    const said = last.problem ? ` Amazon said: ${last.problem}.` : '';
    if (last.status === 429) {
      return new AmazonError('throttled', `Amazon kept throttling ${req.operation} (429 QuotaExceeded) through ${attempts} attempts. The request was not completed; try again in a few minutes.`, detail);
    }
    if (last.status === 'network-error' || last.status >= 500) {
      const what = last.status === 'network-error' ? `could not be reached (${last.problem})` : `answered ${last.status}`;
      return new AmazonError('unavailable', `Amazon ${what} for ${req.operation} through ${attempts} attempts. Amazon may be having problems; try again later.${last.status === 'network-error' ? '' : said}`, detail);
    }
    if (last.status === 403) {
      return new AmazonError('access-denied', `Amazon refused ${req.operation} (403).${said} The app may lack the role this needs, or the seller must re-authorize it.`, detail);
    }
    return new AmazonError('request', `Amazon rejected ${req.operation} (${last.status}).${said}`, detail);
  }
}

/**
 * The 403 Amazon sends for an expired LWA token carries "The access token you provided has expired."
 * in details (amz-tools/amazon-sp-api lib/SellingPartner.js matches /access token.*expired/, NOTES.md §3).
 */
function isExpiredToken(errors: { code: string; message: string; details?: string }[]): boolean {
  return errors.some((e) => /access token.*expired/i.test(`${e.message} ${e.details ?? ''}`));
}

/** Arrays become comma-separated values: Swagger 2.0's default collectionFormat (csv), which the models use. */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const s = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(s)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function describeNetworkError(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
