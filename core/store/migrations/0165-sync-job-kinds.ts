import type { Migration } from '../migration';

/**
 * A job's kind is checked in code (JOB_KINDS in core/sync/job-store.ts), no longer by a CHECK listing
 * every kind: each new flow (orders, listings, vendor, fulfilment) adds a kind, and a table rebuild per
 * kind would be a migration that each flow has to make, in an order none of them can know.
 * sync_run is kept aside and put back: dropping sync_job while sync_run points at it would
 * cascade-delete the run history (foreign keys are on while migrations run).
 */
export const m0165: Migration = {
  id: 165,
  name: 'sync-job-kinds-in-code',
  sql: `
CREATE TEMP TABLE sync_run_keep AS SELECT * FROM sync_run;
CREATE TEMP TABLE sync_job_keep AS SELECT * FROM sync_job;
DROP TABLE sync_run;
DROP TABLE sync_job;

CREATE TABLE sync_job (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL,
  amazon_connection_id TEXT REFERENCES connection (id) ON DELETE CASCADE,
  erp_connection_id    TEXT REFERENCES connection (id) ON DELETE CASCADE,
  schedule             TEXT NOT NULL,
  time_zone            TEXT NOT NULL,
  enabled              INTEGER NOT NULL DEFAULT 1,
  last_slot            TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  archived_at          TEXT
);
INSERT INTO sync_job (id, name, kind, amazon_connection_id, erp_connection_id, schedule, time_zone, enabled, last_slot, created_at, updated_at, archived_at)
  SELECT id, name, kind, amazon_connection_id, erp_connection_id, schedule, time_zone, enabled, last_slot, created_at, updated_at, archived_at FROM sync_job_keep;

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
`,
};
