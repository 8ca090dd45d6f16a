import type { Migration } from '../migration';

/**
 * ERP change notifications (Business Central webhooks): per connection, whether changes arrive by push
 * (live subscriptions) or by polling, and why, so the Connections screen can say so. Subscription ids and
 * expiry are kept for renewal; the clientState shared secret is not stored (it is made anew each start).
 */
export const m0066: Migration = {
  id: 66,
  name: 'erp-notifications',
  sql: `
CREATE TABLE erp_notification (
  connection_id        TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  mode                 TEXT NOT NULL CHECK (mode IN ('push', 'polling')),
  message              TEXT NOT NULL,
  notification_url     TEXT,
  subscriptions        TEXT NOT NULL DEFAULT '[]',  -- JSON: [{id, set, expiresAt}]
  expires_at           TEXT,                        -- earliest expiry of the live subscriptions (UTC ISO)
  last_notification_at TEXT,
  updated_at           TEXT NOT NULL
);
`,
};
