import type { Migration } from '../migration';

/**
 * A version kept beside the current one because its lines do not add up to its declared total while the
 * current version's do (a truncated re-download): it never became current on its own. Its status stays
 * 'superseded' (not current: never reviewed for approval, never posted); this says why, so the screens
 * call it an incomplete copy rather than a re-issue, and a person can still choose it.
 */
export const m0100: Migration = {
  id: 100,
  name: 'incomplete-copy',
  sql: `
ALTER TABLE settlement_version ADD COLUMN incomplete_copy INTEGER NOT NULL DEFAULT 0 CHECK (incomplete_copy IN (0, 1));
`,
};
