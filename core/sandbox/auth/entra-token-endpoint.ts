import { randomBytes, randomUUID } from 'node:crypto';
import type { IssuedTokens } from '../faults/issued-tokens';

/**
 * Microsoft Entra ID's token endpoint for the client-credentials grant, as Business Central online and
 * Dynamics 365 F&O use it: POST {host}/{tenant}/oauth2/v2.0/token with a form body. Error bodies follow
 * Entra's "Error response": error, error_description starting with the AADSTS code, error_codes,
 * timestamp, trace_id, correlation_id; the AADSTS numbers are Entra's published codes.
 */
export const ENTRA_TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

export interface EntraApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The one scope the resource accepts, e.g. https://api.businesscentral.dynamics.com/.default */
  scope: string;
  lifetimeSeconds: number;
}

/**
 * The answer to one token request. Issued tokens grant the app's client id. `failWith` is an injected
 * transient failure (AADSTS90033) with that status.
 */
export function entraTokenAnswer(app: EntraApp, tenant: string, body: string, tokens: IssuedTokens<string>, now: () => number, failWith: number | null): { status: number; body: Record<string, unknown> } {
  const traceIds = () => ({ timestamp: new Date(now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'), trace_id: randomUUID(), correlation_id: randomUUID() });
  const refuse = (status: number, error: string, code: number, description: string) => ({ status, body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], ...traceIds() } });
  if (failWith !== null) return refuse(failWith, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
  const form = new URLSearchParams(body);
  if (tenant !== app.tenantId) {
    return refuse(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return refuse(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`);
  }
  if (form.get('client_id') !== app.clientId) {
    return refuse(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenant}'.`);
  }
  if (form.get('client_secret') !== app.clientSecret) {
    return refuse(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
  }
  if (form.get('scope') !== app.scope) {
    return refuse(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${form.get('scope') ?? ''} is not valid.`);
  }
  const token = `emu.${randomBytes(24).toString('base64url')}`;
  tokens.issue(token, app.clientId, app.lifetimeSeconds * 1000);
  return { status: 200, body: { token_type: 'Bearer', expires_in: app.lifetimeSeconds, ext_expires_in: app.lifetimeSeconds, access_token: token } };
}
