import type { Migration } from '../migration';

/**
 * The Amazon orders read for invoicing, so any order can be found (by id or SKU) with what Amazon said of
 * it, and what became of each for each ERP connection on "Orders as invoices": queued as an invoice (the
 * outbox then holds its document and ERP number), left alone (cancelled, not shipped yet) or refused with
 * its reasons and the SKUs and marketplaces a person must map first. Buyer and recipient are not stored
 * (DESIGN.md §3: buyer PII never stays beyond what an invoice needs, and these invoices need none).
 */
export const m0170: Migration = {
  id: 170,
  name: 'amazon-orders',
  sql: `
CREATE TABLE amazon_order (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  order_id             TEXT NOT NULL,
  marketplace_id       TEXT,
  fulfillment_status   TEXT,            -- as Amazon sent it (SHIPPED, CANCELLED, ...); NULL when not read
  created_time         TEXT NOT NULL,
  last_updated_time    TEXT NOT NULL,
  skus                 TEXT NOT NULL,   -- JSON array of the order's seller SKUs
  data                 TEXT NOT NULL,   -- the order as read, without buyer and recipient
  read_at              TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, order_id)
) WITHOUT ROWID;
CREATE INDEX amazon_order_by_order ON amazon_order (order_id);

CREATE TABLE order_invoice_decision (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  order_id          TEXT NOT NULL,
  outcome           TEXT NOT NULL,      -- queued | cancelled | not-shipped | refused
  reasons           TEXT NOT NULL,      -- JSON array of plain sentences (refused only)
  unmapped          TEXT NOT NULL,      -- JSON {"skus": [...], "marketplaces": [...]} a person must map (refused only)
  decided_at        TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, order_id)
) WITHOUT ROWID;
`,
};
