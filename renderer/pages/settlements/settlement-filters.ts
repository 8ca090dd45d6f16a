import type { SettlementStatus } from '../../../core/api/calls/review';
import type { SettlementListItem } from '../../../core/api/calls/settlements';

export type SortKey = 'settlement' | 'period' | 'depositDate' | 'marketplace' | 'currency' | 'deposit' | 'lines' | 'status';
export type SortDirection = 'ascending' | 'descending';

export interface SettlementFilter {
  search: string;
  status: SettlementStatus | 'incomplete-copy' | '';
  marketplace: string;
  currency: string;
  source: SettlementListItem['source'] | '';
  /** ISO dates (yyyy-mm-dd): settlements whose period overlaps [from, to]. */
  from: string;
  to: string;
}

export const NO_FILTER: SettlementFilter = { search: '', status: '', marketplace: '', currency: '', source: '', from: '', to: '' };

/** The status a row shows: an incomplete copy says so before its review status. */
export const shownStatus = (r: SettlementListItem): SettlementFilter['status'] => (r.status === 'incomplete-copy' ? 'incomplete-copy' : r.state);

function matches(r: SettlementListItem, f: SettlementFilter): boolean {
  const q = f.search.trim().toLowerCase();
  if (q && ![r.settlementId, r.marketplace ?? '', r.fileName ?? '', r.currency].some((v) => v.toLowerCase().includes(q))) return false;
  if (f.status && shownStatus(r) !== f.status) return false;
  if (f.marketplace && r.marketplace !== f.marketplace) return false;
  if (f.currency && r.currency !== f.currency) return false;
  if (f.source && r.source !== f.source) return false;
  // Compared as dates of the period (yyyy-mm-dd), so a settlement ending on the "to" day is in.
  const start = r.startDate?.slice(0, 10) ?? r.endDate?.slice(0, 10) ?? '';
  const end = r.endDate?.slice(0, 10) ?? start;
  if (f.from && end && end < f.from) return false;
  if (f.to && start && start > f.to) return false;
  return true;
}

function sortValue(r: SettlementListItem, key: SortKey): string | number {
  switch (key) {
    case 'settlement': return r.settlementId;
    case 'period': return r.endDate ?? '';
    case 'depositDate': return r.depositDate ?? '';
    case 'marketplace': return r.marketplace ?? '';
    case 'currency': return r.currency;
    // Amounts of different currencies are not compared as money: sorted by currency first, then amount.
    case 'deposit': return `${r.currency}:${String(r.total.amount + 1e15).padStart(17, '0')}`;
    case 'lines': return r.lineCount;
    case 'status': return shownStatus(r);
  }
}

/** The rows the list shows: filtered, then sorted (ties keep the newest-period-first order of the list). */
export function visibleSettlements(rows: readonly SettlementListItem[], f: SettlementFilter, sort: { key: SortKey; direction: SortDirection } | null): SettlementListItem[] {
  const kept = rows.filter((r) => matches(r, f));
  if (!sort) return kept;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return kept
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = sortValue(a.r, sort.key);
      const y = sortValue(b.r, sort.key);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map(({ r }) => r);
}

/** The distinct values a filter offers: only those the list holds. */
export const distinct = (rows: readonly SettlementListItem[], pick: (r: SettlementListItem) => string | null): string[] =>
  [...new Set(rows.map(pick).filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b));
