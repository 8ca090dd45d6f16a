import type { Migration } from '../migration';

/**
 * How an ERP order is marked as Amazon's to ship, per ERP connection: mcf_settings.marker_by says by its
 * lines' location (as before), by the shipping agent it names, or by a field of the order the user picked
 * (marker_field) holding a value. location_code becomes marker_value: the location, the shipping agent, or
 * the field's value. Settings stored before keep their location as a location marker.
 */
export const m0310: Migration = {
  id: 310,
  name: 'mcf-marker',
  sql: `
ALTER TABLE mcf_settings RENAME COLUMN location_code TO marker_value;
ALTER TABLE mcf_settings ADD COLUMN marker_by TEXT NOT NULL DEFAULT 'location' CHECK (marker_by IN ('location', 'shipping-agent', 'field'));
ALTER TABLE mcf_settings ADD COLUMN marker_field TEXT;
`,
};
