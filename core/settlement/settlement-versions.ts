import { DomainError } from '../errors/domain-error';
import { AuditLog, type Db } from '../store';
import { tieOut, type TieOut } from './reconciliation';

/**
 * Which version of a settlement is current. A version whose lines add up to its declared total is never
 * replaced by one whose lines do not (a truncated re-download): that one is kept beside it as an
 * incomplete copy, and only a person makes it current. Any version can be made current again by a
 * person, audited; what that means for approvals and posting is decided above (core/posting).
 */

/** Where a version stands among the versions of its settlement. */
export type VersionStanding = 'current' | 'superseded' | 'incomplete-copy';

export interface VersionInfo {
  versionId: number;
  settlementId: string;
  version: number;
  standing: VersionStanding;
  tieOut: TieOut;
}

interface VersionRow {
  id: number;
  settlement_id: string;
  version: number;
  status: 'current' | 'superseded';
  incomplete_copy: number;
  currency: string;
  total_amount: number;
  lines_total: number;
}

const COLUMNS = 'id, settlement_id, version, status, incomplete_copy, currency, total_amount, lines_total';

export function standingOf(r: { status: 'current' | 'superseded'; incomplete_copy: number }): VersionStanding {
  if (r.status === 'current') return 'current';
  return r.incomplete_copy === 1 ? 'incomplete-copy' : 'superseded';
}

const info = (r: VersionRow): VersionInfo => ({
  versionId: r.id,
  settlementId: r.settlement_id,
  version: r.version,
  standing: standingOf(r),
  tieOut: tieOut(r.currency, r.total_amount, r.lines_total),
});

export function versionInfo(db: Db, versionId: number): VersionInfo | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM settlement_version WHERE id = ?`).get(versionId) as VersionRow | undefined;
  return r ? info(r) : null;
}

export function currentVersionOf(db: Db, settlementId: string): VersionInfo | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM settlement_version WHERE settlement_id = ? AND status = 'current'`).get(settlementId) as VersionRow | undefined;
  return r ? info(r) : null;
}

/**
 * Places a version just imported (inside the import's transaction): it becomes current and supersedes the
 * others, unless it does not tie out while the current version does; then it stays an incomplete copy.
 */
export function placeNewVersion(db: Db, v: { settlementId: string; versionId: number; version: number; currency: string; tieOut: TieOut; at: string }): 'current' | 'incomplete-copy' {
  const current = db.prepare(`SELECT ${COLUMNS} FROM settlement_version WHERE settlement_id = ? AND status = 'current' AND id <> ?`).get(v.settlementId, v.versionId) as VersionRow | undefined;
  if (current && info(current).tieOut.tiesOut && !v.tieOut.tiesOut) {
    db.prepare(`UPDATE settlement_version SET status = 'superseded', incomplete_copy = 1 WHERE id = ?`).run(v.versionId);
    return 'incomplete-copy';
  }
  setCurrent(db, v.settlementId, v.versionId, v.version, v.currency, v.at);
  return 'current';
}

function setCurrent(db: Db, settlementId: string, versionId: number, version: number, currency: string, at: string): void {
  db.prepare(`UPDATE settlement_version SET status = 'superseded' WHERE settlement_id = ? AND id <> ? AND status = 'current'`).run(settlementId, versionId);
  db.prepare(`UPDATE settlement_version SET status = 'current' WHERE id = ?`).run(versionId);
  db.prepare(`UPDATE settlement SET current_version = ?, currency = ?, updated_at = ? WHERE settlement_id = ?`).run(version, currency, at, settlementId);
}

/** Refused: the message says what is in the way. */
export class VersionRefused extends DomainError {
  constructor(override readonly code: 'not_found' | 'conflict', message: string) {
    super(code, message);
  }
}

export interface MadeCurrent {
  settlementId: string;
  /** The version now current. */
  current: VersionInfo;
  /** The version it replaced. */
  previous: VersionInfo | null;
}

/**
 * Makes a version current on a person's decision (an incomplete copy taken anyway, or a superseded version
 * brought back), audited with who, when, which version it replaces, both tie-outs and why.
 */
export function makeVersionCurrent(db: Db, versionId: number, d: { actor: string; reason: string | null; now: () => Date }): MadeCurrent {
  const row = db.prepare(`SELECT ${COLUMNS} FROM settlement_version WHERE id = ?`).get(versionId) as VersionRow | undefined;
  if (!row) throw new VersionRefused('not_found', `There is no imported settlement version ${versionId}.`);
  if (row.status === 'current') throw new VersionRefused('conflict', `Version ${row.version} of settlement ${row.settlement_id} is already the current version.`);
  const target = info(row);
  const previous = currentVersionOf(db, row.settlement_id);
  db.transaction(() => {
    setCurrent(db, row.settlement_id, row.id, row.version, row.currency, d.now().toISOString());
    new AuditLog(db, d.now).record({
      kind: 'decision',
      system: 'app',
      operation: 'settlement.made-current',
      actor: d.actor,
      subjectType: 'settlement',
      subjectId: row.settlement_id,
      status: 'current',
      detail: {
        version: row.version,
        was: target.standing,
        tieOut: target.tieOut,
        previousVersion: previous?.version ?? null,
        previousTieOut: previous?.tieOut ?? null,
        reason: d.reason,
      },
    });
  })();
  return { settlementId: row.settlement_id, current: versionInfo(db, row.id)!, previous: previous ? versionInfo(db, previous.versionId) : null };
}
