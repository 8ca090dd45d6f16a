import type { Migration } from '../migration';

/**
 * The header of a flat-file settlement report as read (JSON array of column names, lower case), so the
 * drill-down can show each stored line's raw row column by column. NULL for XML and for versions
 * imported before this migration (their raw rows are shown as text).
 */
export const m0062: Migration = {
  id: 62,
  name: 'settlement-columns',
  sql: `
ALTER TABLE settlement_version ADD COLUMN columns TEXT;
`,
};
