import type { Clock } from '../../clock/clock';
import { ErpError } from '../erp-error';
import type { ErpHttpClient } from '../http-client';
import { SharedSession } from '../shared-session';
import type { SapB1Secrets, SapB1Settings } from './settings';

/** One Service Layer login: the cookies every later call carries (NOTES §3.1) and when it was last used. */
export interface B1Session {
  cookie: string;
  version: string;
  timeoutMs: number;
  lastUsed: number;
}

/** The service root without a trailing slash: https://host:50000/b1s/v2. */
export function serviceRoot(settings: SapB1Settings): string {
  return settings.serviceLayerUrl.replace(/\/+$/, '');
}

/**
 * The connection's one B1 session, shared by every call (shared-session.ts: one login at a time, logout
 * on close). A session idle longer than its SessionTimeout is known dead (NOTES §3.1: 30 minutes), so
 * it is renewed before use instead of spending a request on the 401; a 401/301 still renews it (the
 * server may have restarted or an administrator ended it).
 */
export class B1SessionKeeper {
  readonly shared: SharedSession<B1Session>;
  /** The session the last login made (what authorize sends while it lives). */
  private latest: B1Session | null = null;

  constructor(
    private readonly settings: SapB1Settings,
    secrets: SapB1Secrets,
    private readonly loginHttp: ErpHttpClient,
    private readonly clock: Clock,
  ) {
    const root = serviceRoot(settings);
    this.shared = new SharedSession<B1Session>({
      login: async () => {
        if (!secrets.password) {
          throw new ErpError('The password for SAP Business One is not set. Enter it on the Connections screen.', { system: 'sap-b1', kind: 'auth', retryable: false });
        }
        const body = { CompanyDB: settings.companyDb, UserName: settings.userName, Password: secrets.password, ...(settings.language ? { Language: Number(settings.language) } : {}) };
        const res = await loginHttp.send({
          operation: 'POST Login', method: 'POST', url: `${root}/Login`, body, idempotent: true,
          // The password never reaches the audit log.
          auditRequest: { body: { CompanyDB: body.CompanyDB, UserName: body.UserName } },
        });
        const cookies = res.headers.getSetCookie().flatMap((h) => h.split(/,\s*(?=[A-Za-z0-9_]+=)/));
        const pick = (name: string) => cookies.map((c) => new RegExp(`^\\s*${name}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined);
        const answer = res.json<{ SessionId?: string; Version?: string; SessionTimeout?: number }>();
        const id = pick('B1SESSION') ?? answer.SessionId;
        if (!id) throw new ErpError('SAP Business One answered the login without a B1SESSION cookie.', { system: 'sap-b1', kind: 'permanent', operation: 'POST Login', retryable: false });
        const route = pick('ROUTEID');
        this.latest = {
          cookie: `B1SESSION=${id}${route ? `; ROUTEID=${route}` : ''}`,
          version: String(answer.Version ?? ''),
          timeoutMs: (typeof answer.SessionTimeout === 'number' ? answer.SessionTimeout : 30) * 60_000,
          lastUsed: this.clock.now(),
        };
        return this.latest;
      },
      headers: (s) => ({ cookie: s.cookie }),
      logout: async (s) => {
        await loginHttp.send({ operation: 'POST Logout', method: 'POST', url: `${root}/Logout`, headers: { cookie: s.cookie }, idempotent: true }).catch(() => undefined);
      },
    });
  }

  /** The session's headers, renewing a session that has sat idle past its timeout (a minute's margin for clock skew). */
  async authorize(signal?: AbortSignal): Promise<Record<string, string>> {
    let headers = await this.shared.authorize(signal);
    const s = this.current;
    if (s && this.clock.now() - s.lastUsed >= s.timeoutMs - 60_000) {
      await this.shared.renew(headers, signal);
      headers = await this.shared.authorize(signal);
    }
    if (this.current) this.current.lastUsed = this.clock.now();
    return headers;
  }

  private get current(): B1Session | null {
    return this.latest;
  }

  /** The B1 version the last login reported. */
  get version(): string {
    return this.current?.version ?? '';
  }
}
