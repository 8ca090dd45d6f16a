import type { Migration } from '../migration';

/**
 * Listings out to Amazon: a pricing and stock rule per Amazon connection and marketplace, the changes a run
 * found (held for approval, ready, sending, sent, failed), and what was last sent per SKU. Money is integer
 * minor units of the rule's currency; a percentage is basis points (1500 = 15%).
 */
export const m0180: Migration = {
  id: 180,
  name: 'listings',
  sql: `
CREATE TABLE listing_rule (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  marketplace_id       TEXT NOT NULL,
  erp_connection_id    TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  seller_id            TEXT NOT NULL,
  currency             TEXT NOT NULL,
  price_source         TEXT NOT NULL CHECK (price_source IN ('item-unit-price')),
  pricing              TEXT NOT NULL CHECK (pricing IN ('markup', 'fixed')),
  markup_bp            INTEGER NOT NULL DEFAULT 0,
  fixed_price_minor    INTEGER,
  rounding             TEXT NOT NULL CHECK (rounding IN ('none', 'up-to-99', 'up-to-whole')),
  min_price_minor      INTEGER,
  max_price_minor      INTEGER,
  stock_buffer         INTEGER NOT NULL DEFAULT 0 CHECK (stock_buffer >= 0),
  skus                 TEXT,            -- JSON array of the SKUs that take part; NULL: every mapped SKU
  send_prices          INTEGER NOT NULL DEFAULT 1,
  send_quantities      INTEGER NOT NULL DEFAULT 1,
  hold_above_bp        INTEGER NOT NULL DEFAULT 2000,  -- a price move beyond this waits for approval
  auto_send            INTEGER NOT NULL DEFAULT 0,
  updated_at           TEXT NOT NULL,
  updated_by           TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, marketplace_id)
) WITHOUT ROWID;

CREATE TABLE listing_change (
  id                    INTEGER PRIMARY KEY,
  amazon_connection_id  TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  marketplace_id        TEXT NOT NULL,
  sku                   TEXT NOT NULL,
  item_number           TEXT NOT NULL,
  product_type          TEXT NOT NULL,
  currency              TEXT NOT NULL,
  erp_price_minor       INTEGER,
  sent_price_minor      INTEGER,
  amazon_price_minor    INTEGER,
  new_price_minor       INTEGER,        -- NULL: the price stays
  erp_quantity          INTEGER,
  sent_quantity         INTEGER,
  amazon_quantity       INTEGER,
  new_quantity          INTEGER,        -- NULL: the quantity stays (always for FBA)
  rule                  TEXT NOT NULL,  -- how the new values were reached, in words
  hold_reason           TEXT,
  state                 TEXT NOT NULL CHECK (state IN ('held', 'ready', 'sending', 'sent', 'failed', 'superseded')),
  approved_by           TEXT,
  approved_at           TEXT,
  via                   TEXT CHECK (via IN ('patch', 'feed')),
  feed_id               TEXT,
  submission_id         TEXT,
  issues                TEXT,           -- JSON: Amazon's issues for this SKU, in its words
  attempts              INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
-- One open change per SKU: a newer run supersedes what was held or ready, never what is on its way.
CREATE UNIQUE INDEX listing_change_open ON listing_change (amazon_connection_id, marketplace_id, sku) WHERE state IN ('held', 'ready', 'sending');
CREATE INDEX listing_change_state ON listing_change (amazon_connection_id, marketplace_id, state);

CREATE TABLE listing_sent (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  marketplace_id       TEXT NOT NULL,
  sku                  TEXT NOT NULL,
  price_minor          INTEGER,
  currency             TEXT,
  quantity             INTEGER,
  sent_at              TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, marketplace_id, sku)
) WITHOUT ROWID;
`,
};
