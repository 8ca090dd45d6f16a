import { testAmazonConnection } from '../amazon/test-connection';
import { testBusinessCentralConnection } from '../erp/business-central/test-connection';
import type { AuditLog } from '../store';
import { AmazonSettingsSchema, BusinessCentralSettingsSchema, type ConnectionKind } from './connection-kinds';

export interface ConnectionTestInput {
  connectionId: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string | null>;
  secretsEnteredAt: Record<string, string>;
  audit: AuditLog;
  signal: AbortSignal;
}

/** What a connection test tells the user; core/api's ConnectionTestResultSchema validates it on the way out. */
export interface ConnectionTestResult {
  status: 'ok' | 'failed' | 'not_implemented';
  message: string;
  details: string[];
}

export type ConnectionTester = (input: ConnectionTestInput) => Promise<ConnectionTestResult>;

const notBuilt = (label: string): ConnectionTester => async () => ({
  status: 'not_implemented',
  message: `Not implemented yet: the ${label} connector has not been built, so this connection cannot be tested. Nothing was sent to ${label}.`,
  details: [],
});

const missing = (labels: string[]): ConnectionTestResult => ({
  status: 'failed',
  message: `Not tested: ${labels.join(' and ')} ${labels.length > 1 ? 'are' : 'is'} not set. Edit the connection and enter ${labels.length > 1 ? 'them' : 'it'}.`,
  details: [],
});

const testAmazon: ConnectionTester = async ({ connectionId, settings, secrets, secretsEnteredAt, audit, signal }) => {
  const config = AmazonSettingsSchema.parse(settings);
  const absent = [!secrets.clientSecret && 'the LWA client secret', !secrets.refreshToken && 'the refresh token'].filter((x): x is string => !!x);
  if (absent.length) return missing(absent);
  const result = await testAmazonConnection(
    config,
    {
      clientSecret: secrets.clientSecret!,
      refreshToken: secrets.refreshToken!,
      ...(secretsEnteredAt.clientSecret ? { clientSecretEnteredAt: new Date(secretsEnteredAt.clientSecret) } : {}),
    },
    audit,
    { connectionId, signal },
  );
  if (!result.ok) return { status: 'failed', message: result.message, details: [] };
  const selling = result.marketplaces.filter((m) => m.participating);
  return {
    status: 'ok',
    message: `Connected to ${result.storeName || 'the seller account'}: selling in ${selling.length} marketplace${selling.length === 1 ? '' : 's'}.`,
    details: [...selling.map((m) => `${m.name} (${m.country}, ${m.currency}) · ${m.id}`), ...result.warnings],
  };
};

const testBusinessCentral: ConnectionTester = async ({ connectionId, settings, secrets, audit, signal }) => {
  const parsed = BusinessCentralSettingsSchema.parse(settings);
  const needed = parsed.deployment === 'online' ? { field: 'clientSecret', label: 'the client secret' } : { field: 'webServiceAccessKey', label: 'the web service access key' };
  if (!secrets[needed.field]) return missing([needed.label]);
  const result = await testBusinessCentralConnection(parsed, secrets, audit, { connectionId, signal });
  if (!result.ok) return { status: 'failed', message: result.message, details: result.erpCode ? [`Business Central error code: ${result.erpCode}`] : [] };
  const i = result.info;
  return {
    status: 'ok',
    message: `Connected to ${i.companyName} as ${i.principal}.`,
    details: [`Environment: ${i.environment}`, `Version: ${i.version}`, ...(i.localCurrency ? [`Local currency: ${i.localCurrency}`] : []), `Company id: ${i.companyId}`],
  };
};

/** One tester per kind; a kind whose connector is not built says so plainly, never a fake success. */
export const connectionTesters: Record<ConnectionKind, ConnectionTester> = {
  amazon: testAmazon,
  'business-central': testBusinessCentral,
  d365fo: notBuilt('Dynamics 365 Finance & Operations'),
  'sap-b1': notBuilt('SAP Business One'),
  acumatica: notBuilt('Acumatica'),
};
