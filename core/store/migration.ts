import { createHash } from 'node:crypto';

/**
 * A numbered, immutable schema change. Once a migration has been applied to a workspace its SQL must
 * never change: the runner stores a SHA-256 of the text and refuses to open a database whose applied
 * migration no longer matches the code. Fix mistakes with a new migration.
 *
 * Numbering blocks by concern so parallel work never collides:
 *   1-9 foundation · 10-19 settlement · 20-29 amazon · 30-39 erp · 40-49 mapping/review/posting · 50-59 sync
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function migrationHash(m: Migration): string {
  return createHash('sha256').update(m.sql, 'utf8').digest('hex');
}
