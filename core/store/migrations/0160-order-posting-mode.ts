import type { Migration } from '../migration';

/**
 * How each ERP connection books Amazon orders (issue 19): 'settlement-only' (revenue, fees and refunds from
 * the settlement journal, the default, so a connection with no row here behaves as before) or
 * 'orders-as-invoices' (each shipped order a sales invoice). A table of its own rather than a key in
 * connection.settings: those are each ERP's own settings, checked by its schema, and this choice is the same
 * for every ERP.
 */
export const m0160: Migration = {
  id: 160,
  name: 'order-posting-mode',
  sql: `
CREATE TABLE order_posting_mode (
  connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  mode          TEXT NOT NULL CHECK (mode IN ('settlement-only', 'orders-as-invoices')),
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL
) WITHOUT ROWID;
`,
};
