import type { Migration } from '../migration';

/**
 * Summary invoices a person cancelled or voided in the ERP (issue 19). The made invoice stays as it was in
 * the outbox; its orders go back to waiting (order_summary_member.summary_key NULL) and onto a further
 * version of their day's summary. order_ids keeps which orders the cancelled invoice carried, so each order
 * still shows it; the rows also count among the day's versions, so the next version never reuses its key.
 */
export const m0261: Migration = {
  id: 261,
  name: 'cancelled-summary-invoices',
  sql: `
CREATE TABLE order_summary_cancelled (
  erp_connection_id   TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  summary_key         TEXT NOT NULL,   -- the cancelled summary's external document number (outbox settlement_id)
  erp_document_number TEXT,
  marketplace_id      TEXT NOT NULL,
  day                 TEXT NOT NULL,
  currency            TEXT NOT NULL,
  order_ids           TEXT NOT NULL,   -- JSON array of the order ids it carried
  detected_at         TEXT NOT NULL,
  PRIMARY KEY (erp_connection_id, summary_key)
) WITHOUT ROWID;
`,
};
