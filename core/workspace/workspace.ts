import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../clock/clock';
import { ConnectionRepository } from '../connections/connection-repository';
import { ErpConnectors } from '../connections/erp-connectors';
import type { CredentialStore } from '../credentials';
import { AuditLog, openDatabase, workspaceDatabasePath, type Db } from '../store';
import { bundledImportWorker } from '../settlement/import-in-worker';
import { EventBus } from './event-bus';
import { discardUnfinishedImports } from '../settlement/unfinished-imports';
import { ImportGate } from './import-gate';

/** Everything the core needs to serve one workspace. One per open workspace, in any transport. */
export interface Workspace {
  dir: string;
  databaseFile: string;
  db: Db;
  audit: AuditLog;
  connections: ConnectionRepository;
  credentials: CredentialStore;
  /** The ERP connectors of this workspace's connections: one per connection, shared by every caller. */
  erp: ErpConnectors;
  events: EventBus;
  osUser: string;
  demo: boolean;
  /** The workspace's time: the scheduler, the clients and the demo read it (pinned in tests). */
  clock: Clock;
  /** The better-sqlite3 build the database was opened with (Electron's); workers open theirs with it too. */
  nativeBinding?: string;
  /** Settlement imports of this workspace: one at a time (import-gate.ts). */
  imports: ImportGate;
  /** The bundled settlement import worker, or null where there is none (running from sources): imports then run on the calling thread. */
  importWorker: string | null;
  close(): void;
}

export interface WorkspaceOptions {
  credentials: CredentialStore;
  demo?: boolean;
  /** Defaults to the system clock. */
  clock?: Clock;
  nativeBinding?: string;
  /** Where the settlement import worker is; defaults to the one bundled next to the running code. */
  importWorker?: string | null;
}

export function openWorkspace(dir: string, options: WorkspaceOptions): Workspace {
  const abs = resolve(dir);
  const databaseFile = workspaceDatabasePath(abs);
  const db = openDatabase(databaseFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  // Versions a stopped process left half-imported; another program importing into this workspace right now keeps its own.
  discardUnfinishedImports(db, (pid) => pid !== process.pid && processRuns(pid));
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(db, () => new Date(clock.now()));
  const connections = new ConnectionRepository(db);
  const erp = new ErpConnectors({ connections, credentials: options.credentials, audit, clock });
  return {
    dir: abs,
    databaseFile,
    db,
    audit,
    connections,
    credentials: options.credentials,
    erp,
    events: new EventBus(),
    osUser: currentOsUser(),
    demo: options.demo ?? false,
    clock,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    imports: new ImportGate(),
    importWorker: options.importWorker !== undefined ? options.importWorker : bundledImportWorker(),
    // Connectors end their sessions without the database: what they would record is recorded before this.
    close: () => {
      void erp.close();
      db.close();
    },
  };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Approvals and decisions are recorded under the OS account that made them. */
export function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
