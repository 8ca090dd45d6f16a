import type { Migration } from '../migration';

/**
 * Auto-post: a `settlement-posting` job kind, and per ERP connection whether auto-post is on and under
 * which approval rule. sync_job is rebuilt to widen its kind check and to drop auto_post (auto-post is a
 * choice per ERP connection, not per job). sync_run is rebuilt with it: dropping sync_job while sync_run
 * still points at it would cascade-delete the run history.
 */
export const m0064: Migration = {
  id: 64,
  name: 'sync-posting',
  sql: `
CREATE TEMP TABLE sync_run_keep AS SELECT * FROM sync_run;
CREATE TEMP TABLE sync_job_keep AS SELECT * FROM sync_job;
DROP TABLE sync_run;
DROP TABLE sync_job;

CREATE TABLE sync_job (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('settlement-discovery', 'reference-refresh', 'settlement-posting')),
  amazon_connection_id TEXT REFERENCES connection (id) ON DELETE CASCADE,
  erp_connection_id    TEXT REFERENCES connection (id) ON DELETE CASCADE,
  schedule             TEXT NOT NULL,
  time_zone            TEXT NOT NULL,
  enabled              INTEGER NOT NULL DEFAULT 1,
  last_slot            TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
INSERT INTO sync_job (id, name, kind, amazon_connection_id, erp_connection_id, schedule, time_zone, enabled, last_slot, created_at, updated_at)
  SELECT id, name, kind, amazon_connection_id, erp_connection_id, schedule, time_zone, enabled, last_slot, created_at, updated_at FROM sync_job_keep;

CREATE TABLE sync_run (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id         TEXT NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
  trigger        TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
  slot           TEXT,
  status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  started_at     TEXT NOT NULL,
  ended_at       TEXT,
  lives          INTEGER NOT NULL DEFAULT 1,
  phase          TEXT,
  progress_done  INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER,
  counts         TEXT NOT NULL DEFAULT '{}',
  error          TEXT,
  checkpoint     TEXT
);
INSERT INTO sync_run SELECT * FROM sync_run_keep;
CREATE INDEX sync_run_job ON sync_run (job_id, id);
CREATE UNIQUE INDEX sync_run_one_open ON sync_run (job_id) WHERE status = 'running';
DROP TABLE sync_run_keep;
DROP TABLE sync_job_keep;

CREATE TABLE sync_auto_post (
  erp_connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  enabled           INTEGER NOT NULL DEFAULT 0,
  rule              TEXT,                           -- JSON approval rule (auto-post-policy.ts); NULL: none configured
  changed_by        TEXT NOT NULL,
  changed_at        TEXT NOT NULL,
  CHECK (enabled = 0 OR rule IS NOT NULL)
);
`,
};
