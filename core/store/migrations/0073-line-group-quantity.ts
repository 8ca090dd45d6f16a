import type { Migration } from '../migration';

/**
 * The units of each line group (sum of the lines' quantity-purchased, 0 when none says): the review
 * checks read a settlement's fee levels (FBA fee per unit) from its line groups instead of every line,
 * and the units are the one thing they needed that the groups did not keep. Groups stored before this
 * migration get theirs from their lines here, summed once per version in one pass (not once per group).
 */
export const m0073: Migration = {
  id: 73,
  name: 'line-group-quantity',
  sql: `
ALTER TABLE settlement_line_group ADD COLUMN quantity INTEGER NOT NULL DEFAULT 0;

CREATE TEMP TABLE line_group_quantity_0073 AS
  SELECT version_id, transaction_type, amount_type, amount_description, COALESCE(marketplace_name, '') AS marketplace_name, currency,
         substr(posted_date, 1, 10) AS day, COALESCE(SUM(quantity), 0) AS quantity
    FROM settlement_line
   WHERE version_id IN (SELECT DISTINCT version_id FROM settlement_line_group)
   GROUP BY version_id, transaction_type, amount_type, amount_description, COALESCE(marketplace_name, ''), currency, substr(posted_date, 1, 10);
CREATE INDEX temp.line_group_quantity_0073_key
  ON line_group_quantity_0073 (version_id, transaction_type, amount_type, amount_description, marketplace_name, currency, day);
UPDATE settlement_line_group SET quantity = COALESCE((
  SELECT q.quantity FROM line_group_quantity_0073 q
   WHERE q.version_id = settlement_line_group.version_id AND q.transaction_type = settlement_line_group.transaction_type
     AND q.amount_type = settlement_line_group.amount_type AND q.amount_description = settlement_line_group.amount_description
     AND q.marketplace_name = settlement_line_group.marketplace_name AND q.currency = settlement_line_group.currency
     AND q.day IS settlement_line_group.day), 0);
DROP TABLE temp.line_group_quantity_0073;
`,
};
