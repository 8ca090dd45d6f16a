import type { RateWanted } from '../erp/exchange-rate';
import { calendarMonthIn, ZoneClock } from '../settlement/accounting-period';
import { settlementTimeZone, storedMarketplaces } from '../settlement/settlement-marketplaces';
import type { Db } from '../store';

/**
 * The currencies and posting dates the current settlement versions' journals post on for a connection,
 * as the journal builder dates them (core/settlement/journal-builder.ts): each earlier month's last day
 * when a settlement spans a month end, and the settlement's end, in the company's time zone. An ERP that
 * answers one rate per currency and day (SAP Business One) is asked for exactly these. A month with no
 * line of the settlement asks for a date no document posts on: one request too many, never one too few.
 */
export function ratesWanted(db: Db, connectionId: string): RateWanted[] {
  const settings = (db.prepare('SELECT settings FROM connection WHERE id = ?').get(connectionId) as { settings: string } | undefined)?.settings;
  const connectionSettings: unknown = settings ? JSON.parse(settings) : undefined;
  const versions = db
    .prepare("SELECT id, currency, start_date AS start, end_date AS end FROM settlement_version WHERE status = 'current' AND end_date IS NOT NULL ORDER BY end_date")
    .all() as Array<{ id: number; currency: string; start: string | null; end: string }>;
  const seen = new Set<string>();
  const wanted: RateWanted[] = [];
  const add = (currency: string, date: string) => {
    const key = `${currency}|${date}`;
    if (seen.has(key)) return;
    seen.add(key);
    wanted.push({ currency, date });
  };
  for (const v of versions) {
    const zone = settlementTimeZone(connectionSettings, storedMarketplaces(db, v.id));
    const monthOf = calendarMonthIn(zone);
    const localDate = zone === 'UTC' || zone === 'Etc/UTC' ? (iso: string) => iso.slice(0, 10) : (iso: string) => new ZoneClock(zone).localDate(iso);
    const endMs = Date.parse(v.end);
    for (let p = monthOf(v.start ?? v.end); Date.parse(p.end) < endMs; p = monthOf(new Date(Date.parse(p.end) + 1).toISOString())) {
      add(v.currency, p.lastDay ?? p.end.slice(0, 10));
    }
    add(v.currency, localDate(v.end));
  }
  return wanted;
}
