import type { ZodType } from 'zod';
import type { Clock } from '../clock/clock';
import type { BackoffPolicy } from '../net/backoff';
import type { AuditLog } from '../store';
import type { ErpCapabilities } from './erp-capabilities';
import type { ErpConnector } from './erp-connector';
import type { StarterChart } from './starter-chart';

/** How the Connections form shows one non-secret setting. */
export interface SettingField {
  field: string;
  label: string;
  hint?: string;
  options?: readonly { value: string; label: string }[];
  /** Shown only when another setting has this value (Business Central online vs on-premises). */
  when?: { field: string; value: string };
  optional?: boolean;
}

/** A secret the keychain holds for a connection; `when` as for settings (asked for, and needed, only then). */
export interface SecretField {
  field: string;
  label: string;
  when?: { field: string; value: string };
}

/**
 * What the Connections screen and the contract know of an ERP kind: plain data, safe for the renderer.
 * The ERP's folder owns it (`<erp>/kind.ts`).
 */
export interface ErpKindDescription {
  kind: string;
  label: string;
  settings: ZodType;
  fields: readonly SettingField[];
  secrets: readonly SecretField[];
  capabilities: ErpCapabilities;
  /** The accounts an Amazon seller needs, numbered and named as this ERP's charts are (created where capabilities say accountCreation). */
  starterChart?: StarterChart;
  /**
   * Where the ERP is to send change notifications for a connection with these settings, and the loopback
   * port that receives them; null while the connection polls. Only for kinds whose changeSignals are notifications.
   */
  notificationTarget?(settings: Record<string, unknown>): { url: string; port: number } | null;
}

/** Test and benchmark knobs: quicker retries, a fetch that injects faults. */
export interface ErpTuning {
  backoff?: BackoffPolicy;
  fetch?: typeof fetch;
}

/** Everything a connector is built from: the connection's parsed settings, its secrets from the keychain, and the workspace's audit log and clock. */
export interface ErpConnectorContext {
  connectionId: string;
  /** The connection's name, for messages. */
  name: string;
  settings: Record<string, unknown>;
  secrets: Readonly<Record<string, string>>;
  audit: AuditLog;
  clock: Clock;
  tuning: ErpTuning;
}

/** What "Test connection" tells the user, in plain words. */
export interface ErpTestResult {
  status: 'ok' | 'failed';
  message: string;
  details: string[];
}

/** How an ERP kind's connector is made and tested; absent while the connector is not built. */
export interface ErpConnectorFactory {
  build(ctx: ErpConnectorContext): ErpConnector;
  test(ctx: ErpConnectorContext, signal: AbortSignal): Promise<ErpTestResult>;
}

/** One registry entry: the description, and the connector factory once there is one. */
export interface ErpKindEntry extends ErpKindDescription {
  connector?: ErpConnectorFactory;
}

/** The secrets a connection with these settings needs (a secret with `when` only when that setting matches). */
export function neededSecrets(kind: Pick<ErpKindDescription, 'secrets'>, settings: Record<string, unknown>): SecretField[] {
  return kind.secrets.filter((s) => !s.when || settings[s.when.field] === s.when.value);
}

/** A label inside a sentence: "Client secret" -> "client secret", an acronym ("API key") as it is. */
export function labelInSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
