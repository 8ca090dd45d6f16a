import type { Migration } from '../migration';

/**
 * Why a held or ready listing change was withdrawn before it was sent (the ERP moved after the run that found
 * it or after its approval, the rule changed, the SKU left the rule): an approval is bound to the values it
 * approved, so a change whose grounds moved never goes out and the screen says why.
 */
export const m0210: Migration = {
  id: 210,
  name: 'listing-withdrawn',
  sql: `
ALTER TABLE listing_change ADD COLUMN withdrawn_reason TEXT;
`,
};
