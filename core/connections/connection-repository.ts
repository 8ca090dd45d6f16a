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

interface RawRow {
  id: string;
  kind: ConnectionKind;
  name: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

const fromRaw = (r: RawRow): ConnectionRow => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Non-secret connection settings in the workspace database. Secrets never pass through here. */
export class ConnectionRepository {
  constructor(private readonly db: Db) {}

  list(): ConnectionRow[] {
    return (this.db.prepare('SELECT * FROM connection ORDER BY name COLLATE NOCASE').all() as RawRow[]).map(fromRaw);
  }

  get(id: string): ConnectionRow | null {
    const r = this.db.prepare('SELECT * FROM connection WHERE id = ?').get(id) as RawRow | undefined;
    return r ? fromRaw(r) : null;
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
    return this.get(id)!;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connection WHERE id = ?').run(id).changes > 0;
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

  markEntered(connectionId: string, field: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO connection_secret_meta (connection_id, field, entered_at) VALUES (?, ?, ?)
         ON CONFLICT(connection_id, field) DO UPDATE SET entered_at = excluded.entered_at`,
      )
      .run(connectionId, field, at.toISOString());
  }
}
