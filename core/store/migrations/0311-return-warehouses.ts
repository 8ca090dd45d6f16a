import type { Migration } from '../migration';

/**
 * Where returned goods go, per ERP connection that takes returns as return orders: the warehouse for
 * returns Amazon found sellable and the one for unsellable returns (both or neither). NULL: the ERP's
 * default warehouse for the line, as before.
 */
export const m0311: Migration = {
  id: 311,
  name: 'return-warehouses',
  sql: `
ALTER TABLE return_erp_settings ADD COLUMN sellable_warehouse TEXT;
ALTER TABLE return_erp_settings ADD COLUMN unsellable_warehouse TEXT;
`,
};
