import type { Migration } from '../migration';

/** When each Amazon connection's LWA client secret was entered, for the 180-day rotation warning. */
export const m0020: Migration = {
  id: 20,
  name: 'amazon-client-secret',
  sql: `
CREATE TABLE amazon_client_secret_entry (
  connection_id TEXT PRIMARY KEY,
  entered_at    TEXT NOT NULL              -- ISO-8601 UTC; the secret itself is only in the OS keychain
);
`,
};
