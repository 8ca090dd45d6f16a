import type { Migration } from '../migration';

/**
 * FBA customer returns into the ERP. return_erp_settings: per ERP connection, the document a return
 * becomes there (a credit note linked to the order's invoice, or a return order / RMA), as the user chose.
 * return_document: the outbox, one row per return and ERP connection, whose external document number is
 * derived from the return's identity, so one return is one ERP document however many runs and retries
 * send it. state: pending (to be sent, or waiting for its order's invoice), held (under Needs attention),
 * sent (the ERP holds it; erp_document_number is its number there).
 * erp_return_reason: the ERP's return reason codes as last read, so a mapping can be checked against them
 * and a code the ERP no longer has is seen before a document is refused for it.
 */
export const m0220: Migration = {
  id: 220,
  name: 'return-documents',
  sql: `
CREATE TABLE return_erp_settings (
  erp_connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  document          TEXT NOT NULL CHECK (document IN ('credit-note', 'return-order')),
  updated_by        TEXT,
  updated_at        TEXT NOT NULL
);

CREATE TABLE return_document (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  erp_connection_id        TEXT    NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  return_id                INTEGER NOT NULL REFERENCES fba_return (id) ON DELETE CASCADE,
  document                 TEXT    NOT NULL CHECK (document IN ('credit-note', 'return-order')),
  external_document_number TEXT    NOT NULL,
  state                    TEXT    NOT NULL CHECK (state IN ('pending', 'held', 'sent')),
  erp_document_number      TEXT,
  sent_at                  TEXT,
  created_at               TEXT    NOT NULL,
  updated_at               TEXT    NOT NULL,
  UNIQUE (erp_connection_id, return_id),
  UNIQUE (erp_connection_id, external_document_number)
);
CREATE INDEX return_document_open ON return_document (erp_connection_id, state);

CREATE TABLE erp_return_reason (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  code              TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  read_at           TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, code)
) WITHOUT ROWID;
`,
};
