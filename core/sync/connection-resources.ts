import { AmazonSettingsSchema, settingLabels } from '../connections/connection-kinds';
import { fieldIssues, issuesMessage } from '../errors/input-issues';
import type { ConnectionRow } from '../connections/connection-repository';
import { ConnectionUnusable } from '../connections/erp-connectors';
import type { ErpConnector } from '../erp/erp-connector';
import { RateLimiter } from '../amazon/rate-limiter';
import { SpApiClient, type SpApiClientOptions } from '../amazon/sp-api-client';
import type { BackoffPolicy } from '../net/backoff';
import type { Workspace } from '../workspace/workspace';

/** Test and benchmark knobs for the Amazon clients (a scaled clock, fast retries, the emulator's plans). */
export type AmazonClientTuning = Partial<Pick<SpApiClientOptions, 'clock' | 'backoff' | 'usagePlans' | 'fetch' | 'random' | 'requestTimeoutMs'>>;
/** The same for the ERP connectors (set on the workspace's, ws.erp.tune): quicker retries so a test's storm ends in milliseconds. */
export interface ErpClientTuning { erpBackoff?: BackoffPolicy }

/**
 * One set of throttles per connection, whichever job calls it: an Amazon connection has one RateLimiter
 * (Amazon's usage plans are per app and seller, so two jobs must share the buckets), an ERP connection the
 * workspace's one connector (ws.erp, also used by posting by hand) and with it one ConcurrencyGate (BC serves
 * 5 requests at once per user). Clients are rebuilt when the connection is edited; the Amazon buckets survive that.
 */
export class ConnectionResources {
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly amazon = new Map<string, { stamp: string; client: SpApiClient }>();

  private readonly tuning: AmazonClientTuning;

  constructor(private readonly ws: Workspace, tuning: AmazonClientTuning & ErpClientTuning = {}) {
    const { erpBackoff, ...amazon } = tuning;
    this.tuning = amazon;
    if (erpBackoff) ws.erp.tune({ backoff: erpBackoff });
  }

  rateLimiter(connectionId: string): RateLimiter {
    let l = this.limiters.get(connectionId);
    if (!l) {
      l = new RateLimiter(this.tuning.clock ?? this.ws.clock, this.tuning.usagePlans);
      this.limiters.set(connectionId, l);
    }
    return l;
  }

  async amazonClient(connectionId: string): Promise<SpApiClient> {
    const c = this.ws.connections.get(connectionId);
    if (!c || c.kind !== 'amazon') throw new ConnectionUnusable('not_found', `There is no Amazon connection with id ${connectionId}; the job needs one.`);
    const cached = this.amazon.get(connectionId);
    if (cached?.stamp === c.updatedAt) return cached.client;
    const client = await this.buildAmazon(c);
    this.amazon.set(connectionId, { stamp: c.updatedAt, client });
    return client;
  }

  /** The workspace's one connector of the ERP connection (ws.erp). */
  erpConnector(connectionId: string): Promise<ErpConnector> {
    return this.ws.erp.connector(connectionId);
  }

  private async buildAmazon(c: ConnectionRow): Promise<SpApiClient> {
    const parsed = AmazonSettingsSchema.safeParse(c.settings);
    if (!parsed.success) throw new ConnectionUnusable('invalid_input', `${c.name} is not set up completely: ${issuesMessage(fieldIssues(parsed.error, settingLabels('amazon')))} Edit the connection.`);
    const s = parsed.data;
    const [clientSecret, refreshToken] = await Promise.all([this.ws.credentials.get(c.id, 'clientSecret'), this.ws.credentials.get(c.id, 'refreshToken')]);
    if (!clientSecret || !refreshToken) throw new ConnectionUnusable('invalid_input', `${c.name} has no ${!clientSecret ? 'LWA client secret' : 'refresh token'} in the keychain. Edit the connection and enter it.`);
    return new SpApiClient({
      region: s.region,
      credentials: { clientId: s.lwaClientId, clientSecret, refreshToken },
      ...(s.endpointOverride ? { endpoint: s.endpointOverride } : {}),
      ...(lwaUrl(s.endpointOverride) ? { lwaTokenUrl: lwaUrl(s.endpointOverride)! } : {}),
      ...(s.sellingPartnerId ? { sellerKey: s.sellingPartnerId } : {}),
      audit: this.ws.audit,
      connectionId: c.id,
      rateLimiter: this.rateLimiter(c.id),
      clock: this.ws.clock,
      ...this.tuning,
    });
  }
}

/** The loopback emulator serves LWA on its own origin; anything else logs in with Amazon. */
function lwaUrl(endpointOverride: string | undefined): string | undefined {
  if (!endpointOverride) return undefined;
  try {
    const u = new URL(endpointOverride);
    return u.hostname === '127.0.0.1' || u.hostname === 'localhost' ? `${u.origin}/auth/o2/token` : undefined;
  } catch {
    return undefined;
  }
}

const perWorkspace = new WeakMap<Workspace, ConnectionResources>();

/** The workspace's one set of per-connection throttles. Tuning applies only when the set is first made. */
export function connectionResources(ws: Workspace, tuning?: AmazonClientTuning): ConnectionResources {
  let r = perWorkspace.get(ws);
  if (!r) {
    r = new ConnectionResources(ws, tuning);
    perWorkspace.set(ws, r);
  }
  return r;
}
