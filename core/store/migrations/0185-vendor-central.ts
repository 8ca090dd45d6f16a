import type { Migration } from '../migration';

/**
 * Amazon Vendor Central with an ERP (issue 21): purchase orders as Amazon sent them, where reading them
 * stopped per vendor code, how vendor codes and items map to the ERP, the vendor outbox (sales orders,
 * invoice submissions and payments, each exactly once by its natural key) and the differences a person
 * resolves and approves before anything of them is posted.
 */
export const m0185: Migration = {
  id: 185,
  name: 'vendor-central',
  sql: `
-- vendor-code -> ERP customer; asin / vendor-sku -> ERP item; deduction kind (shortage, price) -> G/L account;
-- marketplace: vendor code -> the marketplace id its remittances are read in (getInvoiceHeaders needs one).
CREATE TABLE vendor_mapping (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('vendor-code', 'asin', 'vendor-sku', 'deduction', 'marketplace')),
  subject           TEXT NOT NULL,
  target            TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, kind, subject)
) WITHOUT ROWID;

CREATE TABLE vendor_purchase_order (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  vendor_code          TEXT NOT NULL,
  po_number            TEXT NOT NULL,
  po_state             TEXT NOT NULL,   -- Amazon's purchaseOrderState: New | Acknowledged | Closed
  changed_at           TEXT NOT NULL,   -- purchaseOrderChangedDate, else purchaseOrderDate
  body                 TEXT NOT NULL,   -- the Order of vendorOrders.json as read
  read_at              TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, vendor_code, po_number)
) WITHOUT ROWID;

-- Where reading purchase orders stopped, per vendor code: the changedBefore of the last window stored.
CREATE TABLE vendor_read_cursor (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  vendor_code          TEXT NOT NULL,
  changed_before       TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, vendor_code)
) WITHOUT ROWID;

CREATE TABLE vendor_outbox (
  seq           INTEGER PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,  -- where it goes: the ERP, or Amazon for invoices
  kind          TEXT NOT NULL CHECK (kind IN ('sales-order', 'invoice', 'payment')),
  natural_key   TEXT NOT NULL,
  subject       TEXT NOT NULL,   -- vendor code + PO number the document belongs to
  document      TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 1,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'accepted', 'rejected', 'held', 'failed', 'cancelled')),
  result        TEXT,            -- the ERP's document number, or Amazon's transaction id
  detail        TEXT,            -- JSON: the failure, Amazon's rejection reasons, why it is held
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (connection_id, kind, natural_key)
);

CREATE TABLE vendor_review_item (
  id                INTEGER PRIMARY KEY,
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  key               TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('unmapped', 'changed-after-shipment', 'shortage', 'price-difference', 'unpaid-past-terms', 'invoice-rejected')),
  vendor_code       TEXT NOT NULL,
  po_number         TEXT,
  invoice_number    TEXT,
  title             TEXT NOT NULL,
  facts             TEXT NOT NULL,   -- JSON: both sides' documents
  amount            INTEGER,         -- minor units of currency: the difference
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
`,
};
