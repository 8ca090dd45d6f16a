import type { Migration } from '../migration';

/**
 * An ERP that posts journals in their own currency but books their local amounts at its rate for the
 * posting date (SAP Business One): whether the connection's journals are converted here or there, and
 * which currencies and dates the ERP holds no rate on (JSON [{ currency, date }]), so the review says so
 * before approval.
 */
export const m0140: Migration = {
  id: 140,
  name: 'ledger-posts-in',
  sql: `
ALTER TABLE erp_ledger_currency ADD COLUMN posts_in TEXT NOT NULL DEFAULT 'local-currency' CHECK (posts_in IN ('local-currency', 'document-currency'));
ALTER TABLE erp_ledger_currency ADD COLUMN unavailable TEXT NOT NULL DEFAULT '[]';
`,
};
