import type { ConnectionTestResult } from '../api/contract';
import type { AuditLog } from '../store';
import type { ConnectionKind } from './connection-kinds';

export interface ConnectionTestInput {
  connectionId: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string | null>;
  audit: AuditLog;
  signal: AbortSignal;
}

export type ConnectionTester = (input: ConnectionTestInput) => Promise<ConnectionTestResult>;

const notBuilt = (label: string): ConnectionTester => async () => ({
  status: 'not_implemented',
  message: `Not implemented yet: the ${label} connector has not been built, so this connection cannot be tested. Nothing was sent to ${label}.`,
  details: [],
});

/** One tester per kind; a kind whose connector is not built says so plainly, never a fake success. */
export const connectionTesters: Record<ConnectionKind, ConnectionTester> = {
  amazon: notBuilt('Amazon Seller Central'),
  'business-central': notBuilt('Business Central'),
  d365fo: notBuilt('Dynamics 365 Finance & Operations'),
  'sap-b1': notBuilt('SAP Business One'),
  acumatica: notBuilt('Acumatica'),
};
