import type { Migration } from '../migration';

/**
 * Multi-Channel Fulfillment. mcf_settings: per ERP connection, the ERP location whose order lines Amazon
 * ships, the Amazon connection that ships them, and the shipping speed when the ERP names none.
 * mcf_order: the outbox, one row per ERP order (erp connection + order number), whose
 * seller_fulfillment_order_id is derived from the order number, so one ERP order is one Amazon order
 * however many runs read it. state: pending (to be sent), held (under Needs attention), submitted (Amazon
 * has it), shipped (tracking written to the ERP), closed (Amazon ended it without shipping).
 */
export const m0192: Migration = {
  id: 192,
  name: 'amazon-fulfilment',
  sql: `
CREATE TABLE mcf_settings (
  erp_connection_id     TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  amazon_connection_id  TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  location_code         TEXT NOT NULL,
  default_speed         TEXT NOT NULL DEFAULT 'Standard' CHECK (default_speed IN ('Standard', 'Expedited', 'Priority')),
  updated_at            TEXT NOT NULL
);

CREATE TABLE mcf_order (
  id                          INTEGER PRIMARY KEY AUTOINCREMENT,
  erp_connection_id           TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  erp_order_number            TEXT NOT NULL,
  seller_fulfillment_order_id TEXT NOT NULL,
  state                       TEXT NOT NULL CHECK (state IN ('pending', 'held', 'submitted', 'shipped', 'closed')),
  amazon_status               TEXT,
  tracking                    TEXT,
  submitted_at                TEXT,
  tracking_written_at         TEXT,
  created_at                  TEXT NOT NULL,
  updated_at                  TEXT NOT NULL,
  UNIQUE (erp_connection_id, erp_order_number),
  UNIQUE (erp_connection_id, seller_fulfillment_order_id)
);
CREATE INDEX mcf_order_open ON mcf_order (erp_connection_id, state);
`,
};
