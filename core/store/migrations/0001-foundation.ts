import type { Migration } from '../migration';

export const m0001: Migration = {
  id: 1,
  name: 'foundation',
  sql: `
CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Append-only record of every external call, state change and human decision.
CREATE TABLE audit_event (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  at             TEXT    NOT NULL,             -- ISO-8601 UTC
  kind           TEXT    NOT NULL CHECK (kind IN ('external_call', 'decision', 'state_change')),
  system         TEXT    NOT NULL,             -- amazon, business-central, app, ...
  operation      TEXT    NOT NULL,
  actor          TEXT,                         -- OS user for decisions, 'sync' for unattended work
  connection_id  TEXT,
  subject_type   TEXT,
  subject_id     TEXT,
  status         TEXT,                         -- HTTP status or outcome word
  duration_ms    INTEGER,
  correlation_id TEXT,
  request        TEXT,                         -- summary, secrets and buyer PII removed
  response       TEXT,                         -- body as received, buyer PII removed
  detail         TEXT                          -- JSON: retries, rate-limit header, reason, ...
);
CREATE INDEX audit_event_subject ON audit_event (subject_type, subject_id);
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_system ON audit_event (system, status);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: rows cannot be changed'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: rows cannot be deleted'); END;

CREATE TABLE connection (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL,
  settings    TEXT NOT NULL,                   -- JSON, non-secret fields only
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- When each secret was last entered (never the secret itself): Amazon wants client secrets rotated every 180 days.
CREATE TABLE connection_secret_meta (
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  field         TEXT NOT NULL,
  entered_at    TEXT NOT NULL,
  PRIMARY KEY (connection_id, field)
);
`,
};
