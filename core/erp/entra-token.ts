import { sleep } from '../net/backoff';
import { ErpError } from './erp-error';
import { parseErrorBody } from './odata';
import type { CallAuditor } from './http-client';

/**
 * OAuth 2.0 client-credentials tokens from Microsoft Entra ID, shared by BC and F&O.
 * Facts (../shared/reference/erp/NOTES.md §1.1, §5): POST form-encoded grant_type=client_credentials,
 * client_id, client_secret, scope; the answer is {token_type, expires_in, access_token} and there is no
 * refresh token, so we simply ask again before expiry. Lifetime is "one hour by default".
 */
export interface EntraTokenOptions {
  system: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Renew this long before expires_in runs out, so a token never expires in flight. */
  renewBeforeMs?: number;
  audit?: CallAuditor;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

export class EntraTokenCache {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly o: EntraTokenOptions) {
    this.now = o.now ?? Date.now;
    this.fetchImpl = o.fetch ?? fetch;
  }

  /** A token valid for at least renewBeforeMs more; one request at a time however many callers ask. */
  async getToken(signal?: AbortSignal): Promise<string> {
    const renewBefore = this.o.renewBeforeMs ?? 5 * 60_000;
    if (this.cached && this.cached.expiresAt - renewBefore > this.now()) return this.cached.value;
    this.inflight ??= this.fetchToken(signal).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The API said the token is no good (revoked, clock skew): forget it so the next call asks again. */
  invalidate(token?: string): void {
    if (!token || this.cached?.value === token) this.cached = null;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.o.clientId,
      client_secret: this.o.clientSecret,
      scope: this.o.scope,
    });
    let lastError: unknown;
    // Entra itself can be briefly unavailable; three tries with a short pause, then a plain error.
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = this.now();
      let res: Response;
      let text: string;
      try {
        res = await this.fetchImpl(this.o.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          signal: signal ?? null,
        });
        text = await res.text();
      } catch (err) {
        if (signal?.aborted) throw err;
        lastError = err;
        this.o.audit?.({ operation: 'token', method: 'POST', url: this.o.tokenUrl, status: 'network-error', durationMs: this.now() - started, request: { grant_type: 'client_credentials', client_id: this.o.clientId, scope: this.o.scope }, response: null, detail: { attempt, error: String(err) } });
        await sleep(200 * (attempt + 1), signal);
        continue;
      }
      this.o.audit?.({ operation: 'token', method: 'POST', url: this.o.tokenUrl, status: res.status, durationMs: this.now() - started, request: { grant_type: 'client_credentials', client_id: this.o.clientId, scope: this.o.scope }, response: text, detail: { attempt } });
      if (res.ok) {
        const body = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
        if (typeof body.access_token !== 'string') {
          throw new ErpError('The sign-in service answered without an access token', { system: this.o.system, kind: 'auth', httpStatus: res.status, operation: 'token' });
        }
        const expiresIn = Number(body.expires_in ?? 3599);
        this.cached = { value: body.access_token, expiresAt: this.now() + expiresIn * 1000 };
        return body.access_token;
      }
      const parsed = parseErrorBody(text);
      if (res.status >= 500 || res.status === 429) {
        lastError = new ErpError(`The sign-in service failed (HTTP ${res.status}): ${parsed.message ?? ''}`, { system: this.o.system, kind: 'transient', httpStatus: res.status, erpCode: parsed.code, erpMessage: parsed.message, operation: 'token' });
        await sleep(200 * (attempt + 1), signal);
        continue;
      }
      throw new ErpError(`Microsoft Entra ID refused the sign-in: ${parsed.message ?? `HTTP ${res.status}`}`, {
        system: this.o.system, kind: 'auth', httpStatus: res.status, erpCode: parsed.code, erpMessage: parsed.message, operation: 'token', retryable: false,
      });
    }
    if (lastError instanceof ErpError) throw lastError;
    throw new ErpError(`Could not reach the sign-in service at ${this.o.tokenUrl}: ${String(lastError)}`, { system: this.o.system, kind: 'transient', operation: 'token' });
  }
}
