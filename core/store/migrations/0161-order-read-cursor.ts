import type { Migration } from '../migration';

/**
 * Where reading Amazon orders for an ERP connection stopped: the lastUpdatedBefore of the last update
 * window whose shipped orders are all in the posting outbox. The next read starts there, so a stop
 * halfway through many windows resumes at the window it was in, not at the start.
 */
export const m0161: Migration = {
  id: 161,
  name: 'order-read-cursor',
  sql: `
CREATE TABLE order_read_cursor (
  amazon_connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  erp_connection_id    TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  last_updated_before  TEXT NOT NULL,   -- ISO instant, as Amazon stated the window's end
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (amazon_connection_id, erp_connection_id)
) WITHOUT ROWID;
`,
};
