import type { Migration } from '../migration';

/**
 * The sync engine: job definitions, their runs with a resumable checkpoint, leases that keep two runners
 * on one workspace from running the same job at once, and the ledger of Amazon settlement reports already
 * fetched, so discovery downloads each report once.
 */
export const m0050: Migration = {
  id: 50,
  name: 'sync',
  sql: `
CREATE TABLE sync_job (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('settlement-discovery', 'reference-refresh')),
  amazon_connection_id TEXT REFERENCES connection (id) ON DELETE CASCADE,
  erp_connection_id    TEXT REFERENCES connection (id) ON DELETE CASCADE,
  schedule             TEXT NOT NULL,               -- JSON: hourly / daily / weekdays / cron (schedule.ts)
  time_zone            TEXT NOT NULL,               -- IANA name the schedule is read in
  enabled              INTEGER NOT NULL DEFAULT 1,
  auto_post            INTEGER NOT NULL DEFAULT 0,  -- post imported settlements without review: off unless chosen
  last_slot            TEXT,                        -- the scheduled moment (UTC ISO) last started; missed slots collapse into one
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);

CREATE TABLE sync_run (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id         TEXT NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
  trigger        TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
  slot           TEXT,                              -- the scheduled moment this run stands for
  status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  started_at     TEXT NOT NULL,
  ended_at       TEXT,
  lives          INTEGER NOT NULL DEFAULT 1,        -- 1 + times it was resumed after its runner died
  phase          TEXT,
  progress_done  INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER,
  counts         TEXT NOT NULL DEFAULT '{}',        -- JSON of what the run found and did
  error          TEXT,                              -- why it stopped, in plain words
  checkpoint     TEXT                               -- JSON the job resumes from
);
CREATE INDEX sync_run_job ON sync_run (job_id, id);
CREATE UNIQUE INDEX sync_run_one_open ON sync_run (job_id) WHERE status = 'running';

CREATE TABLE sync_lease (
  name       TEXT PRIMARY KEY,                      -- job:<id>
  holder     TEXT NOT NULL,                         -- host|pid|random of the runner holding it
  expires_at INTEGER NOT NULL                       -- epoch ms; a dead holder stops renewing
);

CREATE TABLE sync_settlement_report (
  connection_id      TEXT NOT NULL,
  report_id          TEXT NOT NULL,
  report_document_id TEXT NOT NULL,
  created_time       TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
  outcome            TEXT,                          -- new / new-version / unchanged
  settlement_id      TEXT,
  version_id         INTEGER,
  error              TEXT,
  run_id             INTEGER,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (connection_id, report_id)
);
CREATE INDEX sync_settlement_report_run ON sync_settlement_report (run_id);
`,
};
