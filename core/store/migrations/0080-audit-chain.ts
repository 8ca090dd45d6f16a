import type { Migration } from '../migration';

/**
 * The audit log's hash chain (core/store/audit-chain.ts) and a refusal of REPLACE.
 *
 * The rows written before this migration are chained here, in id order, starting from the empty hash:
 * the chain vouches for them as they stood when this version first opened the workspace (migration 1's
 * triggers protected them from the app until then). ml_audit_row_hash is registered by openDatabase.
 *
 * REPLACE INTO and INSERT OR REPLACE delete the conflicting row without firing the delete trigger (while
 * recursive_triggers is off, as on any connection a SQLite tool opens), so a BEFORE INSERT trigger refuses
 * an insert whose id is taken, whatever the connection's settings.
 */
export const m0080: Migration = {
  id: 80,
  name: 'audit-chain',
  sql: `
ALTER TABLE audit_event ADD COLUMN chain_hash TEXT;

CREATE TEMP TABLE audit_chain_backfill (id INTEGER PRIMARY KEY, hash TEXT NOT NULL);
WITH RECURSIVE chain (id, hash) AS (
  SELECT id, ml_audit_row_hash('', id, at, kind, system, operation, actor, connection_id, subject_type, subject_id,
                               status, duration_ms, correlation_id, request, response, detail)
    FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)
  UNION ALL
  SELECT e.id, ml_audit_row_hash(chain.hash, e.id, e.at, e.kind, e.system, e.operation, e.actor, e.connection_id, e.subject_type,
                                 e.subject_id, e.status, e.duration_ms, e.correlation_id, e.request, e.response, e.detail)
    FROM chain JOIN audit_event e ON e.id = (SELECT min(id) FROM audit_event WHERE id > chain.id)
)
INSERT INTO audit_chain_backfill (id, hash) SELECT id, hash FROM chain;

DROP TRIGGER audit_event_no_update;
UPDATE audit_event SET chain_hash = (SELECT hash FROM audit_chain_backfill b WHERE b.id = audit_event.id);
DROP TABLE audit_chain_backfill;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: rows cannot be changed'); END;

CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event
WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: a row cannot be replaced'); END;
`,
};
