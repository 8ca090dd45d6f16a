import type { Migration } from '../migration';

/**
 * Removing a connection or a sync job archives it: the row stays, hidden from lists, scheduling and
 * posting, with its mapping rules, reference cache, jobs and run history, and can be restored. The
 * ON DELETE CASCADE clauses of the older tables stay as they are; nothing deletes these rows any more.
 */
export const m0085: Migration = {
  id: 85,
  name: 'archive',
  sql: `
ALTER TABLE connection ADD COLUMN archived_at TEXT;
ALTER TABLE connection ADD COLUMN archived_by TEXT;
ALTER TABLE sync_job ADD COLUMN archived_at TEXT;
`,
};
