import type { Migration } from '../migration';

/**
 * A SKU may hold, beside an open change that carries a price (held for approval, or waiting for the day's price
 * run), one open change of its quantity alone: the 15-minute quantities-only runs send the stock without
 * touching the pending price. Still at most one of each kind per SKU.
 */
export const m0265: Migration = {
  id: 265,
  name: 'listing-quantity-beside-price',
  sql: `
DROP INDEX listing_change_open;
CREATE UNIQUE INDEX listing_change_open ON listing_change (amazon_connection_id, marketplace_id, sku, (new_price_minor IS NULL)) WHERE state IN ('held', 'ready', 'sending');
`,
};
