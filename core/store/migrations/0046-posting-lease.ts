import type { Migration } from '../migration';

/**
 * One posting run per workspace at a time (DESIGN.md §5): the run holds this lease and renews it while it
 * works. A holder that dies stops renewing, so its lease expires and the next run takes it over; a second
 * run while it is live is refused and told who holds it.
 */
export const m0046: Migration = {
  id: 46,
  name: 'posting-lease',
  sql: `
CREATE TABLE posting_lease (
  name        TEXT PRIMARY KEY,  -- 'posting': one lease per workspace database
  holder_id   TEXT NOT NULL,     -- random id of the run holding it
  holder      TEXT NOT NULL,     -- OS user of that run
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  purpose     TEXT NOT NULL,     -- what the run does, in words (settlement, version, ERP connection)
  acquired_at TEXT NOT NULL,
  renewed_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL      -- ISO instant; past it the lease is free whoever held it
);
`,
};
