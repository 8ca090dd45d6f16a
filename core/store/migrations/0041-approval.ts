import type { Migration } from '../migration';

export const m0041: Migration = {
  id: 41,
  name: 'approval',
  sql: `
-- Who approved which version of a settlement for posting, and when. Only approved versions post.
-- A revoked approval stays as history (revoked_at set); at most one live approval per version.
CREATE TABLE settlement_approval (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id    INTEGER NOT NULL REFERENCES settlement_version (id),
  approved_by   TEXT    NOT NULL,
  approved_at   TEXT    NOT NULL,
  note          TEXT,
  revoked_by    TEXT,
  revoked_at    TEXT,
  revoke_reason TEXT
);
CREATE UNIQUE INDEX settlement_approval_live ON settlement_approval (version_id) WHERE revoked_at IS NULL;
`,
};
