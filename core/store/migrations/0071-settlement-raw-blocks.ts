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
  name: 'settlement-raw-blocks',
  sql: `
CREATE TABLE settlement_raw_block (
  version_id INTEGER NOT NULL REFERENCES settlement_version (id),
  first_row  INTEGER NOT NULL,  -- line of the file of the first row in the block (1 = header)
  last_row   INTEGER NOT NULL,
  encoding   TEXT    NOT NULL CHECK (encoding IN ('brotli')),
  data       BLOB    NOT NULL,  -- UTF-8 of "row<TAB>text" lines, each ending in LF, compressed
  PRIMARY KEY (version_id, first_row)
) WITHOUT ROWID;
`,
};
