import { decimalToRational, divideRational, multiplyRational, type Rational } from '../money';
import type { IsoDate } from './erp-connector';

/**
 * An ERP's own exchange rate, as the ERP states it: `amount` units of `currency` equal `relationalAmount`
 * units of `relationalCurrency` (null: the company's local currency), from `startingDate` until the next
 * rate of the same currency starts. Amounts stay the decimal strings the ERP sent, so nothing is rounded
 * before the one rounding of a conversion.
 */
export interface ExchangeRate {
  currency: string;
  startingDate: IsoDate;
  amount: string;
  relationalCurrency: string | null;
  relationalAmount: string;
}

/** What a connection's ERP keeps its books in and the rates it holds, read together. */
export interface LedgerRates {
  localCurrency: string | null;
  rates: ExchangeRate[];
}

/**
 * A connector whose ERP posts journals only in the company's local currency and holds exchange rates
 * to convert with (Business Central's journal API does). Checked with `readsExchangeRates`.
 */
export interface ExchangeRateReader {
  readLedgerRates(signal?: AbortSignal): Promise<LedgerRates>;
}

export function readsExchangeRates(x: unknown): x is ExchangeRateReader {
  return typeof x === 'object' && x !== null && typeof (x as Partial<ExchangeRateReader>).readLedgerRates === 'function';
}

/** The rate in force: units of local currency per unit of `currency`, and the rows it came from (the last one states the local currency). */
export interface RateInForce {
  rate: Rational;
  rows: ExchangeRate[];
}

/** At most this many relational hops (EUR stated in USD stated in GBP ...); a loop stops here instead of running forever. */
const MAX_HOPS = 4;

/**
 * The rate of `currency` into `localCurrency` on `date`: the row with the latest starting date on or
 * before the date. A row stated against another currency is chained through that currency's own rate
 * on the same date, as Business Central's Currency Exchange Rate table does. Null when a row is missing.
 */
export function rateOn(rates: readonly ExchangeRate[], currency: string, date: IsoDate, localCurrency: string): RateInForce | null {
  const rows: ExchangeRate[] = [];
  let rate: Rational = { num: 1n, den: 1n };
  let from = currency.toUpperCase();
  const local = localCurrency.toUpperCase();
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (from === local) return { rate, rows };
    const row = latestOnOrBefore(rates, from, date);
    if (!row) return null;
    rows.push(row);
    // amount units of `from` = relationalAmount units of the relational currency.
    rate = multiplyRational(rate, divideRational(decimalToRational(row.relationalAmount), decimalToRational(row.amount)));
    from = row.relationalCurrency ? row.relationalCurrency.toUpperCase() : local;
  }
  return null;
}

function latestOnOrBefore(rates: readonly ExchangeRate[], currency: string, date: IsoDate): ExchangeRate | null {
  let best: ExchangeRate | null = null;
  for (const r of rates) {
    if (r.currency.toUpperCase() !== currency || r.startingDate > date) continue;
    if (!best || r.startingDate > best.startingDate) best = r;
  }
  return best;
}
