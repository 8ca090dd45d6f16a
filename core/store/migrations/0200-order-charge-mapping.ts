import type { Migration } from '../migration';

/**
 * What an order invoice books besides its goods, per ERP connection: shipping, gift wrap and promotions
 * to an item, an account or a freight code, and the tax code that carries Amazon's tax. marketplace is the
 * marketplace name in lower case ('amazon.de'), or '' for every marketplace without a row of its own.
 */
export const m0200: Migration = {
  id: 200,
  name: 'order-charge-mapping',
  sql: `
CREATE TABLE order_charge_mapping (
  connection_id TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  charge        TEXT NOT NULL CHECK (charge IN ('shipping', 'gift-wrap', 'promotion', 'tax')),
  marketplace   TEXT NOT NULL DEFAULT '',
  line_type     TEXT NOT NULL CHECK (line_type IN ('item', 'account', 'freight', 'tax-code')),
  target        TEXT NOT NULL CHECK (target <> ''),
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  PRIMARY KEY (connection_id, charge, marketplace),
  CHECK ((charge = 'tax') = (line_type = 'tax-code'))
) WITHOUT ROWID;
`,
};
