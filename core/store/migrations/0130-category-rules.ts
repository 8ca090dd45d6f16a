import type { Migration } from '../migration';

/**
 * Mapping rules by category ('all FBA fees'): kind 'category', whose subject is the catalog category
 * (core/settlement/line-catalog.ts). The kind check is part of the table, so the table is rebuilt with
 * every row kept.
 */
export const m0130: Migration = {
  id: 130,
  name: 'category-rules',
  sql: `
CREATE TABLE mapping_rule_new (
  connection_id      TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind               TEXT NOT NULL CHECK (kind IN ('fee', 'category', 'sku', 'marketplace', 'account')),
  transaction_type   TEXT NOT NULL DEFAULT '',  -- fee rules only
  amount_type        TEXT NOT NULL DEFAULT '',  -- fee rules only
  amount_description TEXT NOT NULL DEFAULT '',  -- fee rules only
  subject            TEXT NOT NULL DEFAULT '',  -- line category, SKU, marketplace name, or account role
  target             TEXT NOT NULL,             -- account no., item no. or customer no. in the ERP
  dimensions         TEXT NOT NULL DEFAULT '{}',-- JSON { dimension code: value code }
  updated_at         TEXT NOT NULL,
  updated_by         TEXT NOT NULL,
  PRIMARY KEY (connection_id, kind, subject, transaction_type, amount_type, amount_description)
) WITHOUT ROWID;
INSERT INTO mapping_rule_new SELECT connection_id, kind, transaction_type, amount_type, amount_description, subject, target, dimensions, updated_at, updated_by FROM mapping_rule;
DROP TABLE mapping_rule;
ALTER TABLE mapping_rule_new RENAME TO mapping_rule;
`,
};
