import { testAmazonConnection } from '../amazon/test-connection';
import type { Clock } from '../clock/clock';
import { labelInSentence, neededSecrets, type ErpKindEntry } from '../erp/erp-kind';
import { erpKind } from '../erp/registry';
import type { AuditLog } from '../store';
import { AmazonSettingsSchema } from './connection-kinds';

export interface ConnectionTestInput {
  connectionId: string;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string | null>;
  secretsEnteredAt: Record<string, string>;
  audit: AuditLog;
  clock: Clock;
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

const testAmazon: ConnectionTester = async ({ connectionId, settings, secrets, secretsEnteredAt, audit, clock, signal }) => {
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
    // The workspace's clock also dated the secret's entry: its age is counted on the same clock.
    { connectionId, clock, signal },
  );
  if (!result.ok) return { status: 'failed', message: result.message, details: [] };
  const selling = result.marketplaces.filter((m) => m.participating);
  return {
    status: 'ok',
    message: `Connected to ${result.storeName || 'the seller account'}: selling in ${selling.length} marketplace${selling.length === 1 ? '' : 's'}.`,
    details: [...selling.map((m) => `${m.name} (${m.country}, ${m.currency}) · ${m.id}`), ...result.warnings],
  };
};

/** An ERP kind's test from the registry: its secrets checked first, then its connector's own test. */
function testErp(entry: ErpKindEntry): ConnectionTester {
  const factory = entry.connector;
  if (!factory) return notBuilt(entry.label);
  return async ({ connectionId, name, settings, secrets, audit, clock, signal }) => {
    const parsed = entry.settings.safeParse(settings);
    if (!parsed.success) return { status: 'failed', message: `Not tested: ${name} is not set up completely: ${parsed.error.issues.map((i) => i.message).join('; ')}. Edit the connection.`, details: [] };
    const needed = neededSecrets(entry, settings);
    const absent = needed.filter((s) => !secrets[s.field]).map((s) => `the ${labelInSentence(s.label)}`);
    if (absent.length) return missing(absent);
    const present = Object.fromEntries(needed.map((s) => [s.field, secrets[s.field]!]));
    return factory.test({ connectionId, name, settings: parsed.data as Record<string, unknown>, secrets: present, audit, clock, tuning: {} }, signal);
  };
}

/** The tester of a kind; a kind whose connector is not built says so plainly, never a fake success. */
export function connectionTester(kind: string): ConnectionTester {
  if (kind === 'amazon') return testAmazon;
  const entry = erpKind(kind);
  return entry ? testErp(entry) : async () => ({ status: 'failed', message: `There is no connection kind "${kind}" in this version of the app.`, details: [] });
}
