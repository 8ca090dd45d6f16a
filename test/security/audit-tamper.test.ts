import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { AuditLog, openDatabase, workspaceDatabasePath } from '../../core/store';
import { MemoryCredentials } from '../review/review-fixtures';
import { tempDir, tempWorkspace } from '../support/temp-workspace';

// The built command line (scripts/test.mjs builds before the unit tests) against workspace files edited
// by hand, as someone with access to the folder and a SQLite tool could.
const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ml-connector.cjs');
const verify = (dir: string) => spawnSync(process.execPath, [bin, 'audit', 'verify', '--workspace', dir], { cwd: root, encoding: 'utf8' });

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A workspace whose log has ten rows, closed as the app leaves it. */
function workspace(): { dir: string; file: string } {
  const t = tempDir();
  cleanups.push(t.remove);
  const file = workspaceDatabasePath(t.dir);
  const db = openDatabase(file);
  const audit = new AuditLog(db, () => new Date('2026-06-20T12:00:00Z'));
  for (let i = 1; i <= 10; i++) audit.record({ kind: 'decision', system: 'app', operation: `step-${i}`, actor: 'ana', detail: { amount: i * 100 } });
  db.close();
  return { dir: t.dir, file };
}

function edit(file: string, sql: string): void {
  const raw = new Database(file);
  try {
    raw.exec(sql);
  } finally {
    raw.close();
  }
}

interface Tampering {
  name: string;
  sql: string;
  row: number;
  says: RegExp;
}

const TAMPERINGS: Tampering[] = [
  { name: 'a detail edited with the trigger dropped', sql: `DROP TRIGGER audit_event_no_update; UPDATE audit_event SET detail = '{"amount":1}' WHERE id = 4;`, row: 4, says: /row 4: Row 4 \(step-4, .*\) was changed after it was written/ },
  { name: 'who decided, edited', sql: `DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'mallory' WHERE id = 1;`, row: 1, says: /at row 1: Row 1 .* was changed/ },
  { name: 'the time moved', sql: `DROP TRIGGER audit_event_no_update; UPDATE audit_event SET at = '2026-06-19T12:00:00.000Z' WHERE id = 9;`, row: 9, says: /at row 9:/ },
  { name: 'a row deleted with the trigger dropped', sql: 'DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE id = 6;', row: 7, says: /row 6 is missing before row 7/ },
  { name: 'the newest rows deleted', sql: 'DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE id > 8;', row: 9, says: /rows 9 to 10 are missing after row 8/ },
  { name: 'a row replaced with the triggers dropped', sql: `DROP TRIGGER audit_event_no_delete; DROP TRIGGER audit_event_no_replace; REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (5, '2026-06-20T12:00:00.000Z', 'decision', 'app', 'forged');`, row: 5, says: /row 5: Row 5 has no chain hash/ },
  { name: 'a row slipped in at the end', sql: `INSERT INTO audit_event (at, kind, system, operation) VALUES ('2026-06-21T00:00:00.000Z', 'decision', 'app', 'forged');`, row: 11, says: /row 11: Row 11 has no chain hash/ },
  { name: 'an edit carrying terminal escapes', sql: `DROP TRIGGER audit_event_no_update; UPDATE audit_event SET operation = char(27) || '[2J' || 'cleared' WHERE id = 2;`, row: 2, says: /Row 2 \(\\u001b\[2Jcleared, / },
];

describe('ml-connector audit verify on a workspace file edited by hand', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'dist', 'host', 'cli.cjs')), 'run node scripts/build.mjs first').toBe(true);
  });

  it('says an untouched log is intact, with exit code 0', () => {
    const { dir } = workspace();
    const r = verify(dir);
    expect(r.stdout).toContain('is intact: all 10 rows are as ml-connector wrote them');
    expect(r.status).toBe(0);
  });

  it('refuses REPLACE INTO and INSERT OR REPLACE from any connection, leaving the log intact', () => {
    const { dir, file } = workspace();
    for (const sql of [
      "REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (3, 'x', 'decision', 'app', 'forged')",
      "INSERT OR REPLACE INTO audit_event (id, at, kind, system, operation) VALUES (3, 'x', 'decision', 'app', 'forged')",
      "UPDATE audit_event SET actor = 'mallory'",
      'DELETE FROM audit_event',
    ]) {
      expect(() => edit(file, sql), sql).toThrow(/append-only/);
    }
    expect(verify(dir).status).toBe(0);
  });

  it.each(TAMPERINGS.map((t) => [t.name, t] as const))('%s: exit code 1, naming the row', (_name, t) => {
    const { dir, file } = workspace();
    edit(file, t.sql);
    const r = verify(dir);
    expect(r.stdout).toContain(`was changed outside ml-connector, at row ${t.row}:`);
    expect(r.stdout).toMatch(t.says);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.status).toBe(1);
  });

  it('answers a folder that is no workspace, and a wrong subcommand, with exit code 2', () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const none = verify(t.dir);
    expect(none.stderr).toContain('is not an ml-connector workspace');
    expect(none.status).toBe(2);
    expect(existsSync(workspaceDatabasePath(t.dir))).toBe(false);
    const wrong = spawnSync(process.execPath, [bin, 'audit', 'shred'], { cwd: root, encoding: 'utf8' });
    expect(wrong.stderr).toContain('ml-connector audit verify');
    expect(wrong.status).toBe(2);
  });
});

describe('the audit.verify call (the Audit screen)', () => {
  it('says intact, then names the row edited through another connection; each check is itself recorded', async () => {
    const ws = tempWorkspace(new MemoryCredentials());
    cleanups.push(ws.remove);
    for (let i = 1; i <= 3; i++) ws.audit.record({ kind: 'decision', system: 'app', operation: `step-${i}`, actor: 'ana' });
    const api = createDispatcher(ws);
    expect(await api.invoke('audit.verify', {}, 'v1')).toEqual({ ok: true, value: { intact: true, rows: 3 } });
    expect(ws.audit.list({ limit: 1 })[0]).toMatchObject({ operation: 'audit.verify', actor: ws.osUser, status: 'intact' });

    edit(ws.databaseFile, "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'mallory' WHERE id = 2;");
    expect(await api.invoke('audit.verify', {}, 'v2')).toMatchObject({ ok: true, value: { intact: false, rows: 1, id: 2, problem: expect.stringContaining('Row 2 (step-2') } });
    expect(ws.audit.list({ limit: 1 })[0]).toMatchObject({ operation: 'audit.verify', status: 'broken' });
  });
});
