import type { AuditLog } from '../../store';
import type { ConnectionInfo } from '../erp-connector';
import type { CallAuditor } from '../http-client';
import { resolveEndpoints, type BusinessCentralSecrets, type BusinessCentralSettings } from './auth';
import { BusinessCentralConnector } from './client';
import { explainConnectionError } from './errors';
import { ErpError } from '../erp-error';

export type TestConnectionResult =
  | { ok: true; info: ConnectionInfo }
  | { ok: false; message: string; erpCode: string | null };

/**
 * "Test connection" on the Connections screen: sign in, find the company, read its version and currency.
 * Never throws; the message is for the user, in plain words. Fast-failing: no long retry storms here.
 */
export async function testBusinessCentralConnection(
  settings: BusinessCentralSettings,
  secrets: BusinessCentralSecrets,
  audit?: AuditLog | CallAuditor,
  options: { fetch?: typeof fetch; signal?: AbortSignal; connectionId?: string } = {},
): Promise<TestConnectionResult> {
  const where = resolveEndpoints(settings).apiBaseUrl;
  try {
    const connector = new BusinessCentralConnector({
      settings, secrets,
      ...(audit ? { audit } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.connectionId ? { connectionId: options.connectionId } : {}),
      backoff: { baseMs: 250, capMs: 2_000, maxAttempts: 3 },
    });
    return { ok: true, info: await connector.testConnection(options.signal) };
  } catch (err) {
    return { ok: false, message: explainConnectionError(err, where), erpCode: err instanceof ErpError ? err.erpCode : null };
  }
}
