import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ConnectionRepository } from '../connections/connection-repository';
import type { CredentialStore } from '../credentials';
import { AuditLog, openDatabase, workspaceDatabasePath, type Db } from '../store';
import { EventBus } from './event-bus';

/** Everything the core needs to serve one workspace. One per open workspace, in any transport. */
export interface Workspace {
  dir: string;
  databaseFile: string;
  db: Db;
  audit: AuditLog;
  connections: ConnectionRepository;
  credentials: CredentialStore;
  events: EventBus;
  osUser: string;
  demo: boolean;
  /** The better-sqlite3 build the database was opened with (Electron's); workers open theirs with it too. */
  nativeBinding?: string;
  close(): void;
}

export interface WorkspaceOptions {
  credentials: CredentialStore;
  demo?: boolean;
  nativeBinding?: string;
}

export function openWorkspace(dir: string, options: WorkspaceOptions): Workspace {
  const abs = resolve(dir);
  const databaseFile = workspaceDatabasePath(abs);
  const db = openDatabase(databaseFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  return {
    dir: abs,
    databaseFile,
    db,
    audit: new AuditLog(db),
    connections: new ConnectionRepository(db),
    credentials: options.credentials,
    events: new EventBus(),
    osUser: currentOsUser(),
    demo: options.demo ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    close: () => db.close(),
  };
}

/** Approvals and decisions are recorded under the OS account that made them. */
export function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
