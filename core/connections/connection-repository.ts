import { randomUUID } from 'node:crypto';
import type { Db } from '../store';
import type { ConnectionKind } from './connection-kinds';

export interface ConnectionRow {
  id: string;
  kind: ConnectionKind;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ArchivedConnectionRow extends ConnectionRow {
  archivedAt: string;
  archivedBy: string | null;
}

interface RawRow {
  id: string;
  kind: ConnectionKind;
  name: string;
  settings: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  archived_by: string | null;
}

const fromRaw = (r: RawRow): ConnectionRow => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Non-secret connection settings in the workspace database. Secrets never pass through here.
 * An archived connection (a removed one: its rules, jobs and history are kept) is invisible to `list` and
 * `get`, so nothing schedules, maps or posts through it; `archived` and `restore` bring it back.
 */
export class ConnectionRepository {
  constructor(private readonly db: Db) {}

  /**
   * In the order they were added: the first ERP connection is the one screens and the review queue open
   * by default, and adding another (say "Acumatica" beside "Business Central") must not change that.
   */
  list(): ConnectionRow[] {
    return (this.db.prepare('SELECT * FROM connection WHERE archived_at IS NULL ORDER BY created_at, rowid').all() as RawRow[]).map(fromRaw);
  }

  get(id: string): ConnectionRow | null {
    const r = this.db.prepare('SELECT * FROM connection WHERE id = ? AND archived_at IS NULL').get(id) as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  /** The archived connections, most recently archived first. */
  archived(): ArchivedConnectionRow[] {
    const rows = this.db.prepare('SELECT * FROM connection WHERE archived_at IS NOT NULL ORDER BY archived_at DESC, name COLLATE NOCASE').all() as RawRow[];
    return rows.map((r) => ({ ...fromRaw(r), archivedAt: r.archived_at!, archivedBy: r.archived_by }));
  }

  upsert(input: { id?: string; kind: ConnectionKind; name: string; settings: Record<string, unknown> }, now = new Date()): ConnectionRow {
    const at = now.toISOString();
    const id = input.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(id, input.kind, input.name, JSON.stringify(input.settings), at, at);
    // An archived connection stays archived (the demo refreshes its connections' settings on every start).
    return fromRaw(this.db.prepare('SELECT * FROM connection WHERE id = ?').get(id) as RawRow);
  }

  /** False when there is no such connection or it is archived already. */
  archive(id: string, by: string, now: Date): boolean {
    return this.db.prepare('UPDATE connection SET archived_at = ?, archived_by = ? WHERE id = ? AND archived_at IS NULL').run(now.toISOString(), by, id).changes > 0;
  }

  /** The restored connection, or null when no archived connection has this id. */
  restore(id: string, now: Date): ConnectionRow | null {
    const changed = this.db
      .prepare('UPDATE connection SET archived_at = NULL, archived_by = NULL, updated_at = ? WHERE id = ? AND archived_at IS NOT NULL')
      .run(now.toISOString(), id).changes;
    return changed ? this.get(id) : null;
  }
}

/** When each secret of a connection was entered; the values themselves live only in the keychain. */
export class SecretMetaRepository {
  constructor(private readonly db: Db) {}

  enteredAt(connectionId: string): Record<string, string> {
    const rows = this.db
      .prepare('SELECT field, entered_at FROM connection_secret_meta WHERE connection_id = ?')
      .all(connectionId) as { field: string; entered_at: string }[];
    return Object.fromEntries(rows.map((r) => [r.field, r.entered_at]));
  }

  /** Forgets when the secrets were entered (they were removed from the keychain). */
  forget(connectionId: string): void {
    this.db.prepare('DELETE FROM connection_secret_meta WHERE connection_id = ?').run(connectionId);
  }

  markEntered(connectionId: string, field: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO connection_secret_meta (connection_id, field, entered_at) VALUES (?, ?, ?)
         ON CONFLICT(connection_id, field) DO UPDATE SET entered_at = excluded.entered_at`,
      )
      .run(connectionId, field, at.toISOString());
  }
}
