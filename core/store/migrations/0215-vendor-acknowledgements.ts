import type { Migration } from '../migration';

/**
 * Vendor Central acknowledgements (issue 21): the vendor outbox and review queue take new kinds
 * (acknowledgements to Amazon, and Amazon's rejection of one), so their kinds are checked in code
 * (VendorDocumentKind, VendorReviewKind) rather than by a CHECK each new document would rebuild the
 * table for. Per vendor code, whether POs are acknowledged from ERP availability without asking.
 * Nothing references these tables, so they are rebuilt in place.
 */
export const m0215: Migration = {
  id: 215,
  name: 'vendor-acknowledgements',
  sql: `
CREATE TEMP TABLE vendor_outbox_keep AS SELECT * FROM vendor_outbox;
DROP TABLE vendor_outbox;
CREATE TABLE vendor_outbox (
  seq           INTEGER PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL,
  natural_key   TEXT NOT NULL,
  subject       TEXT NOT NULL,
  document      TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 1,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'accepted', 'rejected', 'held', 'failed', 'cancelled')),
  result        TEXT,
  detail        TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (connection_id, kind, natural_key)
);
INSERT INTO vendor_outbox SELECT * FROM vendor_outbox_keep;
DROP TABLE vendor_outbox_keep;

CREATE TEMP TABLE vendor_review_item_keep AS SELECT * FROM vendor_review_item;
DROP TABLE vendor_review_item;
CREATE TABLE vendor_review_item (
  id                INTEGER PRIMARY KEY,
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  key               TEXT NOT NULL,
  kind              TEXT NOT NULL,
  vendor_code       TEXT NOT NULL,
  po_number         TEXT,
  invoice_number    TEXT,
  title             TEXT NOT NULL,
  facts             TEXT NOT NULL,
  amount            INTEGER,
  currency          TEXT,
  state             TEXT NOT NULL CHECK (state IN ('open', 'resolved', 'approved', 'posted')),
  resolution        TEXT,
  resolved_by       TEXT,
  resolved_at       TEXT,
  approved_by       TEXT,
  approved_at       TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (erp_connection_id, key)
);
INSERT INTO vendor_review_item SELECT * FROM vendor_review_item_keep;
DROP TABLE vendor_review_item_keep;

-- by-user: the run proposes each PO's acknowledgement from ERP availability and a person sends it;
-- from-availability: the run sends that proposal itself.
CREATE TABLE vendor_acknowledge_mode (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  vendor_code       TEXT NOT NULL,
  mode              TEXT NOT NULL CHECK (mode IN ('by-user', 'from-availability')),
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, vendor_code)
) WITHOUT ROWID;
`,
};
