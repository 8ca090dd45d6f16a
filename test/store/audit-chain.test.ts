import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, openDatabase } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { tempDir } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function workspaceFile() {
  const t = tempDir();
  cleanups.push(t.remove);
  return join(t.dir, 'ws.sqlite');
}

/** A log of a few rows of the kinds the app writes. */
function logWithRows(file: string) {
  const db = openDatabase(file);
  cleanups.push(() => db.close());
  const audit = new AuditLog(db, () => new Date('2026-06-20T12:00:00Z'));
  audit.record({ kind: 'decision', system: 'app', operation: 'connection.add', actor: 'ana', detail: { name: 'BC' } });
  audit.record({ kind: 'external_call', system: 'amazon', operation: 'getReports', status: 200, durationMs: 12.5, response: '{"reports":[]}' });
  audit.record({ kind: 'decision', system: 'app', operation: 'review.acceptVariance', actor: 'ana', detail: { reason: 'disputed fee', amount: 2000 } });
  // A subject id given as a number and a lone surrogate from a JSON escape: stored as text, still verifiable.
  audit.record({ kind: 'state_change', system: 'app', operation: 'posting.posted', subjectId: 42 as unknown as string, status: 'x\ud800y' });
  audit.record({ kind: 'decision', system: 'app', operation: 'approval.approve', actor: 'ben' });
  return { db, audit };
}

/** A second connection to the file, as a SQLite tool opens it: none of the app's settings. */
function rawConnection(file: string) {
  const raw = new Database(file);
  cleanups.push(() => raw.close());
  return raw;
}

describe('the audit log is append-only', () => {
  it('refuses REPLACE INTO, INSERT OR REPLACE, UPDATE and DELETE, from the app and from another connection', () => {
    const file = workspaceFile();
    const { db, audit } = logWithRows(file);
    const before = audit.list();
    for (const conn of [db, rawConnection(file)]) {
      expect(() => conn.prepare("REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (1, 'x', 'decision', 'app', 'forged')").run()).toThrow(/append-only/);
      expect(() => conn.prepare("INSERT OR REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (3, 'x', 'decision', 'app', 'forged')").run()).toThrow(/append-only/);
      expect(() => conn.prepare("INSERT INTO audit_event (id, at, kind, system, operation) VALUES (2, 'x', 'decision', 'app', 'forged') ON CONFLICT (id) DO UPDATE SET operation = 'forged'").run()).toThrow(/append-only/);
      expect(() => conn.prepare("UPDATE audit_event SET actor = 'mallory' WHERE id = 1").run()).toThrow(/append-only/);
      expect(() => conn.prepare('DELETE FROM audit_event WHERE id = 5').run()).toThrow(/append-only/);
    }
    expect(audit.list()).toEqual(before);
    expect(audit.verify()).toEqual({ intact: true, rows: 5 });
  });
});

describe('audit verify', () => {
  it('finds a log written by the app intact', () => {
    const { audit } = logWithRows(workspaceFile());
    expect(audit.verify()).toEqual({ intact: true, rows: 5 });
    expect(new AuditLog(openDatabase(':memory:')).verify()).toEqual({ intact: true, rows: 0 });
  });

  it("names the row whose detail was edited through another connection with the triggers dropped", () => {
    const file = workspaceFile();
    const { audit } = logWithRows(file);
    const raw = rawConnection(file);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare(`UPDATE audit_event SET detail = '{"reason":"approved by the CFO","amount":2000}' WHERE id = 3`).run();
    expect(audit.verify()).toEqual({ intact: false, rows: 2, id: 3, problem: 'Row 3 (review.acceptVariance, 2026-06-20T12:00:00.000Z) was changed after it was written: its content no longer matches its hash.' });
  });

  it('names a row whose content and hash were both replaced by hand', () => {
    const file = workspaceFile();
    const { audit } = logWithRows(file);
    const raw = rawConnection(file);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare("UPDATE audit_event SET actor = 'mallory', chain_hash = 'f00' WHERE id = 1").run();
    expect(audit.verify()).toMatchObject({ intact: false, id: 1 });
  });

  it('names rows removed from the middle, from the end, and a row added by another program', () => {
    const middle = workspaceFile();
    logWithRows(middle);
    const raw = rawConnection(middle);
    raw.exec('DROP TRIGGER audit_event_no_delete');
    raw.prepare('DELETE FROM audit_event WHERE id IN (2, 3)').run();
    expect(new AuditLog(raw).verify()).toEqual({ intact: false, rows: 1, id: 4, problem: 'rows 2 to 3 are missing before row 4: removed from the log.' });

    const end = workspaceFile();
    const { audit } = logWithRows(end);
    const rawEnd = rawConnection(end);
    rawEnd.exec('DROP TRIGGER audit_event_no_delete');
    rawEnd.prepare('DELETE FROM audit_event WHERE id = 5').run();
    expect(audit.verify()).toEqual({ intact: false, rows: 4, id: 5, problem: 'row 5 is missing after row 4: removed from the end of the log.' });
    // The app goes on writing after the cut: the gap stays visible.
    audit.record({ kind: 'decision', system: 'app', operation: 'after' });
    expect(audit.verify()).toMatchObject({ intact: false, id: 6, problem: 'row 5 is missing before row 6: removed from the log.' });

    const added = workspaceFile();
    const log = logWithRows(added);
    rawConnection(added).prepare("INSERT INTO audit_event (at, kind, system, operation) VALUES ('2026-06-21T00:00:00Z', 'decision', 'app', 'forged')").run();
    expect(log.audit.verify()).toMatchObject({ intact: false, id: 6, problem: expect.stringContaining('no chain hash') });
  });

  it('holds when two processes write the same workspace at once', async () => {
    const file = workspaceFile();
    const { audit } = logWithRows(file);
    const jiti = join(__dirname, '..', '..', 'node_modules', '.bin', 'jiti');
    const writer = (name: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [jiti, join(__dirname, 'audit-writer.ts'), file, name, '300'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (c) => (err += c));
        child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${name} exited ${code}: ${err}`))));
      });
    let done = false;
    const writing = Promise.all([writer('a'), writer('b')]).finally(() => (done = true));
    let mine = 0;
    while (!done) {
      audit.record({ kind: 'decision', system: 'app', operation: `main-${mine++}` });
      if (mine % 20 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await writing;
    const operations = audit.list({ limit: 10_000 }).map((e) => e.operation).reverse();
    // The three writers really interleaved.
    const firstA = operations.indexOf('a-0');
    expect(operations.slice(firstA, firstA + 600).some((o) => o.startsWith('main-'))).toBe(true);
    expect(audit.verify()).toEqual({ intact: true, rows: 5 + 600 + mine });
  }, 60_000);
});

describe('migration 80', () => {
  it('chains the rows written before it, so an edit of one of them shows too', () => {
    const file = workspaceFile();
    const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 80) });
    const insert = before.prepare('INSERT INTO audit_event (at, kind, system, operation, actor, detail) VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 1; i <= 50; i++) insert.run(`2026-06-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`, 'decision', 'app', `old-${i}`, 'ana', JSON.stringify({ i }));
    before.close();

    const db = openDatabase(file);
    cleanups.push(() => db.close());
    const audit = new AuditLog(db);
    expect(audit.verify()).toEqual({ intact: true, rows: 50 });
    audit.record({ kind: 'decision', system: 'app', operation: 'new' });
    expect(audit.verify()).toEqual({ intact: true, rows: 51 });
    expect(() => db.prepare("REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (7, 'x', 'decision', 'app', 'forged')").run()).toThrow(/append-only/);

    const raw = rawConnection(file);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare("UPDATE audit_event SET actor = 'mallory' WHERE id = 17").run();
    expect(audit.verify()).toMatchObject({ intact: false, rows: 16, id: 17 });
  });
});
