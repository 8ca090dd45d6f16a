import type { Migration } from '../migration';

/**
 * Summary invoices (issue 19): per ERP connection on "Orders as invoices", the choice between one invoice
 * per shipped order ('per-order', the default, so a connection with no row behaves as before) and one
 * summary invoice per marketplace per day ('daily-summary').
 * order_summary_member: each order a summary invoice carries (or will, once its day is read to the end),
 * with the invoice the order alone would have been (its lines, for the summary's aggregate) and what it
 * comes to with tax, so a settlement's order lines still find their invoice and the payout applies each
 * order's share. summary_key is the summary's external document number (the outbox's settlement_id), NULL
 * while the day is open. An order is a member once per connection: it is never invoiced twice.
 */
export const m0235: Migration = {
  id: 235,
  name: 'order-summary-invoices',
  sql: `
CREATE TABLE order_invoice_grouping (
  connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  grouping      TEXT NOT NULL CHECK (grouping IN ('per-order', 'daily-summary')),
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE order_summary_member (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  order_id          TEXT NOT NULL,
  marketplace_id    TEXT NOT NULL,
  day               TEXT NOT NULL,   -- YYYY-MM-DD (UTC), the invoice date the order alone would have had
  currency          TEXT NOT NULL,
  amount            INTEGER NOT NULL, -- minor units, the order's lines with their tax
  document          TEXT NOT NULL,   -- JSON: the order's own invoice, whose lines the summary adds up
  summary_key       TEXT,            -- the summary invoice's external document number; NULL while its day is open
  added_at          TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, order_id)
) WITHOUT ROWID;
CREATE INDEX order_summary_member_open ON order_summary_member (erp_connection_id, summary_key, marketplace_id, day);
`,
};
