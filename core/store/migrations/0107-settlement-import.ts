import type { Migration } from '../migration';

/**
 * A settlement version still being imported. Its lines are written in many short transactions, so other
 * writers never wait for a whole file; until the one short transaction that places it, the version is
 * neither current nor listed. A row left here by a process that stopped mid-import is deleted with the
 * version's lines when the workspace opens (core/settlement/unfinished-imports.ts).
 */
export const m0107: Migration = {
  id: 107,
  name: 'settlement-import',
  sql: `
CREATE TABLE settlement_import (
  version_id INTEGER PRIMARY KEY REFERENCES settlement_version (id),
  owner_pid  INTEGER NOT NULL,  -- the process importing it: an import of a live process is not left over
  started_at TEXT    NOT NULL
);
`,
};
