import type { Migration } from '../migration';

/**
 * "Needs attention": every record of any flow (returns, orders, listings, vendor...) that failed
 * permanently, held for a person until a retry after the fix gets it through. One row per record of a
 * flow (flow + record_key), so a record that fails again keeps its row with the newer error. A retry
 * claims the row (claim_token) so two retries at once cannot both run it; a claim older than its lease
 * (a process that died mid-retry) may be taken over.
 */
export const m0190: Migration = {
  id: 190,
  name: 'needs-attention',
  sql: `
CREATE TABLE dead_letter (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  flow         TEXT    NOT NULL,
  record_key   TEXT    NOT NULL,              -- the record's identity within its flow
  summary      TEXT    NOT NULL,              -- what the record is, in words a person recognises
  facts        TEXT    NOT NULL DEFAULT '{}', -- JSON: the record's fields the flow and the fix need
  error        TEXT    NOT NULL,              -- the other system's words
  fix          TEXT    NOT NULL,              -- what would get it through
  fix_action   TEXT,                          -- JSON { kind, ... } of a fix the screen can offer in place
  state        TEXT    NOT NULL CHECK (state IN ('open', 'retrying', 'resolved')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  claim_token  TEXT,
  claimed_at   TEXT,
  created_at   TEXT    NOT NULL,
  updated_at   TEXT    NOT NULL,
  resolved_at  TEXT,
  UNIQUE (flow, record_key)
);
CREATE INDEX dead_letter_open ON dead_letter (state, flow);
`,
};
