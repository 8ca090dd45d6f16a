import type { AuditLog } from '../store';
import { clientSecretAgeWarning } from './client-secret-age';
import type { Clock } from '../clock/clock';
import { AmazonError } from './errors';
import { LWA_TOKEN_URL, marketplaceById, type Region } from './marketplaces';
import { getMarketplaceParticipations } from './sellers';
import { SpApiClient } from './sp-api-client';

export interface AmazonConnectionConfig {
  region: Region;
  lwaClientId: string;
  sellingPartnerId?: string;
  marketplaceIds?: string[];
  endpointOverride?: string;
  /** LWA token URL override; by default the emulator's when endpointOverride is a loopback address. */
  lwaEndpointOverride?: string;
}

export interface AmazonConnectionSecrets {
  clientSecret: string;
  refreshToken: string;
  /** When the client secret was entered, for the rotation warning. */
  clientSecretEnteredAt?: Date;
}

export interface ConnectedMarketplace {
  id: string;
  name: string;
  country: string;
  currency: string;
  domain: string;
  participating: boolean;
  hasSuspendedListings: boolean;
}

export type AmazonConnectionResult =
  | { ok: true; storeName: string; marketplaces: ConnectedMarketplace[]; warnings: string[] }
  | { ok: false; kind: string; message: string };

export interface TestConnectionOptions {
  clock?: Clock;
  fetch?: typeof fetch;
  connectionId?: string;
  signal?: AbortSignal;
}

/**
 * "Test connection" for an Amazon connection: gets an LWA token and calls getMarketplaceParticipations,
 * then says who the seller is and where they sell, or what is wrong in plain words.
 */
export async function testAmazonConnection(
  config: AmazonConnectionConfig,
  secrets: AmazonConnectionSecrets,
  audit?: AuditLog,
  options: TestConnectionOptions = {},
): Promise<AmazonConnectionResult> {
  const client = new SpApiClient({
    region: config.region,
    credentials: { clientId: config.lwaClientId, clientSecret: secrets.clientSecret, refreshToken: secrets.refreshToken },
    ...(config.endpointOverride ? { endpoint: config.endpointOverride } : {}),
    ...(config.sellingPartnerId ? { sellerKey: config.sellingPartnerId } : {}),
    lwaTokenUrl: lwaUrlFor(config),
    ...(audit ? { audit } : {}),
    ...(options.connectionId ? { connectionId: options.connectionId } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // A person is waiting: fail within seconds rather than after the full background retry budget.
    backoff: { baseMs: 500, capMs: 4_000, maxAttempts: 3 },
    requestTimeoutMs: 20_000,
  });
  try {
    const participations = await getMarketplaceParticipations(client, options.signal);
    const warnings: string[] = [];
    const marketplaces = participations.map((p) => {
      return {
        id: p.marketplace.id,
        name: p.marketplace.name,
        country: p.marketplace.countryCode,
        currency: p.marketplace.defaultCurrencyCode,
        domain: p.marketplace.domainName,
        participating: p.participation.isParticipating,
        hasSuspendedListings: p.participation.hasSuspendedListings,
      };
    });
    const ids = new Set(marketplaces.map((m) => m.id));
    for (const id of config.marketplaceIds ?? []) {
      if (!ids.has(id)) warnings.push(`The seller does not sell in marketplace ${marketplaceById(id)?.name ?? id}, which this connection lists.`);
    }
    for (const m of marketplaces) if (m.hasSuspendedListings) warnings.push(`${m.name} has suspended listings.`);
    if (secrets.clientSecretEnteredAt) {
      const w = clientSecretAgeWarning(secrets.clientSecretEnteredAt, new Date(options.clock?.now() ?? Date.now()));
      if (w) warnings.push(w.message);
    }
    return {
      ok: true,
      storeName: participations[0]?.storeName ?? '',
      marketplaces,
      warnings,
    };
  } catch (err) {
    if (err instanceof AmazonError) return { ok: false, kind: err.kind, message: err.message };
    if (options.signal?.aborted) return { ok: false, kind: 'cancelled', message: 'The connection test was cancelled.' };
    return { ok: false, kind: 'unexpected', message: `The connection test failed unexpectedly: ${(err as Error).message}` };
  }
}

function lwaUrlFor(config: AmazonConnectionConfig): string {
  if (config.lwaEndpointOverride) return config.lwaEndpointOverride;
  const o = config.endpointOverride?.trim();
  if (o) {
    try {
      const u = new URL(o);
      // The loopback emulator serves LWA at /auth/o2/token on the same origin; a remote override (a proxy)
      // still logs in with Amazon.
      if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') return `${u.origin}/auth/o2/token`;
    } catch {
      // not a URL: the SP-API call will say so
    }
  }
  return LWA_TOKEN_URL;
}
