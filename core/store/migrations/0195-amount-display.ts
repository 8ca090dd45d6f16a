import type { Migration } from '../migration';

/**
 * How this workspace's screens and reports show a negative amount (one row): with a minus sign, or in
 * brackets as many accountants print them. Kept in the workspace, so the desktop app, the headless host
 * in a browser and the exported files all show the same.
 */
export const m0195: Migration = {
  id: 195,
  name: 'amount-display',
  sql: `
CREATE TABLE amount_display (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  negatives  TEXT NOT NULL DEFAULT 'minus' CHECK (negatives IN ('minus', 'brackets')),
  updated_by TEXT,
  updated_at TEXT
);
INSERT INTO amount_display (id) VALUES (1);
`,
};
