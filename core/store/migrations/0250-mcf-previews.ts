import type { Migration } from '../migration';

/**
 * Multi-Channel Fulfillment previews. mcf_preview: Amazon's getFulfillmentPreview of an ERP order at the
 * speed it would ship, taken before the order goes: fees in integer minor units of the fee's currency (a
 * JSON list of name, currency, amount), promised ship and arrival dates, and Amazon's words when it cannot
 * fulfil the order. mcf_settings.first_order_approved_at/by: a person saw the previews of the connection's
 * first orders and let them go; until then nothing is sent.
 */
export const m0250: Migration = {
  id: 250,
  name: 'mcf-previews',
  sql: `
CREATE TABLE mcf_preview (
  mcf_order_id           INTEGER PRIMARY KEY REFERENCES mcf_order (id) ON DELETE CASCADE,
  shipping_speed         TEXT NOT NULL,
  fulfillable            INTEGER NOT NULL CHECK (fulfillable IN (0, 1)),
  fees                   TEXT NOT NULL,
  earliest_ship_date     TEXT,
  latest_ship_date       TEXT,
  earliest_arrival_date  TEXT,
  latest_arrival_date    TEXT,
  unfulfillable          TEXT,
  previewed_at           TEXT NOT NULL
);

ALTER TABLE mcf_settings ADD COLUMN first_order_approved_at TEXT;
ALTER TABLE mcf_settings ADD COLUMN first_order_approved_by TEXT;
`,
};
