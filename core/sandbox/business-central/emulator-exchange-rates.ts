import { randomUUID } from 'node:crypto';

type Row = Record<string, unknown>;

/**
 * Business Central's currencyExchangeRates entity set (API v2.0), as the emulator serves it: read-only
 * (only GET is documented), one row per currency and starting date. Properties from learn.microsoft.com
 * dev-itpro/api-reference/v2.0/resources/dynamics_currencyexchangerate (../shared/reference/erp/NOTES.md,
 * "Business Central: currency exchange rates"); the page is not among the ALAppExtensions pages of
 * specs/bc-apiv2-page-fields.json, hence `page: null`.
 */
export const EXCHANGE_RATES_SCHEMA = {
  page: null,
  fields: ['id', 'currencyCode', 'startingDate', 'exchangeRateAmount', 'relationalCurrencyCode', 'relationalExchangeRateAmount', 'lastModifiedDateTime'],
  readOnly: true, computed: [], parts: {}, actions: [],
} as const;

/**
 * `exchangeRateAmount` units of `currencyCode` equal `relationalExchangeRateAmount` units of
 * `relationalCurrencyCode` from `startingDate` on; a blank relational currency is the company's own.
 */
export interface SeedExchangeRate {
  currencyCode: string;
  startingDate: string;
  exchangeRateAmount: number;
  relationalCurrencyCode: string;
  relationalExchangeRateAmount: number;
}

/**
 * The demo company's rates (local currency EUR), per 100 units as BC companies usually state them, for
 * every currency the demo marketplaces settle in, starting well before any demo settlement.
 */
export function demoExchangeRates(): SeedExchangeRate[] {
  const from = '2024-01-01';
  return [
    { currencyCode: 'USD', startingDate: from, exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 92.15 },
    { currencyCode: 'GBP', startingDate: from, exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 116.87 },
    { currencyCode: 'CAD', startingDate: from, exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 67.42 },
    { currencyCode: 'JPY', startingDate: from, exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 0.6123 },
  ];
}

/** Adds a rate, or changes the one of the same currency and starting date (as a person does on BC's Exch. Rates page). */
export function upsertExchangeRate(table: Map<string, Row>, rate: SeedExchangeRate, at: string): Row {
  const existing = [...table.values()].find((r) => r.currencyCode === rate.currencyCode && r.startingDate === rate.startingDate);
  const row: Row = existing ?? { id: randomUUID(), $v: 0 };
  Object.assign(row, { ...rate, lastModifiedDateTime: at, $v: Number(row.$v ?? 0) + 1 });
  table.set(String(row.id), row);
  return row;
}
