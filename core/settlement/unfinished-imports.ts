import type { Db } from '../store';

/**
 * Versions still being imported (migration 107). An import writes its lines in short transactions under a
 * version that is neither current nor listed, then places it in one short transaction that also takes it
 * off this list; whatever stops it before that (a parse error, a cancel, a crash) leaves a version that is
 * deleted here, never shown.
 */

/** SQL condition on a settlement_version aliased `v`: its import finished. Every listing of versions uses it. */
export const IMPORT_FINISHED = 'NOT EXISTS (SELECT 1 FROM settlement_import i WHERE i.version_id = v.id)';

/** Lines deleted per transaction when an unfinished version goes: other writers wait for one such step at most. */
const DELETE_ROWS = 20_000;

export function markImporting(db: Db, versionId: number, at: string): void {
  db.prepare('INSERT INTO settlement_import (version_id, owner_pid, started_at) VALUES (?, ?, ?)').run(versionId, process.pid, at);
}

/** Inside the transaction that places the version. */
export function markImported(db: Db, versionId: number): void {
  db.prepare('DELETE FROM settlement_import WHERE version_id = ?').run(versionId);
}

/** Deletes an unfinished version with its lines and raw rows, in short transactions; the settlement too when nothing else is left of it. */
export function discardImport(db: Db, versionId: number): void {
  const first = db.prepare('SELECT MIN(row) AS row FROM settlement_line WHERE version_id = ?');
  const deleteLines = db.prepare('DELETE FROM settlement_line WHERE version_id = ? AND row < ?');
  for (let row = (first.get(versionId) as { row: number | null }).row; row !== null; row = (first.get(versionId) as { row: number | null }).row) {
    deleteLines.run(versionId, row + DELETE_ROWS);
  }
  db.transaction(() => {
    const v = db.prepare('SELECT settlement_id FROM settlement_version WHERE id = ?').get(versionId) as { settlement_id: string } | undefined;
    for (const table of ['settlement_raw_block', 'settlement_type_total', 'settlement_line_group', 'settlement_journal', 'settlement_import']) {
      db.prepare(`DELETE FROM ${table} WHERE version_id = ?`).run(versionId);
    }
    db.prepare('DELETE FROM settlement_version WHERE id = ?').run(versionId);
    if (v) db.prepare('DELETE FROM settlement WHERE settlement_id = ? AND NOT EXISTS (SELECT 1 FROM settlement_version WHERE settlement_id = ?)').run(v.settlement_id, v.settlement_id);
  })();
}

/**
 * Deletes the unfinished versions whose importing process is not running any more (`running(pid)` says).
 * Returns how many went.
 */
export function discardUnfinishedImports(db: Db, running: (pid: number) => boolean): number {
  const rows = db.prepare('SELECT version_id AS id, owner_pid AS pid FROM settlement_import ORDER BY version_id').all() as { id: number; pid: number }[];
  let discarded = 0;
  for (const r of rows) {
    if (running(r.pid)) continue;
    discardImport(db, r.id);
    discarded++;
  }
  return discarded;
}
