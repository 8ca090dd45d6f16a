import type { ExchangeRate } from '../exchange-rate';

type Row = Record<string, unknown>;

/**
 * Business Central's currencyExchangeRates (API v2.0; properties id, currencyCode, startingDate,
 * exchangeRateAmount, relationalCurrencyCode, relationalExchangeRateAmount, lastModifiedDateTime:
 * learn.microsoft.com dev-itpro/api-reference/v2.0/resources/dynamics_currencyexchangerate, cited in
 * ../shared/reference/erp/NOTES.md "Business Central: currency exchange rates"; the page is not in
 * specs/bc-apiv2-page-fields.json, which lists only the pages read from ALAppExtensions). Only GET is
 * documented. BC's convention: exchangeRateAmount units of currencyCode equal relationalExchangeRateAmount
 * units of relationalCurrencyCode, and a blank relational currency is the company's local currency.
 */
export const EXCHANGE_RATES_SET = 'currencyExchangeRates';

export function exchangeRateFromRow(row: Row): ExchangeRate | null {
  const currency = typeof row.currencyCode === 'string' ? row.currencyCode.trim().toUpperCase() : '';
  const startingDate = typeof row.startingDate === 'string' ? row.startingDate.slice(0, 10) : '';
  const amount = decimalText(row.exchangeRateAmount);
  const relationalAmount = decimalText(row.relationalExchangeRateAmount);
  // A row without a currency, a date or a positive amount converts nothing; BC would not use it either.
  if (!currency || !/^\d{4}-\d{2}-\d{2}$/.test(startingDate) || !positive(amount) || !positive(relationalAmount)) return null;
  const relational = typeof row.relationalCurrencyCode === 'string' ? row.relationalCurrencyCode.trim().toUpperCase() : '';
  return { currency, startingDate, amount, relationalCurrency: relational || null, relationalAmount };
}

const positive = (t: string | null): t is string => t !== null && !t.startsWith('-') && !/^0+(\.0+)?$/.test(t);

/** A JSON decimal as the text BC wrote (its shortest round-trip form, ECMA-262 Number::toString). */
function decimalText(v: unknown): string | null {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return v.trim();
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(20).replace(/\.?0+$/, '') : s;
}
