import type { Migration } from '../migration';

/**
 * The rows of a settlement file as read, kept in compressed blocks instead of one text column per line.
 * Storing every raw row uncompressed next to its parsed columns doubled what a million-line import wrote
 * (and made it half again slower); a block of a few thousand rows compresses about eight to one. Nothing
 * is dropped: each row that produced a line is in exactly one block, byte for byte as decoded.
 * settlement_line.raw stays for versions imported before this migration.
 */
export const m0071: Migration = {
  id: 71,
  name: 'settlement-raw-blocks-and-line-groups',
  sql: `
CREATE TABLE settlement_raw_block (
  version_id INTEGER NOT NULL REFERENCES settlement_version (id),
  first_row  INTEGER NOT NULL,  -- line of the file of the first row in the block (1 = header)
  last_row   INTEGER NOT NULL,
  encoding   TEXT    NOT NULL CHECK (encoding IN ('brotli')),
  data       BLOB    NOT NULL,  -- UTF-8 of the rows first_row..last_row, each ending in LF (empty: no line), compressed
  PRIMARY KEY (version_id, first_row)
) WITHOUT ROWID;

-- The lines summed per combination, marketplace, currency and UTC day of the posted date (see
-- core/settlement/line-groups.ts): the preview and posting build the journal from these few rows, so
-- showing a 100,000-line settlement costs what a 1,000-line one does.
CREATE TABLE settlement_line_group (
  version_id         INTEGER NOT NULL REFERENCES settlement_version (id),
  seq                INTEGER NOT NULL,  -- groups in order of their first line, the order they are read in
  first_row          INTEGER NOT NULL,  -- first file line of the group
  transaction_type   TEXT    NOT NULL,
  amount_type        TEXT    NOT NULL,
  amount_description TEXT    NOT NULL,
  marketplace_name   TEXT    NOT NULL,
  currency           TEXT    NOT NULL,
  day                TEXT,              -- yyyy-MM-dd UTC; NULL for lines without a posted date
  posted_date        TEXT,              -- the first line's posted date
  count              INTEGER NOT NULL,
  amount             INTEGER NOT NULL,  -- minor units
  PRIMARY KEY (version_id, seq)
) WITHOUT ROWID;
`,
};
