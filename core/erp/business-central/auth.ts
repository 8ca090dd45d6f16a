import type { z } from 'zod';
import type { BusinessCentralSettingsSchema } from './settings';
import { EntraTokenCache } from '../entra-token';
import { ErpError } from '../erp-error';
import type { CallAuditor } from '../http-client';

export type BusinessCentralSettings = z.infer<typeof BusinessCentralSettingsSchema>;

/** Secrets come from the caller (who read them from the keychain); this module never stores them. */
export interface BusinessCentralSecrets {
  clientSecret?: string | null;
  webServiceAccessKey?: string | null;
}

export const BC_SCOPE = 'https://api.businesscentral.dynamics.com/.default';
const LOGIN_HOST = 'https://login.microsoftonline.com';
const API_HOST = 'https://api.businesscentral.dynamics.com';

export interface BusinessCentralEndpoints {
  /** The service root, ending in /api/v2.0. */
  apiBaseUrl: string;
  /** Entra token URL (online only). */
  tokenUrl: string | null;
}

/**
 * URL shapes from NOTES §1.1-1.2 (BCDOCS api-endpoint-structure.md, automation-apis-using-s2s-authentication.md):
 * online  https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/v2.0, token from
 *         https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token;
 * on-prem https://{server}:{port}/{instance}/api/v2.0, given by the user.
 * endpointOverride replaces both hosts (the emulator serves both path shapes).
 */
export function resolveEndpoints(settings: BusinessCentralSettings): BusinessCentralEndpoints {
  if (settings.deployment === 'online') {
    const override = settings.endpointOverride?.replace(/\/+$/, '');
    const tenant = encodeURIComponent(settings.tenantId);
    const env = encodeURIComponent(settings.environment);
    return {
      apiBaseUrl: `${override || API_HOST}/v2.0/${tenant}/${env}/api/v2.0`,
      tokenUrl: `${override || LOGIN_HOST}/${tenant}/oauth2/v2.0/token`,
    };
  }
  // Users paste the server instance URL or the full API root; accept both.
  const base = settings.baseUrl.replace(/\/+$/, '');
  return { apiBaseUrl: /\/api\/v2\.0$/.test(base) ? base : `${base}/api/v2.0`, tokenUrl: null };
}

export interface BusinessCentralAuth {
  /** Who we authenticate as, for "Test connection". */
  principal: string;
  authorize: (signal?: AbortSignal) => Promise<Record<string, string>>;
  onUnauthorized: (headers: Record<string, string>) => void;
}

export function createAuth(
  settings: BusinessCentralSettings,
  secrets: BusinessCentralSecrets,
  options: { fetch?: typeof fetch; audit?: CallAuditor; now?: () => number } = {},
): BusinessCentralAuth {
  const endpoints = resolveEndpoints(settings);
  if (settings.deployment === 'online') {
    if (!secrets.clientSecret) {
      throw new ErpError('The client secret for Business Central is not set. Enter it on the Connections screen.', { system: 'business-central', kind: 'auth', retryable: false });
    }
    const tokens = new EntraTokenCache({
      system: 'business-central', tokenUrl: endpoints.tokenUrl!, clientId: settings.clientId, clientSecret: secrets.clientSecret, scope: BC_SCOPE,
      ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.audit ? { audit: options.audit } : {}), ...(options.now ? { now: options.now } : {}),
    });
    return {
      principal: `app ${settings.clientId} in tenant ${settings.tenantId}`,
      authorize: async (signal) => ({ authorization: `Bearer ${await tokens.getToken(signal)}` }),
      onUnauthorized: (headers) => tokens.invalidate(headers.authorization?.replace(/^Bearer /, '')),
    };
  }
  if (!secrets.webServiceAccessKey) {
    throw new ErpError('The web service access key for Business Central is not set. Enter it on the Connections screen.', { system: 'business-central', kind: 'auth', retryable: false });
  }
  // On-premises API v2.0: Basic auth with the user name and web service access key (endpoints-apis-for-dynamics.md).
  const header = `Basic ${Buffer.from(`${settings.username}:${secrets.webServiceAccessKey}`, 'utf8').toString('base64')}`;
  return {
    principal: `user ${settings.username}`,
    authorize: async () => ({ authorization: header }),
    onUnauthorized: () => undefined,
  };
}
