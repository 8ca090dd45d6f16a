/**
 * A login shared by every call on one connection: SAP B1 Service Layer sessions (the B1SESSION and
 * ROUTEID cookies, 30 minutes idle, NOTES §3.1) and Acumatica tokens or cookie sessions (NOTES §4.2).
 * One login at a time: callers that find the session expired together wait for the same re-login,
 * because each login holds a licence seat (Acumatica: extra sign-ins are rejected, NOTES §4.6) and
 * B1 counts sessions against the user's licence.
 */
export interface SessionOptions<S> {
  /** Logs in. Runs without any one caller's signal: a caller that gives up must not fail the others' login. */
  login: () => Promise<S>;
  /** The headers that carry the session on a request (Cookie, Authorization). */
  headers: (session: S) => Record<string, string>;
  /** Frees the seat (SAP B1 POST /Logout, Acumatica /entity/auth/logout). */
  logout?: (session: S) => Promise<void>;
}

export class SharedSession<S> {
  private current: S | null = null;
  private pending: Promise<S> | null = null;
  /** Logins started, for tests and the audit of how often sessions expire. */
  logins = 0;

  constructor(private readonly o: SessionOptions<S>) {}

  /** Headers for the next request, logging in first when there is no session yet. */
  async authorize(signal?: AbortSignal): Promise<Record<string, string>> {
    const session = this.current ?? (await abortable(this.pending ?? this.start(), signal));
    return this.o.headers(session);
  }

  /**
   * The server refused the session these headers carried. Log in again, unless another caller already
   * did (the current session's headers differ) or is doing so (then wait for that login).
   */
  async renew(rejected: Record<string, string>, signal?: AbortSignal): Promise<void> {
    if (this.pending) {
      await abortable(this.pending, signal);
      return;
    }
    if (this.current && !sameHeaders(this.o.headers(this.current), rejected)) return;
    this.current = null;
    await abortable(this.start(), signal);
  }

  /** Logs out (when logged in) so the seat is free at once rather than at the idle timeout. */
  async close(): Promise<void> {
    const session = this.current ?? (this.pending ? await this.pending.catch(() => null) : null);
    this.current = null;
    if (session !== null) await this.o.logout?.(session);
  }

  private start(): Promise<S> {
    this.logins++;
    const login = this.o.login().then((s) => {
      this.current = s;
      return s;
    });
    this.pending = login;
    const clear = () => {
      if (this.pending === login) this.pending = null;
    };
    login.then(clear, clear);
    return login;
  }
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length > 0 && keys.every((k) => b[k] === a[k]);
}

/** Waits for a shared promise, but lets this caller leave early when its own signal fires. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
