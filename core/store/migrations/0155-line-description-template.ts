import type { Migration } from '../migration';

/**
 * The words of the ledger lines a connection posts, as its user shaped them (core/settlement/line-description.ts).
 * No row: the application's own template.
 */
export const m0155: Migration = {
  id: 155,
  name: 'line-description-template',
  sql: `
CREATE TABLE line_description_template (
  connection_id TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  template      TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL
) WITHOUT ROWID;
`,
};
