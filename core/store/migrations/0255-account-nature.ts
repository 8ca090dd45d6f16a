import type { Migration } from '../migration';

/**
 * An account's nature as the ERP's own account type gives it (revenue, expense or balance sheet), and that
 * type in the ERP's words; NULL where the ERP's type does not settle it, and for every row not yet read again.
 * The accounts' watermarks are cleared so the next refresh reads each chart whole once: an incremental read
 * returns only accounts changed since, which would leave every older cached account without its type.
 */
export const m0255: Migration = {
  id: 255,
  name: 'account-nature',
  sql: `
ALTER TABLE erp_reference ADD COLUMN nature TEXT CHECK (nature IN ('revenue', 'expense', 'balance'));
ALTER TABLE erp_reference ADD COLUMN type_label TEXT;
UPDATE erp_reference_watermark SET watermark = NULL WHERE kind = 'accounts';
`,
};
