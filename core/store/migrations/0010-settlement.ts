import type { Migration } from '../migration';

export const m0010: Migration = {
  id: 10,
  name: 'settlement',
  sql: `
-- One row per Amazon settlement-id; its content lives in versions.
CREATE TABLE settlement (
  settlement_id   TEXT PRIMARY KEY,
  currency        TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- Each distinct content imported under a settlement-id. A re-issued settlement (same id, different
-- content) is a new version with reissued = 1, never merged into the earlier one.
CREATE TABLE settlement_version (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  settlement_id TEXT    NOT NULL REFERENCES settlement (settlement_id),
  version       INTEGER NOT NULL,
  content_hash  TEXT    NOT NULL,             -- SHA-256 of the normalized summary and lines
  format        TEXT    NOT NULL CHECK (format IN ('v2', 'legacy', 'xml')),
  file_name     TEXT,
  currency      TEXT    NOT NULL,
  start_date    TEXT,
  end_date      TEXT,
  deposit_date  TEXT,
  total_amount  INTEGER NOT NULL,             -- minor units
  lines_total   INTEGER NOT NULL,             -- minor units, lines in the settlement currency
  line_count    INTEGER NOT NULL,
  reissued      INTEGER NOT NULL DEFAULT 0,
  status        TEXT    NOT NULL CHECK (status IN ('current', 'superseded')),
  imported_at   TEXT    NOT NULL,
  UNIQUE (settlement_id, version),
  UNIQUE (settlement_id, content_hash)
);

CREATE TABLE settlement_line (
  version_id                  INTEGER NOT NULL REFERENCES settlement_version (id),
  row                         INTEGER NOT NULL,  -- line of the file (1 = header)
  seq                         INTEGER NOT NULL,  -- legacy rows yield several lines
  transaction_type            TEXT    NOT NULL,
  amount_type                 TEXT    NOT NULL,
  amount_description          TEXT    NOT NULL,
  amount                      INTEGER NOT NULL,  -- minor units
  currency                    TEXT    NOT NULL,
  category                    TEXT,              -- catalog category at import; NULL = unknown combination
  order_id                    TEXT,
  merchant_order_id           TEXT,
  adjustment_id               TEXT,
  shipment_id                 TEXT,
  marketplace_name            TEXT,
  fulfillment_id              TEXT,
  posted_date                 TEXT,
  order_item_code             TEXT,
  merchant_order_item_id      TEXT,
  merchant_adjustment_item_id TEXT,
  sku                         TEXT,
  quantity                    INTEGER,
  promotion_id                TEXT,
  source                      TEXT,              -- legacy/XML: the column or element of the amount
  extra                       TEXT,              -- JSON of columns this version does not know
  raw                         TEXT,              -- the row as read (on the first line of a row)
  PRIMARY KEY (version_id, row, seq)
) WITHOUT ROWID;

-- Totals per combination, kept so the review screens need not scan millions of lines.
CREATE TABLE settlement_type_total (
  version_id         INTEGER NOT NULL REFERENCES settlement_version (id),
  transaction_type   TEXT    NOT NULL,
  amount_type        TEXT    NOT NULL,
  amount_description TEXT    NOT NULL,
  currency           TEXT    NOT NULL,
  category           TEXT,
  count              INTEGER NOT NULL,
  amount             INTEGER NOT NULL,
  PRIMARY KEY (version_id, transaction_type, amount_type, amount_description, currency)
) WITHOUT ROWID;

CREATE TABLE settlement_journal (
  version_id  INTEGER PRIMARY KEY REFERENCES settlement_version (id),
  computed_at TEXT NOT NULL,
  documents   TEXT NOT NULL,                   -- JSON JournalDocument[]
  issues      TEXT NOT NULL,                   -- JSON JournalIssue[]
  difference  INTEGER NOT NULL
);
`,
};
