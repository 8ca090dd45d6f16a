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

/** A currency and the posting date a journal in it needs a rate for. */
export interface RateWanted {
  currency: string;
  date: IsoDate;
}

/**
 * What a connection's ERP keeps its books in and the rates it holds, read together.
 * - 'local-currency' (the default): journals post only in the local currency, so a foreign-currency
 *   journal is converted at these rates before approval (Business Central's journal API).
 * - 'document-currency': journals post in their own currency and the ERP books the local amounts at its
 *   rate for the posting date (SAP Business One). Nothing is converted here; `unavailable` lists the
 *   currencies and dates the ERP was asked for and holds no rate on, each a blocking review item.
 */
export interface LedgerRates {
  localCurrency: string | null;
  rates: ExchangeRate[];
  postsIn?: 'local-currency' | 'document-currency';
  unavailable?: RateWanted[];
}

/**
 * A connector whose ERP needs its own exchange rates for a foreign-currency journal: to convert it
 * (local-currency) or to book its local amounts (document-currency). `wanted` names the currencies and
 * posting dates of the settlements waiting for the connection, for an ERP that answers one rate per
 * currency and day instead of listing its rates. Checked with `readsExchangeRates`.
 */
export interface ExchangeRateReader {
  readLedgerRates(signal?: AbortSignal, wanted?: readonly RateWanted[]): Promise<LedgerRates>;
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
