import type { BackoffPolicy } from '../net/backoff';
import { BusinessCentralConnector, type BusinessCentralConnectorOptions } from '../erp/business-central/client';
import { BusinessCentralSettingsSchema } from '../connections/connection-kinds';
import type { ConnectionRepository, ConnectionRow } from '../connections/connection-repository';
import type { CredentialStore } from '../credentials';
import type { AuditLog } from '../store';
import type { ReferenceDataSource } from './reference-cache';

/** What building a connector needs of a workspace: its connections, the keychain, and the audit log its calls go to. */
type ConnectorHost = { connections: ConnectionRepository; credentials: CredentialStore; audit: AuditLog };

/** The connection cannot be used for mappings; the message says why and what to do. */
export class UnusableConnection extends Error {
  constructor(readonly reason: 'not_found' | 'invalid_input', message: string) {
    super(message);
    this.name = 'UnusableConnection';
  }
}

/** The ERP connections mappings can be kept for (the others are Amazon, or connectors not built yet). */
export const MAPPABLE_KINDS = ['business-central'] as const;

export function erpConnection(ws: ConnectorHost, connectionId: string): ConnectionRow {
  const c = ws.connections.get(connectionId);
  if (!c) throw new UnusableConnection('not_found', `There is no connection with id ${connectionId}.`);
  if (!(MAPPABLE_KINDS as readonly string[]).includes(c.kind)) {
    throw new UnusableConnection('invalid_input', `${c.name} is not an ERP connection whose data can be read yet; mappings are kept for Business Central connections.`);
  }
  return c;
}

/** Builds the connector from the connection's settings and its secrets in the keychain. */
export async function referenceSourceFor(ws: ConnectorHost, c: ConnectionRow, tuning: { backoff?: BackoffPolicy } = {}): Promise<ReferenceDataSource> {
  return businessCentralConnectorFor(ws, c, tuning);
}

/** The Business Central connector of a connection, with its secret from the keychain. */
export async function businessCentralConnectorFor(ws: ConnectorHost, c: ConnectionRow, extra: Partial<BusinessCentralConnectorOptions> = {}): Promise<BusinessCentralConnector> {
  const settings = BusinessCentralSettingsSchema.parse(c.settings);
  const field = settings.deployment === 'online' ? 'clientSecret' : 'webServiceAccessKey';
  const secret = await ws.credentials.get(c.id, field);
  if (!secret) {
    throw new UnusableConnection('invalid_input', `${c.name} has no ${field === 'clientSecret' ? 'client secret' : 'web service access key'} set. Edit the connection and enter it.`);
  }
  return new BusinessCentralConnector({ settings, secrets: { [field]: secret }, audit: ws.audit, connectionId: c.id, ...extra });
}
