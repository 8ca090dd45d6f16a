import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffPolicy } from '../net/backoff';
import type { AuditLog } from '../store';
import { systemClock, type Clock } from '../clock/clock';
import { AmazonError } from './errors';
import { LWA_TOKEN_URL } from './marketplaces';

export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface LwaTokenOptions {
  credentials: LwaCredentials;
  tokenUrl?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  audit?: AuditLog;
  connectionId?: string;
  /**
   * Refresh this long before expiry. Amazon's Java helper uses 60 s (LWAAccessTokenCacheImpl
   * `expiryAdjustment = 60 * 1000`, NOTES.md §3).
   */
  refreshMarginMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** LWA error codes (Amazon's LWAExceptionErrorCode.java, NOTES.md §3) that a retry cannot fix. */
const PERMANENT_LWA_ERRORS = new Set([
  'invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_scope', 'access_denied',
]);

/**
 * Login with Amazon access tokens for one seller authorisation: exchanged from the refresh token by a
 * form POST (archived SP-API Developer Guide @ c2888de, "Step 1. Request a Login with Amazon access token"),
 * cached for their life, refreshed a minute early, and never refreshed twice at once.
 */
export class LwaTokenProvider {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private readonly clock: Clock;
  private readonly tokenUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly margin: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  /** How many token exchanges were made (for tests and the audit detail). */
  refreshCount = 0;

  constructor(private readonly options: LwaTokenOptions) {
    this.clock = options.clock ?? systemClock;
    this.tokenUrl = options.tokenUrl ?? LWA_TOKEN_URL;
    this.fetchFn = options.fetch ?? fetch;
    this.margin = options.refreshMarginMs ?? 60_000;
    // Amazon's Python helper retries token calls 3 times (LwaRequest.py, NOTES.md §3).
    this.backoff = options.backoff ?? { ...DEFAULT_BACKOFF, maxAttempts: 3 };
    this.random = options.random ?? Math.random;
  }

  async getAccessToken(signal?: AbortSignal): Promise<string> {
    const c = this.cached;
    if (c && this.clock.now() < c.expiresAt - this.margin) return c.value;
    if (!this.inflight) {
      this.inflight = this.refresh(signal).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** Forget the cached token (SP-API said it expired earlier than we thought). */
  invalidate(token?: string): void {
    if (!token || this.cached?.value === token) this.cached = null;
  }

  private async refresh(signal?: AbortSignal): Promise<string> {
    const { credentials } = this.options;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }).toString();
    let lastProblem = '';
    for (let attempt = 0; attempt < this.backoff.maxAttempts; attempt++) {
      if (attempt > 0) await this.clock.sleep(fullJitterDelay(attempt, this.backoff, this.random), signal);
      const started = performance.now();
      const requestedAt = this.clock.now();
      let status: number | 'network-error' = 'network-error';
      let text = '';
      try {
        const res = await this.fetchFn(this.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
          body,
          // A token endpoint that never answers must not hold every waiting call forever.
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        if (signal?.aborted) throw err;
        lastProblem = `the token endpoint could not be reached (${(err as Error).message})`;
      } finally {
        this.options.audit?.record({
          kind: 'external_call',
          system: 'amazon',
          operation: 'lwa.token',
          connectionId: this.options.connectionId ?? null,
          status,
          durationMs: Math.round(performance.now() - started),
          // As fields, so the audit log's key-based redaction removes the secret and the refresh token.
          request: { method: 'POST', url: this.tokenUrl, form: Object.fromEntries(new URLSearchParams(body)) },
          response: text || null,
          detail: { attempt: attempt + 1 },
        });
      }
      if (status === 'network-error') continue;
      this.refreshCount++;
      const parsed = parseJsonObject(text);
      if (status === 200 && typeof parsed?.access_token === 'string') {
        const expiresIn = typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600;
        // Measure life from when we asked, so a slow answer cannot make us keep a token too long.
        this.cached = { value: parsed.access_token, expiresAt: requestedAt + expiresIn * 1000 };
        return parsed.access_token;
      }
      const code = typeof parsed?.error === 'string' ? parsed.error : '';
      const description = typeof parsed?.error_description === 'string' ? parsed.error_description : '';
      if (PERMANENT_LWA_ERRORS.has(code) || (status >= 400 && status < 500 && status !== 429)) {
        throw lwaError(code, description, status);
      }
      lastProblem = `the token endpoint answered ${status}${code ? ` ${code}` : ''}`;
    }
    throw new AmazonError(
      'unavailable',
      `Could not get an access token from Login with Amazon: ${lastProblem} after ${this.backoff.maxAttempts} attempts. Check the internet connection and try again.`,
      { operation: 'lwa.token', attempts: this.backoff.maxAttempts },
    );
  }
}

function lwaError(code: string, description: string, status: number): AmazonError {
  const amazonSaid = description ? ` Amazon said: "${description}".` : '';
  const detail = { operation: 'lwa.token', status, codes: code ? [code] : [] };
  if (code === 'invalid_grant') {
    // Revoked or mistyped refresh token (amzn/selling-partner-api-docs#268, NOTES.md §3).
    return new AmazonError(
      'reauthorize',
      `Amazon no longer accepts this connection's refresh token (invalid_grant). The seller must re-authorize the app in Seller Central (Apps and Services > Manage Your Apps) and you must paste the new refresh token into the connection.${amazonSaid}`,
      detail,
    );
  }
  if (code === 'invalid_client') {
    // Typically a rotated or expired client secret (jlevers/selling-partner-api#602, NOTES.md §3).
    return new AmazonError(
      'client-credentials',
      `Amazon rejected the app's LWA client id or client secret (invalid_client). The client secret was probably rotated or is wrong: copy the current secret from the Developer Console and enter it in the connection.${amazonSaid}`,
      detail,
    );
  }
  return new AmazonError(
    'auth',
    `Login with Amazon refused the token request (${code || `HTTP ${status}`}).${amazonSaid} Check the connection's client id, client secret and refresh token.`,
    detail,
  );
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
