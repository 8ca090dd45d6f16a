import { TripleKeyMap } from './key-cache';
import type { SettlementLine } from './settlement-model';

/**
 * The lines of one settlement summed per (transaction type, amount type, description, marketplace,
 * currency, UTC day of the posted date). The journal (summary grouping, calendar-month periods, which
 * never split a UTC day) and the reconciliation look at nothing else, so the preview and posting are
 * built from these few rows (stored at import, migration 0071) instead of every line.
 */
export interface LineGroup {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  marketplaceName: string;
  currency: string;
  /** yyyy-MM-dd (UTC) of the posted dates, null for lines without one. */
  day: string | null;
  /** The first line's posted date: any instant of the day stands for the whole group. */
  postedDate: string | null;
  /** The first file line of the group: groups are fed to the journal in this order. */
  firstRow: number;
  count: number;
  /** Minor units. */
  amount: number;
}

/** Sums lines into LineGroups as they stream by; memory bounded by the number of groups. */
export class LineGroupTally {
  // combination -> marketplace -> currency -> day -> group
  private readonly groups = new TripleKeyMap<Map<string, Map<string, Map<string | null, LineGroup>>>>();
  private readonly days = new Map<string, string>();
  private readonly all: LineGroup[] = [];

  add(l: SettlementLine): void {
    let byPlace = this.groups.get(l.transactionType, l.amountType, l.amountDescription);
    if (!byPlace) this.groups.set(l.transactionType, l.amountType, l.amountDescription, (byPlace = new Map()));
    let byCurrency = byPlace.get(l.marketplaceName);
    if (!byCurrency) byPlace.set(l.marketplaceName, (byCurrency = new Map()));
    let byDay = byCurrency.get(l.currency);
    if (!byDay) byCurrency.set(l.currency, (byDay = new Map()));
    let day: string | null = null;
    if (l.postedDate !== null) {
      // Posted dates repeat (the reader hands out one string per distinct date): remember their day.
      day = this.days.get(l.postedDate) ?? null;
      if (day === null) {
        day = l.postedDate.slice(0, 10);
        if (this.days.size >= 100_000) this.days.clear();
        this.days.set(l.postedDate, day);
      }
    }
    let g = byDay.get(day);
    if (!g) {
      g = {
        transactionType: l.transactionType, amountType: l.amountType, amountDescription: l.amountDescription, marketplaceName: l.marketplaceName,
        currency: l.currency, day, postedDate: l.postedDate, firstRow: l.row, count: 0, amount: 0,
      };
      byDay.set(day, g);
      this.all.push(g);
    }
    g.count++;
    g.amount += l.amount;
  }

  /** The groups in order of their first line. */
  result(): LineGroup[] {
    return [...this.all].sort((a, b) => a.firstRow - b.firstRow);
  }
}
