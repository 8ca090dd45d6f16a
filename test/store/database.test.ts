import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, openDatabase, StoreError, type Migration } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { tempDir } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dbFile() {
  const t = tempDir();
  cleanups.push(t.remove);
  return join(t.dir, 'ws.sqlite');
}

describe('workspace database', () => {
  it('opens with WAL and foreign keys and records each migration with its hash', () => {
    const file = dbFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const rows = db.prepare('SELECT id, hash FROM schema_migration ORDER BY id').all() as { id: number; hash: string }[];
    expect(rows.map((r) => r.id)).toEqual([...migrations].map((m) => m.id).sort((a, b) => a - b));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    db.close();
    // Opening again applies nothing twice.
    openDatabase(file).close();
  });

  it('refuses to start when an applied migration was edited, and names it', () => {
    const file = dbFile();
    const original: Migration = { id: 1, name: 'first', sql: 'CREATE TABLE t (a INTEGER);' };
    openDatabase(file, { migrations: [original] }).close();
    const edited = { ...original, sql: 'CREATE TABLE t (a INTEGER, b TEXT);' };
    expect(() => openDatabase(file, { migrations: [edited] })).toThrowError(StoreError);
    expect(() => openDatabase(file, { migrations: [edited] })).toThrowError(/Migration 1 "first" was changed after it was applied/);
  });

  it('refuses a database written by a newer version', () => {
    const file = dbFile();
    openDatabase(file, { migrations: [{ id: 1, name: 'a', sql: 'SELECT 1;' }, { id: 2, name: 'b', sql: 'SELECT 2;' }] }).close();
    expect(() => openDatabase(file, { migrations: [{ id: 1, name: 'a', sql: 'SELECT 1;' }] })).toThrowError(/newer version of ml-connector/);
  });

  it('a failing migration leaves the database as it was', () => {
    const file = dbFile();
    const good: Migration = { id: 1, name: 'good', sql: 'CREATE TABLE t (a INTEGER);' };
    openDatabase(file, { migrations: [good] }).close();
    const bad: Migration = { id: 2, name: 'bad', sql: 'CREATE TABLE u (a INTEGER); INSERT INTO nowhere VALUES (1);' };
    expect(() => openDatabase(file, { migrations: [good, bad] })).toThrow(/nowhere/);
    const db = openDatabase(file, { migrations: [good] });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'u'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('audit log', () => {
  it('is append-only: the database itself rejects UPDATE and DELETE', () => {
    const db = openDatabase(dbFile());
    const audit = new AuditLog(db);
    const id = audit.record({ kind: 'decision', system: 'app', operation: 'connection.add', actor: 'ana' });
    expect(() => db.prepare("UPDATE audit_event SET actor = 'mallory' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_event').run()).toThrow(/append-only/);
    expect(audit.list()[0]).toMatchObject({ id, actor: 'ana', operation: 'connection.add' });
    db.close();
  });

  it('stores responses as received but without secrets or buyer details', () => {
    const db = openDatabase(dbFile());
    const audit = new AuditLog(db);
    audit.record({
      kind: 'external_call',
      system: 'amazon',
      operation: 'lwa.token',
      status: 200,
      request: 'grant_type=refresh_token&refresh_token=Atzr|abc&client_id=id&client_secret=shh',
      response: JSON.stringify({ access_token: 'Atza|token', orders: [{ orderId: '111-1', buyer: { buyerEmail: 'x@y.z' } }] }),
    });
    const [e] = audit.list({ system: 'amazon' });
    expect(e!.request).not.toContain('shh');
    expect(e!.request).not.toContain('Atzr|abc');
    expect(e!.request).toContain('client_id=id');
    expect(e!.response).not.toContain('Atza|token');
    expect(e!.response).not.toContain('x@y.z');
    expect(e!.response).toContain('111-1');
    db.close();
  });
});
