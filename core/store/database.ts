import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerAuditChainFunction } from './audit-chain';
import { describeDiskError } from './disk-errors';
import { StoreError } from './errors';
import { migrationHash, type Migration } from './migration';
import { migrations as allMigrations } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'ml-connector.sqlite';

export interface OpenOptions {
  /** Override for tests that prove the hash check; production always uses the full list. */
  migrations?: readonly Migration[];
  /** Electron loads a better-sqlite3 build made for its own ABI (see scripts/rebuild-electron-native.mjs). */
  nativeBinding?: string;
}

export function workspaceDatabasePath(workspaceDir: string): string {
  return join(workspaceDir, DATABASE_FILE);
}

/**
 * Opens (creating if needed) the one SQLite database of a workspace, with WAL and foreign keys on,
 * and brings its schema up to date. Refuses to open if an applied migration was edited since.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw describeDiskError(err, dirname(file)) ?? err;
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    immediateByDefault(db);
    registerAuditChainFunction(db);
    migrate(db, file, options.migrations ?? allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw describeDiskError(err, file) ?? err;
  }
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE) unless a caller asks for `.deferred`.
 * A deferred transaction that reads before it writes gets "database is locked" at once, without waiting for
 * busy_timeout, when another connection (the import worker) committed after its read began: its snapshot is
 * stale and SQLite cannot upgrade it (sqlite.org/rescode.html#busy_snapshot, sqlite.org/lang_transaction.html).
 * Begun immediately, it waits its turn instead.
 */
function immediateByDefault(db: Db): void {
  const make = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => {
    const t = make(fn);
    return Object.assign((...args: unknown[]) => (t.immediate as (...a: unknown[]) => unknown)(...args), {
      deferred: t.deferred, immediate: t.immediate, exclusive: t.exclusive, default: t.default,
    });
  }) as Db['transaction'];
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    db
      .prepare('SELECT id, name, hash FROM schema_migration')
      .all()
      .map((r) => {
        const row = r as { id: number; name: string; hash: string };
        return [row.id, row] as const;
      }),
  );
  const known = new Set(migrations.map((m) => m.id));
  for (const [id, row] of applied) {
    if (!known.has(id)) {
      throw new StoreError(
        `The workspace database ${file} was written by a newer version of ml-connector (it has migration ${id} "${row.name}", which this version does not know). Open it with the newer version.`,
        file,
      );
    }
  }
  const sorted = [...migrations].sort((a, b) => a.id - b.id);
  for (const m of sorted) {
    const hash = migrationHash(m);
    const done = applied.get(m.id);
    if (done) {
      if (done.hash !== hash) {
        throw new StoreError(
          `Migration ${m.id} "${m.name}" was changed after it was applied to ${file} (stored hash ${done.hash.slice(0, 12)}, code hash ${hash.slice(0, 12)}). Applied migrations are immutable: restore the original text and add a new migration instead.`,
          file,
        );
      }
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migration (id, name, hash, applied_at) VALUES (?, ?, ?, ?)').run(
        m.id,
        m.name,
        hash,
        new Date().toISOString(),
      );
    })();
  }
}
