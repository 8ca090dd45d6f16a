import type { Clock } from '../../clock/clock';
import { ErpError } from '../erp-error';
import type { CallAuditor } from '../http-client';
import { SharedSession } from '../shared-session';
import type { AcumaticaSecrets, AcumaticaSettings } from './settings';

const SYSTEM = 'acumatica';
/**
 * After the licence refuses a sign-in, every caller of this connection is given that answer for this long
 * without asking again: a posting run of many documents signs in once, not once per document.
 */
export const LOGIN_LIMIT_PAUSE_MS = 60_000;

/** A signed-in session: a bearer token (OAuth 2.0) or the cookie pair of `POST /entity/auth/login`. */
type Session = { kind: 'bearer'; token: string } | { kind: 'cookie'; cookie: string };

export interface AcumaticaAuth {
  session: SharedSession<Session>;
  principal: string;
}

/**
 * Sign-in as NOTES §4.2 describes it. Sign-in failures are never retried here: a refused login over the
 * licence ("API Login Limit", 429) is shown to the user, because trying again only holds the queue longer;
 * for LOGIN_LIMIT_PAUSE_MS after one, the same refusal is given without signing in again.
 */
export function createAcumaticaAuth(s: AcumaticaSettings, secrets: AcumaticaSecrets, o: { clock: Clock; fetch?: typeof fetch; audit?: CallAuditor }): AcumaticaAuth {
  const doFetch = o.fetch ?? fetch;
  const base = s.instanceUrl.replace(/\/+$/, '');
  /** The refresh token of an authorization-code sign-in is renewed on each use; the latest is kept for this run. */
  let refreshToken = secrets.refreshToken ?? null;
  let licenceRefusal: { error: ErpError; until: number } | null = null;

  async function call(operation: string, url: string, init: RequestInit): Promise<Response> {
    const started = performance.now();
    let res: Response;
    try {
      res = await doFetch(url, init);
    } catch (err) {
      throw new ErpError(`Acumatica could not be reached at ${base} (${err instanceof Error ? err.message : String(err)}).`, { system: SYSTEM, kind: 'transient', operation, retryable: true });
    }
    o.audit?.({ operation, method: 'POST', url, status: res.status, durationMs: performance.now() - started, request: { signIn: s.signIn }, response: res.ok ? null : await res.clone().text() });
    return res;
  }

  async function refused(operation: string, res: Response): Promise<never> {
    const text = await res.text();
    let words = text.trim().slice(0, 300);
    try {
      const b = JSON.parse(text) as Record<string, unknown>;
      words = String(b.error_description ?? b.exceptionMessage ?? b.message ?? b.error ?? words);
    } catch { /* not JSON: the text as it came */ }
    // ACUCLI reads "API Login Limit" in a refused login as the licence limit (NOTES §4.2).
    if (res.status === 429 || /api login limit/i.test(words)) {
      const error = new ErpError(`Acumatica refused the sign-in: API Login Limit. All API users the licence allows are signed in; sign out other integrations or wait until their sessions end (License Monitoring Console, SM604000).`, {
        system: SYSTEM, kind: 'auth', httpStatus: res.status, erpMessage: words, operation, retryable: false,
      });
      licenceRefusal = { error, until: o.clock.now() + LOGIN_LIMIT_PAUSE_MS };
      throw error;
    }
    throw new ErpError(`Acumatica refused the sign-in (HTTP ${res.status}): ${words}`, { system: SYSTEM, kind: 'auth', httpStatus: res.status, erpMessage: words, operation, retryable: false });
  }

  async function tokenLogin(): Promise<Session> {
    const form = new URLSearchParams({ client_id: s.clientId ?? '', client_secret: secrets.clientSecret ?? '', scope: 'api offline_access' });
    if (s.signIn === 'password') {
      form.set('grant_type', 'password');
      form.set('username', s.username ?? '');
      form.set('password', secrets.password ?? '');
    } else {
      if (!refreshToken) throw new ErpError('Acumatica needs a refresh token from a browser sign-in for this connection; none is stored.', { system: SYSTEM, kind: 'auth', retryable: false });
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', refreshToken);
    }
    const res = await call('sign in (OAuth 2.0)', `${base}/identity/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
    if (!res.ok) return refused('sign in (OAuth 2.0)', res);
    const t = (await res.json()) as { access_token?: string; refresh_token?: string };
    if (!t.access_token) throw new ErpError('Acumatica answered the sign-in without an access token.', { system: SYSTEM, kind: 'auth', retryable: false });
    if (t.refresh_token && s.signIn === 'authorization-code') refreshToken = t.refresh_token;
    return { kind: 'bearer', token: t.access_token };
  }

  async function cookieLogin(): Promise<Session> {
    const res = await call('sign in (cookie)', `${base}/entity/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: s.username, password: secrets.password ?? '', tenant: s.tenant, branch: s.branch }),
    });
    if (res.status !== 204 && !res.ok) return refused('sign in (cookie)', res);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    if (!cookie) throw new ErpError('Acumatica answered the sign-in without a session cookie.', { system: SYSTEM, kind: 'auth', retryable: false });
    return { kind: 'cookie', cookie };
  }

  const signIn = s.signIn === 'cookie' ? cookieLogin : tokenLogin;
  const session = new SharedSession<Session>({
    login: async () => {
      if (licenceRefusal && o.clock.now() < licenceRefusal.until) throw licenceRefusal.error;
      licenceRefusal = null;
      return signIn();
    },
    headers: (x): Record<string, string> => (x.kind === 'bearer' ? { authorization: `Bearer ${x.token}` } : { cookie: x.cookie }),
    // A cookie session holds an API-user seat until it is signed out (NOTES §4.2, §4.6).
    logout: async (x) => {
      if (x.kind !== 'cookie') return;
      await call('sign out', `${base}/entity/auth/logout`, { method: 'POST', headers: { cookie: x.cookie } }).catch(() => undefined);
    },
  });
  const principal = s.signIn === 'authorization-code' ? `${s.clientId} (browser sign-in)` : `${s.username}@${s.tenant}`;
  return { session, principal };
}
