import type { Migration } from '../migration';

/**
 * An approval is bound to exactly what it approved: the digest of the journal content (documents,
 * accounts, dimensions, amounts, dates, the rules it used and the review decisions that shaped it), that
 * content itself (so a withdrawal can say what changed), the ERP connection it was approved for, and the
 * audit event of the approval (changes after it are the ones that can have changed the journal).
 * `withdrawn` marks an approval the application took back because the journal or the review changed.
 * Approvals made before this migration have no digest; they are bound at their first check.
 */
export const m0095: Migration = {
  id: 95,
  name: 'approval-digest',
  sql: `
ALTER TABLE settlement_approval ADD COLUMN connection_id TEXT;
ALTER TABLE settlement_approval ADD COLUMN digest TEXT;
ALTER TABLE settlement_approval ADD COLUMN content TEXT;
ALTER TABLE settlement_approval ADD COLUMN audit_id INTEGER;
ALTER TABLE settlement_approval ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
`,
};
