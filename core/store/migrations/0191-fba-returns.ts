import type { Migration } from '../migration';

/**
 * FBA customer returns as the returns report (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA) lists them:
 * one row per returned unit line, identified by (Amazon connection, order, licence plate or else SKU,
 * return date) so reading the same window twice stores nothing twice. A return is 'ready' once its
 * Amazon reason maps to an ERP return reason code (return_reason_map, edited by the user); until then it
 * is 'unmapped' and held under Needs attention.
 * returns_read_cursor: where reading stopped, and the report requested for the next window, so a run
 * that failed mid-download asks for no second report. returns_policy: how long a refund may wait for its
 * return before it becomes a review item, and the reimbursement claim window shown with it (days after the refund).
 */
export const m0191: Migration = {
  id: 191,
  name: 'fba-returns',
  sql: `
CREATE TABLE fba_return (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  amazon_connection_id  TEXT    NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  order_id              TEXT    NOT NULL,
  sku                   TEXT    NOT NULL,
  asin                  TEXT    NOT NULL DEFAULT '',
  fnsku                 TEXT    NOT NULL DEFAULT '',
  product_name          TEXT    NOT NULL DEFAULT '',
  quantity              INTEGER NOT NULL,
  fulfillment_center_id TEXT    NOT NULL DEFAULT '',
  detailed_disposition  TEXT    NOT NULL DEFAULT '',
  reason                TEXT    NOT NULL DEFAULT '',
  status                TEXT    NOT NULL DEFAULT '',
  license_plate_number  TEXT    NOT NULL DEFAULT '',
  return_date           TEXT    NOT NULL,      -- ISO instant (UTC) of Amazon's return-date
  unit_key              TEXT    NOT NULL,      -- the licence plate number, else the SKU
  state                 TEXT    NOT NULL CHECK (state IN ('unmapped', 'ready')),
  erp_reason_code       TEXT,
  erp_condition_code    TEXT,
  read_at               TEXT    NOT NULL,
  updated_at            TEXT    NOT NULL,
  UNIQUE (amazon_connection_id, order_id, unit_key, return_date)
);
CREATE INDEX fba_return_order_sku ON fba_return (order_id, sku);

CREATE TABLE return_reason_map (
  code_kind   TEXT NOT NULL CHECK (code_kind IN ('reason', 'disposition')),
  amazon_code TEXT NOT NULL,
  erp_code    TEXT NOT NULL,
  updated_by  TEXT,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (code_kind, amazon_code)
) WITHOUT ROWID;

CREATE TABLE returns_read_cursor (
  amazon_connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  read_until           TEXT,
  pending_report_id    TEXT,
  pending_from         TEXT,
  pending_until        TEXT,
  updated_at           TEXT NOT NULL
) WITHOUT ROWID;

-- Claim window defaults: "no sooner than 60 days and no later than 120 days after the customer refund"
-- (FBA inventory reimbursement policy: Customer return claims, sellercentral.amazon.com help G9N934L7Y4SFWPJ4;
-- other marketplaces and earlier versions say 45 days and 18 months, hence editable).
CREATE TABLE returns_policy (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  refund_wait_days  INTEGER NOT NULL DEFAULT 60 CHECK (refund_wait_days >= 1),
  claim_opens_days  INTEGER NOT NULL DEFAULT 60 CHECK (claim_opens_days >= 0),
  claim_closes_days INTEGER NOT NULL DEFAULT 120 CHECK (claim_closes_days > claim_opens_days),
  updated_by        TEXT,
  updated_at        TEXT
);
INSERT INTO returns_policy (id) VALUES (1);
`,
};
