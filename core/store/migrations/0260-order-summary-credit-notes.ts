import type { Migration } from '../migration';

/**
 * Summary credit notes (issue 19): where a refunded order was invoiced on a summary invoice, the refunds of
 * one marketplace-day that credit the same summary go on one credit note. order_summary_refund files each
 * refund under the credit note that carries it, once per connection, with what it gives back (tax included)
 * so a settlement's refund lines still find their credit note and the payout applies each refund's share.
 * credited_invoice is the summary invoice's external document number (its outbox settlement_id);
 * summary_key the credit note's.
 */
export const m0260: Migration = {
  id: 260,
  name: 'order-summary-credit-notes',
  sql: `
CREATE TABLE order_summary_refund (
  erp_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  order_id          TEXT NOT NULL,
  refund_id         TEXT NOT NULL,
  marketplace_id    TEXT NOT NULL,
  day               TEXT NOT NULL,   -- YYYY-MM-DD, the refund's posted day: the credit note's date
  currency          TEXT NOT NULL,
  amount            INTEGER NOT NULL, -- minor units given back, tax included
  credited_invoice  TEXT NOT NULL,
  summary_key       TEXT NOT NULL,
  added_at          TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, order_id, refund_id)
) WITHOUT ROWID;
CREATE INDEX order_summary_refund_note ON order_summary_refund (erp_connection_id, summary_key);
`,
};
