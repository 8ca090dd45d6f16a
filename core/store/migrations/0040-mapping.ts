import type { Migration } from '../migration';

/**
 * Mapping rules per ERP connection, and the cache of that ERP's reference data the rules are checked
 * against. '*' in a fee rule's type fields means "whatever this field holds", as in the line catalog.
 */
export const m0040: Migration = {
  id: 40,
  name: 'mapping',
  sql: `
CREATE TABLE mapping_rule (
  connection_id      TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind               TEXT NOT NULL CHECK (kind IN ('fee', 'sku', 'marketplace', 'account')),
  transaction_type   TEXT NOT NULL DEFAULT '',  -- fee rules only
  amount_type        TEXT NOT NULL DEFAULT '',  -- fee rules only
  amount_description TEXT NOT NULL DEFAULT '',  -- fee rules only
  subject            TEXT NOT NULL DEFAULT '',  -- SKU, marketplace name, or account role
  target             TEXT NOT NULL,             -- account no., item no. or customer no. in the ERP
  dimensions         TEXT NOT NULL DEFAULT '{}',-- JSON { dimension code: value code }
  updated_at         TEXT NOT NULL,
  updated_by         TEXT NOT NULL,
  PRIMARY KEY (connection_id, kind, subject, transaction_type, amount_type, amount_description)
) WITHOUT ROWID;

CREATE TABLE erp_reference (
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL,             -- accounts, dimensions, dimensionValues, items, customers
  parent_code   TEXT NOT NULL DEFAULT '',  -- dimensionValues: the dimension's code
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  postable      INTEGER NOT NULL,
  last_modified TEXT,
  PRIMARY KEY (connection_id, kind, parent_code, code)
) WITHOUT ROWID;

CREATE TABLE erp_reference_watermark (
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL,
  watermark     TEXT,                      -- the ERP's last-modified high-water mark; NULL = read whole
  refreshed_at  TEXT NOT NULL,
  PRIMARY KEY (connection_id, kind)
) WITHOUT ROWID;
`,
};
