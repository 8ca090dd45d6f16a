import type { AuditLog } from '../store';
import { systemClock, type Clock } from '../clock/clock';
import { DEFAULT_BACKOFF, fullJitterDelay, parseRetryAfter, type BackoffPolicy } from '../net/backoff';
import { ConcurrencyGate } from './concurrency-gate';
import { ErpError, type ErpErrorKind } from './erp-error';
import { parseErrorBody, type ParsedErrorBody } from './odata';

/** One audited external call, as the connectors describe it. */
export interface CallRecord {
  operation: string;
  method: string;
  url: string;
  status: number | string;
  durationMs: number;
  request: unknown;
  response: string | null;
  detail?: unknown;
}
export type CallAuditor = (call: CallRecord) => void;

/** Keeps audit rows readable: a 10,000-line journal's responses are summarised, not stored whole. */
const MAX_AUDIT_RESPONSE = 16_000;

export function auditToLog(audit: AuditLog, system: string, connectionId?: string | null): CallAuditor {
  return (c) => {
    audit.record({
      kind: 'external_call',
      system,
      operation: c.operation,
      connectionId: connectionId ?? null,
      status: c.status,
      durationMs: Math.round(c.durationMs),
      request: { method: c.method, url: c.url, ...(c.request && typeof c.request === 'object' ? c.request : { body: c.request }) },
      response: c.response === null ? null : c.response.length > MAX_AUDIT_RESPONSE ? c.response.slice(0, MAX_AUDIT_RESPONSE) + `…[${c.response.length} chars]` : c.response,
      detail: c.detail,
    });
  };
}

export interface HttpClientOptions {
  system: string;
  /** Headers that authenticate a call; called before every attempt so a renewed token is used. */
  authorize: (signal?: AbortSignal) => Promise<Record<string, string>>;
  /**
   * The session or token was refused: renew it before the one retry. Awaited, so a re-login (SAP B1
   * Service Layer sessions, Acumatica tokens) finishes first; a SharedSession makes concurrent callers
   * wait for the same login instead of each logging in.
   */
  onUnauthorized?: (authHeaders: Record<string, string>, signal?: AbortSignal) => void | Promise<void>;
  /**
   * Does this failure mean the session or token expired? Default: any 401. SAP B1 answers an expired
   * session with 401 and error code 301, a number in v1 and a string in v2 (NOTES §3.1, B1GUIDE §3.1.1);
   * parseErrorBody gives both as "301".
   */
  isSessionExpired?: (status: number, error: ParsedErrorBody) => boolean;
  gate?: ConcurrencyGate;
  backoff?: BackoffPolicy;
  /** Longest wait we accept from a Retry-After before giving up the call. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  audit?: CallAuditor;
  fetch?: typeof fetch;
  random?: () => number;
  /** Whose time the waits between attempts and HTTP-date Retry-After values are in. */
  clock?: Clock;
  /**
   * The ERP's own reading of an error response, asked before the generic rules (429 throttled, 401/403
   * auth, 5xx transient, 404 not-found, 409/412 conflict, other 4xx validation); null defers to them.
   * It must come first because Acumatica answers permanent business errors with HTTP 500 (NOTES §4.7):
   * only a verdict of transient or throttled lets such a call be retried.
   */
  classify?: ErrorClassifier;
}

export interface ErrorResponse {
  status: number;
  code: string | null;
  message: string | null;
  /** The response body as received, for ERPs whose verdict hangs on more than the code. */
  body: string;
}
export type ErrorClassifier = (error: ErrorResponse) => ErpErrorKind | null;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  operation: string;
  /** PUT is what Acumatica creates and updates with (NOTES §4.3). */
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Summary stored in the audit log instead of the body (e.g. "100 operations"). */
  auditRequest?: unknown;
  /**
   * Safe to repeat after a 5xx or a dropped connection? GETs are; creates are not, because the server may
   * have done the work before the connection died. Non-idempotent calls are retried only on 429 and 401
   * (refused before any work) and otherwise fail with retryable=true so the caller can look before it retries.
   * Only GET defaults to idempotent: an Acumatica PUT may create a record with a new number each time.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: <T>() => T;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Retry with full-jitter backoff honouring Retry-After, a concurrency gate, and an audit row per attempt. */
export class ErpHttpClient {
  readonly gate: ConcurrencyGate;
  private readonly backoff: BackoffPolicy;
  private readonly fetchImpl: typeof fetch;
  /** Requests sent (attempts, including retries): what benchmarks divide by. */
  requestCount = 0;

  /** The ERP named in errors and audit rows. */
  get system(): string {
    return this.o.system;
  }

  constructor(private readonly o: HttpClientOptions) {
    this.gate = o.gate ?? new ConcurrencyGate(5);
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.fetchImpl = o.fetch ?? fetch;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? req.method === 'GET';
    let unauthorizedRetried = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.gate.run(() => this.attempt(req, attempt), req.signal);
      if (outcome.kind === 'ok') return outcome.response;
      const { status, text, retryAfterMs, networkError, authHeaders } = outcome;
      const parsed = text ? parseErrorBody(text) : { code: null, message: null };
      const expired = status !== null && (this.o.isSessionExpired ? this.o.isSessionExpired(status, parsed) : status === 401);
      if (expired && !unauthorizedRetried) {
        // Sessions and tokens can expire between our check and the server's: one renewal, one retry.
        unauthorizedRetried = true;
        await this.o.onUnauthorized?.(authHeaders, req.signal);
        continue;
      }
      const verdict = status === null ? null : this.o.classify?.({ status, code: parsed.code, message: parsed.message, body: text }) ?? null;
      let mayRetry: boolean;
      let retryable: boolean;
      if (verdict) {
        retryable = verdict === 'transient' || verdict === 'throttled';
        mayRetry = verdict === 'throttled' || (idempotent && verdict === 'transient');
      } else {
        retryable = (status !== null && RETRY_STATUSES.has(status)) || networkError !== null;
        mayRetry = status === 429 || (idempotent && retryable);
      }
      const lastAttempt = attempt + 1 >= this.backoff.maxAttempts;
      const tooLong = retryAfterMs !== null && retryAfterMs > (this.o.maxRetryAfterMs ?? 120_000);
      if (mayRetry && !lastAttempt && !tooLong) {
        const wait = retryAfterMs ?? fullJitterDelay(attempt, this.backoff, this.o.random);
        await (this.o.clock ?? systemClock).sleep(wait, req.signal);
        continue;
      }
      throw this.toError(req, status, parsed.code, parsed.message, networkError, attempt + 1, retryable, verdict);
    }
  }

  private toError(req: HttpRequest, status: number | null, code: string | null, message: string | null, networkError: string | null, attempts: number, retryable: boolean, verdict: ErpErrorKind | null): ErpError {
    const kind: ErpErrorKind = verdict ??
      (status === null ? 'transient'
        : status === 429 ? 'throttled'
          : status === 401 || status === 403 ? 'auth'
            : status >= 500 ? 'transient'
              : status === 404 ? 'not-found' : status === 409 || status === 412 ? 'conflict' : 'validation');
    const what = status === null ? `no answer (${networkError})` : `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return new ErpError(`${this.o.system} ${req.operation} failed${tries}: ${what}`, {
      system: this.o.system, kind, httpStatus: status, erpCode: code, erpMessage: message ?? networkError,
      operation: req.operation, retryable: retryable || kind === 'throttled',
    });
  }

  private async attempt(req: HttpRequest, attempt: number): Promise<
    | { kind: 'ok'; response: HttpResponse }
    | { kind: 'fail'; status: number | null; text: string; retryAfterMs: number | null; networkError: string | null; authHeaders: Record<string, string> }
  > {
    const authHeaders = await this.o.authorize(req.signal);
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 8 * 60_000 + 30_000);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders, ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    }
    this.requestCount++;
    const auditRequest = req.auditRequest ?? (body && body.length <= 4000 ? { body: safeJson(body) } : body ? { bodyChars: body.length } : undefined);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(req.url, { method: req.method, headers, body: body ?? null, signal });
      text = await res.text();
    } catch (err) {
      if (req.signal?.aborted) throw err;
      const networkError = err instanceof Error ? `${err.name}: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? err.message}` : String(err);
      this.o.audit?.({ operation: req.operation, method: req.method, url: req.url, status: 'network-error', durationMs: performance.now() - started, request: auditRequest, response: null, detail: { attempt, error: networkError } });
      return { kind: 'fail', status: null, text: '', retryAfterMs: null, networkError, authHeaders };
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), new Date((this.o.clock ?? systemClock).now()));
    this.o.audit?.({
      operation: req.operation, method: req.method, url: req.url, status: res.status, durationMs: performance.now() - started,
      request: auditRequest, response: text, detail: attempt > 0 || retryAfterMs !== null ? { attempt, retryAfterMs } : undefined,
    });
    if (res.ok) {
      return { kind: 'ok', response: { status: res.status, headers: res.headers, text, json: <T>() => (text ? JSON.parse(text) : undefined) as T } };
    }
    return { kind: 'fail', status: res.status, text, retryAfterMs, networkError: null, authHeaders };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
