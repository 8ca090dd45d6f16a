import type { Clock } from '../clock/clock';
import type { CredentialStore } from '../credentials';
import { DomainError } from '../errors/domain-error';
import { fieldIssues, issuesMessage } from '../errors/input-issues';
import { settingLabels } from './connection-kinds';
import type { ErpConnector } from '../erp/erp-connector';
import { labelInSentence, neededSecrets, type ErpConnectorFactory, type ErpKindEntry, type ErpTuning } from '../erp/erp-kind';
import { erpKind, erpKinds } from '../erp/registry';
import type { AuditLog } from '../store';
import type { ConnectionRepository, ConnectionRow } from './connection-repository';

/** A connection that cannot be used for what was asked; the message says why and what to do. */
export class ConnectionUnusable extends DomainError {
  constructor(readonly reason: 'not_found' | 'invalid_input', message: string) {
    super(reason, message);
  }
}

/** What building connectors needs of a workspace: its connections, the keychain, the audit log and the clock. */
export interface ConnectorHost {
  connections: ConnectionRepository;
  credentials: CredentialStore;
  audit: AuditLog;
  clock: Clock;
}

/** An ERP connection whose kind has a connector, with its registry entry. */
export interface ErpConnection {
  row: ConnectionRow;
  entry: ErpKindEntry & { connector: ErpConnectorFactory };
}

/**
 * The one place ERP connectors are made: one per connection, kept while the connection is unchanged, so
 * every caller (mappings, posting by hand, the jobs, notifications) shares its concurrency gate and
 * session. An edited connection (a new updatedAt) gets a new connector and the old one is closed; closing
 * the workspace closes them all.
 */
export class ErpConnectors {
  private readonly built = new Map<string, { stamp: string; connector: Promise<ErpConnector> }>();
  private tuning: ErpTuning = {};

  constructor(private readonly host: ConnectorHost) {}

  /**
   * Test and benchmark knobs (quicker retries, a fault-injecting fetch) for every connector from now on:
   * the ones built before are closed, and the next call builds them with these.
   */
  tune(tuning: ErpTuning): void {
    this.tuning = { ...this.tuning, ...tuning };
    for (const b of this.built.values()) this.retire(b.connector);
    this.built.clear();
  }

  /** The ERP connection with this id, when its connector is built; otherwise why not, in plain words. */
  connection(connectionId: string): ErpConnection {
    const row = this.host.connections.get(connectionId);
    if (!row) throw new ConnectionUnusable('not_found', `There is no connection with id ${connectionId}.`);
    const entry = erpKind(row.kind);
    if (!entry) throw new ConnectionUnusable('invalid_input', `${row.name} is not an ERP connection; mappings and posting need one.`);
    if (!entry.connector) {
      const built = erpKinds().filter((k) => k.connector).map((k) => k.label).join(', ');
      throw new ConnectionUnusable('invalid_input', `${row.name} is a ${entry.label} connection, whose connector is not built yet: its data cannot be read, mapped or posted to. That works today for ${built}.`);
    }
    return { row, entry: entry as ErpConnection['entry'] };
  }

  /** The connection's connector, built on first use from its settings and its secrets in the keychain. */
  connector(connectionId: string): Promise<ErpConnector> {
    const { row, entry } = this.connection(connectionId);
    const cached = this.built.get(connectionId);
    if (cached?.stamp === row.updatedAt) return cached.connector;
    if (cached) this.retire(cached.connector);
    const connector = this.build(row, entry);
    this.built.set(connectionId, { stamp: row.updatedAt, connector });
    // A connection without its secret yet: the next call tries again (entering a secret does not edit the row).
    connector.catch(() => {
      if (this.built.get(connectionId)?.connector === connector) this.built.delete(connectionId);
    });
    return connector;
  }

  /** Closes every connector; the next call builds afresh. */
  async close(): Promise<void> {
    const all = [...this.built.values()].map((b) => b.connector);
    this.built.clear();
    await Promise.allSettled(all.map((c) => c.then((x) => x.close())));
  }

  private retire(connector: Promise<ErpConnector>): void {
    connector.then((c) => c.close()).catch(() => undefined);
  }

  private async build(row: ConnectionRow, entry: ErpConnection['entry']): Promise<ErpConnector> {
    const parsed = entry.settings.safeParse(row.settings);
    if (!parsed.success) {
      throw new ConnectionUnusable('invalid_input', `${row.name} is not set up completely: ${issuesMessage(fieldIssues(parsed.error, settingLabels(row.kind)))} Edit the connection.`);
    }
    const secrets: Record<string, string> = {};
    for (const s of neededSecrets(entry, row.settings)) {
      const value = await this.host.credentials.get(row.id, s.field);
      if (!value) throw new ConnectionUnusable('invalid_input', `${row.name} has no ${labelInSentence(s.label)} set. Edit the connection and enter it.`);
      secrets[s.field] = value;
    }
    return entry.connector.build({
      connectionId: row.id, name: row.name, settings: parsed.data as Record<string, unknown>, secrets,
      audit: this.host.audit, clock: this.host.clock, tuning: this.tuning,
    });
  }
}
