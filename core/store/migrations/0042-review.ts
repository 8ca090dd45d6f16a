import type { Migration } from '../migration';

/**
 * The review queue: every problem a settlement version has before it may be approved (blocking) or
 * that a person should see (warning), with how it was resolved, by whom and when. The checks in
 * core/review recompute the problems; a row keeps its id and its resolution across evaluations.
 */
export const m0042: Migration = {
  id: 42,
  name: 'review',
  sql: `
CREATE TABLE review_item (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id    INTEGER NOT NULL REFERENCES settlement_version (id),
  settlement_id TEXT    NOT NULL,
  item_key      TEXT    NOT NULL,              -- what the problem is about, stable across evaluations
  kind          TEXT    NOT NULL,
  severity      TEXT    NOT NULL CHECK (severity IN ('blocking', 'warning')),
  -- open: needs a person; resolved: a decision or a fix made here; cleared: the problem went away
  -- (fixed elsewhere, e.g. in the mappings editor). An open problem that comes back reopens.
  state         TEXT    NOT NULL CHECK (state IN ('open', 'resolved', 'cleared')),
  title         TEXT    NOT NULL,
  facts         TEXT    NOT NULL,              -- JSON: what the check found (types, rows, accounts...)
  line_count    INTEGER,
  amount        INTEGER,                       -- minor units of currency
  currency      TEXT,
  resolution    TEXT,                          -- JSON { action, ... } of the decision
  resolved_by   TEXT,
  resolved_at   TEXT,
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL,
  UNIQUE (version_id, item_key)
);
CREATE INDEX review_item_queue ON review_item (state, severity, settlement_id);

-- When each version was last checked, against which ERP connection and in what context (mapping rules,
-- ERP data, later imports); a changed context means the checks run again. metrics: FeeMetrics JSON.
CREATE TABLE review_evaluation (
  version_id    INTEGER PRIMARY KEY REFERENCES settlement_version (id),
  connection_id TEXT,
  fingerprint   TEXT NOT NULL,
  metrics       TEXT NOT NULL,
  evaluated_at  TEXT NOT NULL
);
`,
};
