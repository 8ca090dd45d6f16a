import type { SettlementLine } from '../settlement';
import { storedLineGroups, type StoredLineGroup } from '../settlement/line-groups';
import type { Db } from '../store';
import { excludes, type ExclusionScope, type ReviewedGroups } from './review-checks';

// The lines a review looks at, read from the version's stored line groups (what the preview builds its
// journal from) with the exclusions a person chose taken out, instead of streaming every stored line:
// the checks, the approved journal and posting cost the same at a million lines as at a thousand.

const MAX_ROWS = 20;
/** The fields of a stored line that decide whether an exclusion takes it out. */
const SCOPE_FIELDS = 'row, transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription, currency';
type ScopeLine = Pick<SettlementLine, 'row' | 'transactionType' | 'amountType' | 'amountDescription' | 'currency'>;

const SEP = '\u0001';
const groupKey = (l: Pick<SettlementLine, 'transactionType' | 'amountType' | 'amountDescription' | 'currency' | 'postedDate'> & { marketplaceName: string | null }) =>
  [l.transactionType, l.amountType, l.amountDescription, l.marketplaceName ?? '', l.currency, l.postedDate === null ? '' : `d${l.postedDate.slice(0, 10)}`].join(SEP);

/**
 * The version's line groups with `exclusions` applied, or null when that cannot be done exactly from the
 * groups. A type or currency exclusion takes out whole groups (a group has one type and one currency).
 * Excluded file rows are read on their own (by the primary key, never the whole settlement) and
 * subtracted from their groups. A group keeps the order of its first line, so when an excluded row was
 * the first line of a group that keeps other lines, the group's place could move and only the full line
 * stream gives the exact journal: then this returns null and the caller streams the lines (so a full
 * stream happens only for such a settlement with row exclusions).
 */
export function reviewedGroups(db: Db, versionId: number, currency: string, exclusions: readonly ExclusionScope[]): ReviewedGroups | null {
  const isExcluded = (l: ScopeLine) => exclusions.some((x) => excludes(x, l as SettlementLine));
  const wholeGroupScopes = exclusions.filter((x) => !('rows' in x));
  const excludedRows = [...new Set(exclusions.flatMap((x) => ('rows' in x ? x.rows : [])))].sort((a, b) => a - b);
  const excluded = { lineCount: 0, amount: 0 };
  const groups: StoredLineGroup[] = [];
  const byKey = new Map<string, StoredLineGroup>();
  for (const g of storedLineGroups(db, versionId)) {
    if (wholeGroupScopes.some((x) => excludes(x, g.line))) {
      excluded.lineCount += g.count;
      if (g.line.currency === currency) excluded.amount += g.line.amount;
      continue;
    }
    // A copy: the sums change when excluded rows are taken out of it.
    const copy = { line: { ...g.line }, count: g.count };
    groups.push(copy);
    byKey.set(groupKey(copy.line), copy);
  }
  if (excludedRows.length) {
    const firstRows = new Set<StoredLineGroup>();
    const read = db.prepare(
      `SELECT ${SCOPE_FIELDS}, marketplace_name AS marketplaceName, posted_date AS postedDate, amount, quantity
         FROM settlement_line WHERE version_id = ? AND row = ? ORDER BY seq`,
    );
    for (const row of excludedRows) {
      for (const l of read.iterate(versionId, row) as IterableIterator<ScopeLine & { marketplaceName: string | null; postedDate: string | null; amount: number; quantity: number | null }>) {
        if (wholeGroupScopes.some((x) => excludes(x, l as SettlementLine))) continue; // already out with its group
        const g = byKey.get(groupKey(l));
        if (!g) return null;
        g.count--;
        g.line.amount -= l.amount;
        g.line.quantity = (g.line.quantity ?? 0) - (l.quantity ?? 0);
        if (g.line.row === l.row) firstRows.add(g);
        excluded.lineCount++;
        if (l.currency === currency) excluded.amount += l.amount;
      }
    }
    for (const g of firstRows) if (g.count > 0) return null;
  }

  /** Included lines matching `where`, in file order, until `limit` of them are found. */
  const includedRows = (where: string, args: unknown[], limit: number): number[] => {
    const rows: number[] = [];
    const it = db.prepare(`SELECT ${SCOPE_FIELDS} FROM settlement_line WHERE version_id = ? AND ${where} ORDER BY row, seq`).iterate(versionId, ...args) as IterableIterator<ScopeLine>;
    for (const l of it) {
      if (exclusions.length && isExcluded(l)) continue;
      rows.push(l.row);
      if (rows.length >= limit) break; // leaving the loop ends the statement
    }
    return rows;
  };

  return {
    groups: groups.filter((g) => g.count > 0),
    excluded,
    rowsWithAmount: (amount) => includedRows('currency = ? AND amount = ?', [currency, amount], MAX_ROWS),
    foreignRows: () => includedRows('currency <> ?', [currency], MAX_ROWS),
    skuTotals: () => {
      // The groups do not keep SKUs: they are summed from the lines, in SQL when no row is excluded (a
      // type or currency exclusion takes out whole (SKU, type, currency) sums), else line by line.
      // Asked only when the connection maps SKUs.
      const totals = new Map<string, { count: number; amount: number; first: number }>();
      const add = (sku: string, count: number, amount: number, first: number) => {
        const t = totals.get(sku);
        if (!t) totals.set(sku, { count, amount, first });
        else {
          t.count += count;
          t.amount += amount;
          t.first = Math.min(t.first, first);
        }
      };
      if (excludedRows.length) {
        for (const l of db.prepare(`SELECT ${SCOPE_FIELDS}, sku, amount FROM settlement_line WHERE version_id = ? AND sku <> '' ORDER BY row, seq`).iterate(versionId) as IterableIterator<ScopeLine & { sku: string; amount: number }>) {
          if (!isExcluded(l)) add(l.sku, 1, l.amount, l.row);
        }
      } else {
        const sums = db
          .prepare(
            `SELECT transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription, currency, sku,
               COUNT(*) AS count, SUM(amount) AS amount, MIN(row) AS row
             FROM settlement_line WHERE version_id = ? AND sku <> ''
             GROUP BY sku, transaction_type, amount_type, amount_description, currency ORDER BY MIN(row), MIN(seq)`,
          )
          .all(versionId) as Array<ScopeLine & { sku: string; count: number; amount: number }>;
        for (const s of sums) if (!isExcluded(s)) add(s.sku, s.count, s.amount, s.row);
      }
      // In order of each SKU's first line, as a line-by-line tally would have met them.
      return new Map([...totals].sort(([, a], [, b]) => a.first - b.first).map(([sku, t]) => [sku, { count: t.count, amount: t.amount }]));
    },
  };
}

/** How many lines, and what amount, one exclusion would take out of a version (as the review queue offers it). */
export function exclusionReach(db: Db, versionId: number, scope: ExclusionScope): { lineCount: number; amount: number } {
  let lineCount = 0;
  let amount = 0;
  if ('rows' in scope) {
    const read = db.prepare('SELECT amount FROM settlement_line WHERE version_id = ? AND row = ?');
    for (const row of new Set(scope.rows)) {
      for (const l of read.all(versionId, row) as Array<{ amount: number }>) {
        lineCount++;
        amount += l.amount;
      }
    }
  } else {
    for (const g of storedLineGroups(db, versionId)) {
      if (excludes(scope, g.line)) {
        lineCount += g.count;
        amount += g.line.amount;
      }
    }
  }
  return { lineCount, amount };
}
