import type { Migration } from '../migration';

/**
 * The posting outbox: one row per document we intend to post, written before anything reaches the ERP,
 * keyed by its natural key so enqueueing the same document twice changes nothing (DESIGN.md §5).
 */
export const m0045: Migration = {
  id: 45,
  name: 'posting',
  sql: `
CREATE TABLE posting_outbox (
  seq                 INTEGER PRIMARY KEY AUTOINCREMENT, -- posting order: first enqueued posts first
  natural_key         TEXT NOT NULL UNIQUE,  -- settlement-id + period + kind + version (external document no.)
  kind                TEXT NOT NULL CHECK (kind IN ('journal')),
  settlement_id       TEXT NOT NULL,
  document            TEXT NOT NULL,         -- JSON of the full document as it will be sent
  state               TEXT NOT NULL CHECK (state IN ('pending', 'posting', 'posted', 'failed', 'cancelled')),
  retryable           INTEGER NOT NULL DEFAULT 0, -- failed only: 1 when the ERP was unreachable, not refusing
  erp_document_number TEXT,                  -- posted only: the ERP's own number
  error               TEXT,                  -- failed only: JSON of the ERP's full error response
  attempts            INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX posting_outbox_state ON posting_outbox (state, seq);
CREATE INDEX posting_outbox_settlement ON posting_outbox (settlement_id);
`,
};
