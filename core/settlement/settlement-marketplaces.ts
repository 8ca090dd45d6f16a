import { MARKETPLACES, type MarketplaceInfo } from '../amazon/marketplaces';
import { isTimeZone } from '../clock/time-zone';
import type { Db } from '../store';

/**
 * What a settlement's `marketplace-name` values ("Amazon.de", "Amazon.co.jp") say about it: the
 * marketplace's currency and the time zone its books are usually kept in. Names that are not a
 * marketplace ("Non-Amazon" for multi-channel orders, "SI UK Prod Marketplace" on account rows) say
 * nothing.
 */
const byDomain = new Map(MARKETPLACES.map((m) => [m.domain, m]));

/** The civil time zone of each marketplace's country (its capital's, or where Seller Central dates it: US Pacific). */
const TIME_ZONES: Readonly<Record<string, string>> = {
  US: 'America/Los_Angeles', CA: 'America/Toronto', MX: 'America/Mexico_City', BR: 'America/Sao_Paulo',
  IE: 'Europe/Dublin', ES: 'Europe/Madrid', GB: 'Europe/London', FR: 'Europe/Paris', BE: 'Europe/Brussels', NL: 'Europe/Amsterdam',
  DE: 'Europe/Berlin', IT: 'Europe/Rome', SE: 'Europe/Stockholm', ZA: 'Africa/Johannesburg', PL: 'Europe/Warsaw', EG: 'Africa/Cairo',
  TR: 'Europe/Istanbul', SA: 'Asia/Riyadh', AE: 'Asia/Dubai', IN: 'Asia/Kolkata', SG: 'Asia/Singapore', AU: 'Australia/Sydney',
  JP: 'Asia/Tokyo',
};

export function marketplaceOfName(name: string): MarketplaceInfo | undefined {
  const n = name.trim().toLowerCase();
  return byDomain.get(n.startsWith('www.') ? n.slice(4) : n);
}

/** The time zone of the first of these marketplace names that is a marketplace; null when none is. */
export function marketplaceTimeZone(marketplaceNames: Iterable<string>): string | null {
  for (const name of marketplaceNames) {
    const m = marketplaceOfName(name);
    if (m && TIME_ZONES[m.country]) return TIME_ZONES[m.country]!;
  }
  return null;
}

/**
 * The time zone a settlement's months are cut in (JournalOptions.timeZone): the ERP connection's
 * `timeZone` setting (the company's books; any ERP's settings may carry one), else the marketplace's,
 * else UTC.
 */
export function settlementTimeZone(connectionSettings: unknown, marketplaceNames: Iterable<string>): string {
  const set = typeof connectionSettings === 'object' && connectionSettings !== null ? (connectionSettings as { timeZone?: unknown }).timeZone : undefined;
  if (typeof set === 'string' && set.trim() !== '' && isTimeZone(set.trim())) return set.trim();
  return marketplaceTimeZone(marketplaceNames) ?? 'UTC';
}

/** The marketplace names of a stored settlement version, in order of first appearance. */
export function storedMarketplaces(db: Db, versionId: number): string[] {
  const from = (table: string, order: string) =>
    (db.prepare(`SELECT marketplace_name AS name FROM ${table} WHERE version_id = ? AND marketplace_name <> '' GROUP BY marketplace_name ORDER BY MIN(${order})`).all(versionId) as Array<{ name: string }>).map((r) => r.name);
  const grouped = from('settlement_line_group', 'seq');
  return grouped.length ? grouped : from('settlement_line', 'row');
}

/** A summary currency that none of the file's marketplaces settles in (a USD total on an Amazon.de file). */
export interface CurrencyWarning {
  kind: 'currency-not-of-marketplaces';
  currency: string;
  marketplaces: string[];
  /** The currencies those marketplaces settle in. */
  expected: string[];
}

export function marketplaceCurrencyWarning(currency: string, marketplaceNames: Iterable<string>): CurrencyWarning | null {
  const known = [...new Set(marketplaceNames)].filter((n) => marketplaceOfName(n) !== undefined).sort();
  if (!known.length || !currency) return null;
  const expected = [...new Set(known.map((n) => marketplaceOfName(n)!.currency))].sort();
  return expected.includes(currency) ? null : { kind: 'currency-not-of-marketplaces', currency, marketplaces: known, expected };
}

/** The warning in words, as the inspection and the review say it. */
export function currencyWarningText(w: CurrencyWarning): string {
  return `The settlement is in ${w.currency}, but ${w.marketplaces.join(', ')} settle${w.marketplaces.length === 1 ? 's' : ''} in ${w.expected.join(' or ')}: check that the file belongs to this account`;
}
