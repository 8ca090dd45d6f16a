import type { Migration } from '../migration';

/**
 * The outbox looks a document up by its natural key on every state change (begin, posted, failed) and
 * before each post. The unique key (connection_id, kind, natural_key) serves a look-up that names the
 * kind; a bare natural key (a replay from the screen) had no index and read the whole table, so a run
 * over 10,000 order invoices slowed with every invoice already posted.
 */
export const m0295: Migration = {
  id: 295,
  name: 'outbox-natural-key-index',
  sql: `
CREATE INDEX posting_outbox_natural_key ON posting_outbox (natural_key, connection_id);
`,
};
