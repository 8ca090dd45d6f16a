import type { Migration } from '../migration';

/**
 * Cancellations of Multi-Channel Fulfillment orders, at most one per order. direction: erp (the ERP order
 * was cancelled or no longer shipped by Amazon: cancelFulfillmentOrder) or amazon (Amazon ended the order
 * unshipped: a note on the ERP order). state: requested (written before the call, so a crash leaves a trace
 * the next run finishes), done, refused (Amazon's status no longer allows it; under Needs attention).
 */
export const m0251: Migration = {
  id: 251,
  name: 'mcf-cancellations',
  sql: `
CREATE TABLE mcf_cancellation (
  mcf_order_id   INTEGER PRIMARY KEY REFERENCES mcf_order (id) ON DELETE CASCADE,
  direction      TEXT NOT NULL CHECK (direction IN ('erp', 'amazon')),
  state          TEXT NOT NULL CHECK (state IN ('requested', 'done', 'refused')),
  amazon_status  TEXT,
  note           TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
`,
};
