import type { Migration } from '../migration';

/**
 * The workspace's review controls (one row): the largest variance one person may accept alone (a decimal
 * in units of the settlement's currency; above it a second person must confirm), whether the approver
 * must differ from whoever last changed what the journal is built from (segregation of duties), and the
 * multiple of the seller's usual settlement size above which one line is implausible (a blocking item).
 */
export const m0096: Migration = {
  id: 96,
  name: 'review-policy',
  sql: `
CREATE TABLE review_policy (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  variance_limit       TEXT    NOT NULL DEFAULT '1.00',
  separate_approver    INTEGER NOT NULL DEFAULT 0 CHECK (separate_approver IN (0, 1)),
  implausible_multiple INTEGER NOT NULL DEFAULT 10 CHECK (implausible_multiple >= 2),
  updated_by           TEXT,
  updated_at           TEXT
);
INSERT INTO review_policy (id) VALUES (1);
`,
};
