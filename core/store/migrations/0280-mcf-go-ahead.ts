import type { Migration } from '../migration';

/**
 * Go-aheads bound to what a person saw. mcf_preview.facts/digest: the order as it would go (SKUs and
 * quantities, ship-to address, speed) with the preview's fees and promised days, and their digest.
 * mcf_go_ahead: per ERP order, the digest and facts a person let go; an order whose digest differs at the
 * send waits for a new go-ahead, and the screen lists what changed against these facts.
 */
export const m0280: Migration = {
  id: 280,
  name: 'mcf-go-ahead',
  sql: `
ALTER TABLE mcf_preview ADD COLUMN facts TEXT;
ALTER TABLE mcf_preview ADD COLUMN digest TEXT;

CREATE TABLE mcf_go_ahead (
  mcf_order_id  INTEGER PRIMARY KEY REFERENCES mcf_order (id) ON DELETE CASCADE,
  digest        TEXT NOT NULL,
  facts         TEXT NOT NULL,
  given_by      TEXT NOT NULL,
  given_at      TEXT NOT NULL
);
`,
};
