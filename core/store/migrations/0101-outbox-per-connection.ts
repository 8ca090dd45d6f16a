import type { Migration } from '../migration';

/**
 * The posting outbox per ERP connection and per document kind (DESIGN.md §5). Each document records the
 * connection it is for, and its natural key is unique per connection and kind, no longer across the
 * workspace: the same settlement key may exist for two companies. `kind` is no longer checked here: the
 * document kinds are the posters core/posting/posters.ts knows, so a new kind needs no rebuild. A new state,
 * `awaiting`, is a document the ERP created but a person still has to post there; erp_document_number
 * holds the ERP's own key of it.
 *
 * Every row is kept. Its connection is worked out from what was stored, first match wins:
 *  1. the manual posting run that named it (audit `posting.run`: its connection and its documents);
 *  2. the auto-post job whose run was going when it was enqueued (audit `posting.enqueued` by auto-post,
 *     inside a settlement-posting run of that job);
 *  3. the ERP connection the settlement version was approved for (the latest approval naming one);
 *  4. the only ERP connection of the workspace, when there is exactly one.
 * When none of these tells, connection_id stays NULL: no posting run picks such a document up (runs work
 * per connection), the posting screen still shows it, and a person cancels it and posts the settlement
 * again to the connection it is meant for (the poster looks the key up there first, so a document already
 * in that ERP is recorded, not created twice).
 */
export const m0101: Migration = {
  id: 101,
  name: 'outbox-per-connection',
  sql: `
CREATE TEMP TABLE outbox_connection AS
  SELECT o.seq,
    COALESCE(
      (SELECT a.connection_id FROM audit_event a, json_each(a.detail, '$.documents') d
        WHERE a.operation = 'posting.run' AND a.connection_id IS NOT NULL AND a.subject_id = o.settlement_id AND d.value = o.natural_key
        ORDER BY a.id DESC LIMIT 1),
      (SELECT j.erp_connection_id FROM audit_event a
         JOIN sync_run r ON r.started_at <= a.at AND (r.ended_at IS NULL OR r.ended_at >= a.at)
         JOIN sync_job j ON j.id = r.job_id AND j.kind = 'settlement-posting' AND j.erp_connection_id IS NOT NULL
        WHERE a.operation = 'posting.enqueued' AND a.actor LIKE 'auto-post%' AND a.subject_id = o.settlement_id
          AND json_extract(a.detail, '$.naturalKey') = o.natural_key
        ORDER BY a.id DESC, r.id DESC LIMIT 1),
      (SELECT ap.connection_id FROM settlement_approval ap JOIN settlement_version v ON v.id = ap.version_id
        WHERE v.settlement_id = o.settlement_id AND o.natural_key LIKE '%-V' || v.version AND ap.connection_id IS NOT NULL
        ORDER BY ap.id DESC LIMIT 1),
      (SELECT MIN(c.id) FROM connection c WHERE c.kind <> 'amazon' HAVING COUNT(*) = 1)
    ) AS connection_id
  FROM posting_outbox o;

CREATE TABLE posting_outbox_next (
  seq                 INTEGER PRIMARY KEY AUTOINCREMENT, -- posting order: first enqueued posts first
  connection_id       TEXT,                  -- the ERP connection it is for; NULL only for an older row whose connection could not be told
  kind                TEXT NOT NULL,         -- document kind: journal, and the kinds core/posting/posters.ts adds
  natural_key         TEXT NOT NULL,         -- unique per connection and kind (external document no.)
  settlement_id       TEXT NOT NULL,
  document            TEXT NOT NULL,         -- JSON of the full document as it will be sent
  state               TEXT NOT NULL CHECK (state IN ('pending', 'posting', 'awaiting', 'posted', 'failed', 'cancelled')),
  retryable           INTEGER NOT NULL DEFAULT 0, -- failed only: 1 when the ERP was unreachable, not refusing
  erp_document_number TEXT,                  -- posted: the ERP's number; awaiting: the ERP's key of the unposted document
  error               TEXT,                  -- failed only: JSON of the ERP's full error response
  attempts            INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
INSERT INTO posting_outbox_next (seq, connection_id, kind, natural_key, settlement_id, document, state, retryable, erp_document_number, error, attempts, created_at, updated_at)
  SELECT o.seq, c.connection_id, o.kind, o.natural_key, o.settlement_id, o.document, o.state, o.retryable, o.erp_document_number, o.error, o.attempts, o.created_at, o.updated_at
  FROM posting_outbox o JOIN outbox_connection c ON c.seq = o.seq;
DROP TABLE outbox_connection;
DROP TABLE posting_outbox;
ALTER TABLE posting_outbox_next RENAME TO posting_outbox;
CREATE UNIQUE INDEX posting_outbox_key ON posting_outbox (connection_id, kind, natural_key);
CREATE INDEX posting_outbox_state ON posting_outbox (connection_id, state, seq);
CREATE INDEX posting_outbox_settlement ON posting_outbox (settlement_id);
`,
};
