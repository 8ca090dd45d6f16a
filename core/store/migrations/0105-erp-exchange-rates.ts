import type { Migration } from '../migration';

/**
 * For an ERP whose journals post only in the company's local currency: what that currency is and the
 * ERP's own exchange rates, read with its reference data, so the review converts a foreign-currency
 * settlement (and says when a rate is missing) before anyone approves it. Rates stay the decimal text
 * the ERP sent; a conversion turns them into exact fractions (core/money/currency-conversion.ts).
 */
export const m0105: Migration = {
  id: 105,
  name: 'erp-exchange-rates',
  sql: `
CREATE TABLE erp_ledger_currency (
  connection_id  TEXT PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
  local_currency TEXT,
  rates_digest   TEXT NOT NULL,             -- SHA-256 of what was read: a change re-runs the review's checks
  read_at        TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE erp_exchange_rate (
  connection_id       TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
  currency            TEXT NOT NULL,
  starting_date       TEXT NOT NULL,
  amount              TEXT NOT NULL,
  relational_currency TEXT,                 -- NULL: the local currency
  relational_amount   TEXT NOT NULL,
  PRIMARY KEY (connection_id, currency, starting_date)
) WITHOUT ROWID;
`,
};
