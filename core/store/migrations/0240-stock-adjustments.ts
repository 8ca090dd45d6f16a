import type { Migration } from '../migration';

/**
 * Inventory adjustments proposed from the FBA stock comparison: one item of one ERP connection brought to what
 * Amazon counts, held for a person's approval like a journal. The approval is bound to the two counts it
 * approved (erp_stock, amazon_total); the natural key is what the ERP is asked for before anything is created.
 */
export const m0240: Migration = {
  id: 240,
  name: 'stock-adjustments',
  sql: `
CREATE TABLE stock_adjustment (
  id                    INTEGER PRIMARY KEY,
  amazon_connection_id  TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  marketplace_id        TEXT NOT NULL,
  erp_connection_id     TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  sku                   TEXT NOT NULL,
  item_number           TEXT NOT NULL,
  amazon_total          INTEGER NOT NULL,
  erp_stock             INTEGER NOT NULL,
  quantity              INTEGER NOT NULL CHECK (quantity <> 0),  -- units added (> 0) or taken out (< 0) in the ERP
  natural_key           TEXT NOT NULL UNIQUE,
  state                 TEXT NOT NULL CHECK (state IN ('held', 'approved', 'sending', 'posted', 'failed', 'withdrawn')),
  approved_by           TEXT,
  approved_at           TEXT,
  document_number       TEXT,
  error                 TEXT,
  withdrawn_reason      TEXT,
  attempts              INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE UNIQUE INDEX stock_adjustment_open ON stock_adjustment (amazon_connection_id, marketplace_id, sku) WHERE state IN ('held', 'approved', 'sending');
`,
};
