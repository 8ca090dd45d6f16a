import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A better-sqlite3 connection (database.ts's Db, named here without importing it: database.ts imports this file). */
type Db = Database.Database;

/**
 * The audit log's hash chain. Each row's chain_hash is SHA-256 over the previous row's chain_hash and the
 * row's own columns, id included, so changing, removing or inserting a row anywhere by other means than
 * ml-connector (a SQLite tool with the triggers dropped) breaks the chain at that row, and verify names it.
 * It is tamper evidence, not a signature: whoever recomputes every later hash with this code can hide an
 * edit; it catches hand edits and tools that do not know the chain.
 */

/** The columns the chain covers, in the order they are hashed. */
export const CHAINED_COLUMNS = ['id', 'at', 'kind', 'system', 'operation', 'actor', 'connection_id', 'subject_type', 'subject_id', 'status', 'duration_ms', 'correlation_id', 'request', 'response', 'detail'] as const;

/** The hash the chain starts from, before the first row. */
export const CHAIN_START = '';

/** SQL function name the chain migration uses to chain the rows written before it (registered by openDatabase). */
export const ROW_HASH_FUNCTION = 'ml_audit_row_hash';

export function auditRowHash(previous: string, values: readonly unknown[]): string {
  return createHash('sha256').update(previous).update('\n').update(JSON.stringify(values)).digest('hex');
}

export function registerAuditChainFunction(db: Db): void {
  db.function(ROW_HASH_FUNCTION, { deterministic: true, varargs: true }, (previous: unknown, ...values: unknown[]) =>
    auditRowHash(typeof previous === 'string' ? previous : CHAIN_START, values),
  );
}

export type AuditVerification =
  | { intact: true; rows: number }
  | {
      intact: false;
      /** Rows checked and found intact before the broken one. */
      rows: number;
      /** The first row where the chain breaks (for rows removed from the end: the first removed id). */
      id: number;
      /** What differs, in words. */
      problem: string;
    };

type ChainedRow = Record<(typeof CHAINED_COLUMNS)[number], unknown> & { chain_hash: string | null };

const range = (from: number, to: number) => (from === to ? `row ${from} is` : `rows ${from} to ${to} are`);

/** Walks the whole log in id order and returns the first row where the chain breaks, or that it holds. */
export function verifyAuditChain(db: Db): AuditVerification {
  const rows = db.prepare(`SELECT ${CHAINED_COLUMNS.join(', ')}, chain_hash FROM audit_event ORDER BY id`).iterate() as IterableIterator<ChainedRow>;
  let previousHash = CHAIN_START;
  let previousId = 0;
  let checked = 0;
  for (const row of rows) {
    const id = Number(row.id);
    // Returning from the loop closes the statement's iterator.
    const broken = (problem: string): AuditVerification => ({ intact: false, rows: checked, id, problem });
    if (id !== previousId + 1) return broken(`${range(previousId + 1, id - 1)} missing before row ${id}: removed from the log.`);
    if (row.chain_hash === null) return broken(`Row ${id} has no chain hash: it was written into the file by something other than ml-connector.`);
    if (auditRowHash(previousHash, CHAINED_COLUMNS.map((c) => row[c])) !== row.chain_hash) {
      return broken(`Row ${id} (${String(row.operation)}, ${String(row.at)}) was changed after it was written: its content no longer matches its hash.`);
    }
    previousHash = row.chain_hash;
    previousId = id;
    checked++;
  }
  // AUTOINCREMENT remembers the highest id ever given, so rows cut from the end still show.
  const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'").get() as { seq: number } | undefined)?.seq ?? 0;
  if (seq > previousId) {
    return { intact: false, rows: checked, id: previousId + 1, problem: `${range(previousId + 1, seq)} missing after row ${previousId}: removed from the end of the log.` };
  }
  return { intact: true, rows: checked };
}
