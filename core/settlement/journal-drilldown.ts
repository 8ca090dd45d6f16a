import type { MappingRules } from './journal-rules';
import type { Db } from '../store';
import { monthBounds } from './accounting-period';
import { journalTarget } from './journal-builder';
import { LineClassifier } from './line-classifier';
import { rawRowsAt } from './raw-rows';

/** The journal line a drill-down starts from: what the preview shows of it. */
export interface JournalLineRef {
  period: string;
  currency: string;
  account: string | null;
  dimensions: Readonly<Record<string, string>>;
  description: string;
}

/** Lines a review decision left out of the journal (the review's ExclusionScope, by shape). */
export type LineExclusion =
  | { match: { transactionType: string; amountType: string; amountDescription: string } }
  | { rows: number[] }
  | { currency: string };

export interface StoredLineFilter {
  /** Only the lines that sum into this journal line. */
  journalLine?: JournalLineRef;
  /** With journalLine: lines the review excluded are not behind it. */
  excluding?: readonly LineExclusion[];
  /** Only lines of this catalog category (null: unknown combinations). */
  category?: string | null;
  /** The company's time zone the journal's months were cut in (JournalOptions.timeZone); UTC when absent. */
  timeZone?: string;
  /** With journalLine: how the journal words a line's own description (withLedgerDescriptions); as it is when absent. */
  describe?: (description: string) => string;
}

/** One stored settlement line as read from the report, with the row it came from. */
export interface StoredLineRow {
  row: number;
  seq: number;
  postedDate: string | null;
  transactionType: string;
  amountType: string;
  amountDescription: string;
  /** Minor units, as in the report (what Amazon pays is positive). */
  amount: number;
  currency: string;
  category: string | null;
  orderId: string;
  adjustmentId: string;
  shipmentId: string;
  marketplaceName: string;
  fulfillmentId: string;
  sku: string;
  quantity: number | null;
  promotionId: string;
  /** Legacy and XML: the column or element the amount came from. */
  source: string | null;
  /** The row exactly as read from the file (tab-separated for flat files). */
  raw: string | null;
}

export interface StoredLinePage {
  /** The file's header, naming the raw row's tab-separated columns; null for XML or older imports. */
  columns: string[] | null;
  /** Lines matching the filter, in file order. */
  total: number;
  /** Σ amount of all matching lines (report sign); the journal line's debit − credit is its negation. */
  amount: number;
  rows: StoredLineRow[];
}

interface VersionDates { start_date: string | null; end_date: string | null }
interface Combo { transaction_type: string; amount_type: string; amount_description: string }

const MAX_CACHED = 32;
/** Every STRIDE-th matching line's key is kept, so a page anywhere starts with a seek on the primary key. */
const STRIDE = 256;

/** Count and sum of a filter's lines; `anchors` (every STRIDE-th line's key) once a page past the first STRIDE lines was asked for. */
interface Totals { total: number; amount: number; anchors: Array<[number, number]> | null }

/**
 * Pages through the stored lines of a settlement version, in file order, optionally only those behind one
 * journal line of the preview. A journal line sums the lines whose (transaction type, amount type,
 * description, marketplace) resolve to its account, dimensions and description (journalTarget, the same
 * function the journal builder uses) in its currency and period. The period is the calendar month (UTC,
 * or the filter's time zone) of the posted date clamped into the settlement's dates, as the journal
 * builder cuts it. A journal line's count and sum come from the line groups summed at import
 * (settlement_line_group: a group never straddles a month, so it matches or not as a whole), and its first
 * page is read from the start of the version's lines: the first open of a drill-down into a million lines
 * reads a few hundred of them. A page past the first STRIDE lines needs one pass over the matching lines
 * that notes every STRIDE-th line's key; every later page seeks to the nearest such key on the primary
 * key, so a page deep in a million lines costs about what the first does. Everything is cached: a
 * version's lines never change.
 */
export class StoredLineQuery {
  private readonly totals = new Map<string, Totals>();

  constructor(private readonly db: Db, private readonly classifier = new LineClassifier()) {}

  /** `classifier`: the one the journal was built with (it knows the types a person mapped). */
  page(versionId: number, rules: MappingRules, filter: StoredLineFilter, offset: number, limit: number, classifier = this.classifier): StoredLinePage {
    const header = this.db.prepare('SELECT columns FROM settlement_version WHERE id = ?').get(versionId) as { columns: string | null } | undefined;
    const columns = header?.columns ? (JSON.parse(header.columns) as string[]) : null;
    const where = this.where(versionId, rules, filter, classifier);
    if (!where) return { columns, total: 0, amount: 0, rows: [] };
    const key = JSON.stringify([versionId, where.sql, where.params]);
    let totals = this.totals.get(key);
    if (!totals) {
      // The groups carry no file rows: a row exclusion is counted from the lines.
      const byGroups = filter.category === undefined && !where.byRow;
      totals = (byGroups && this.groupTotals(versionId, where)) || this.scan(where);
      remember(this.totals, key, totals);
    }
    if (offset >= STRIDE && totals.anchors === null) totals.anchors = this.scan(where).anchors;
    if (offset >= totals.total) return { columns, total: totals.total, amount: totals.amount, rows: [] };
    // Before the first anchor the page starts at the version's first line.
    const anchor = offset < STRIDE ? ([Number.MIN_SAFE_INTEGER, 0] as [number, number]) : totals.anchors![Math.floor(offset / STRIDE)];
    if (!anchor) return { columns, total: totals.total, amount: totals.amount, rows: [] };
    const rows = this.db
      .prepare(
        `SELECT l.row, l.seq, l.posted_date AS postedDate, l.transaction_type AS transactionType, l.amount_type AS amountType,
           l.amount_description AS amountDescription, l.amount, l.currency, l.category, COALESCE(l.order_id, '') AS orderId,
           COALESCE(l.adjustment_id, '') AS adjustmentId, COALESCE(l.shipment_id, '') AS shipmentId, COALESCE(l.marketplace_name, '') AS marketplaceName,
           COALESCE(l.fulfillment_id, '') AS fulfillmentId, COALESCE(l.sku, '') AS sku, l.quantity, COALESCE(l.promotion_id, '') AS promotionId, l.source
         FROM settlement_line l WHERE ${where.sql} AND (l.row, l.seq) >= (?, ?) ORDER BY l.row, l.seq LIMIT ? OFFSET ?`,
      )
      .all(...where.params, anchor[0], anchor[1], limit, offset % STRIDE) as Array<Omit<StoredLineRow, 'raw'>>;
    // The rows as read from the file, kept apart in compressed blocks (raw-rows.ts).
    const raw = rawRowsAt(this.db, versionId, rows.map((r) => r.row));
    return { columns, total: totals.total, amount: totals.amount, rows: rows.map((r) => ({ ...r, raw: raw.get(r.row) ?? null })) };
  }

  /** One pass in file order: counts and sums the matching lines and notes where every STRIDE-th one is. */
  private scan(where: { sql: string; params: unknown[] }): Totals & { anchors: Array<[number, number]> } {
    const totals = { total: 0, amount: 0, anchors: [] as Array<[number, number]> };
    const scan = this.db.prepare(`SELECT l.row, l.seq, l.amount FROM settlement_line l WHERE ${where.sql} ORDER BY l.row, l.seq`).raw();
    for (const [row, seq, amount] of scan.iterate(...where.params) as IterableIterator<[number, number, number]>) {
      if (totals.total % STRIDE === 0) totals.anchors.push([row, seq]);
      totals.total++;
      totals.amount += amount;
    }
    return totals;
  }

  /**
   * Count and sum from the version's line groups, which carry every column the condition looks at except
   * the category; null for versions imported before groups were stored (migration 0071).
   */
  private groupTotals(versionId: number, where: { sql: string; params: unknown[] }): Totals | null {
    const stored = this.db.prepare('SELECT 1 FROM settlement_line_group WHERE version_id = ? LIMIT 1').get(versionId);
    if (!stored) return null;
    const r = this.db
      .prepare(`SELECT COALESCE(SUM(l.count), 0) AS total, COALESCE(SUM(l.amount), 0) AS amount FROM settlement_line_group l WHERE ${where.sql}`)
      .get(...where.params) as { total: number; amount: number };
    return { total: r.total, amount: r.amount, anchors: null };
  }

  private marketplaceOf(versionId: number): string {
    const r = this.db.prepare("SELECT marketplace_name AS m FROM settlement_line WHERE version_id = ? AND marketplace_name <> '' LIMIT 1").get(versionId) as { m: string } | undefined;
    return r?.m ?? '';
  }

  /** The SQL condition of a filter; null when no line can match (a journal line no combination resolves to). */
  private where(versionId: number, rules: MappingRules, filter: StoredLineFilter, classifier: LineClassifier): { sql: string; params: unknown[]; byRow: boolean } | null {
    const parts = ['l.version_id = ?'];
    let byRow = false;
    const params: unknown[] = [versionId];
    if (filter.category !== undefined) {
      parts.push(filter.category === null ? 'l.category IS NULL' : 'l.category = ?');
      if (filter.category !== null) params.push(filter.category);
    }
    const j = filter.journalLine;
    if (j) {
      const dims = JSON.stringify(sorted(j.dimensions));
      const describe = filter.describe ?? ((d: string) => d);
      // Rules may target by marketplace (an invoiced order's customer): a settlement belongs to one marketplace.
      const marketplaceName = rules.invoicedOrders ? this.marketplaceOf(versionId) : '';
      const matching = this.combosOf(versionId).filter((c) => {
        const t = journalTarget(rules, classifier, { transactionType: c.transaction_type, amountType: c.amount_type, amountDescription: c.amount_description, marketplaceName });
        return (t.account || null) === (j.account || null) && describe(t.description) === j.description && JSON.stringify(sorted(t.dimensions)) === dims;
      });
      if (!matching.length) return null;
      parts.push(`(l.transaction_type, l.amount_type, l.amount_description) IN (VALUES ${matching.map(() => '(?, ?, ?)').join(', ')})`);
      for (const c of matching) params.push(c.transaction_type, c.amount_type, c.amount_description);
      parts.push('l.currency = ?');
      params.push(j.currency);
      // The builder's period: posted date (else the settlement's end, else its start), clamped into the settlement's dates.
      const v = this.db.prepare('SELECT start_date, end_date FROM settlement_version WHERE id = ?').get(versionId) as VersionDates | undefined;
      let date = 'COALESCE(l.posted_date, ?)';
      let dateParams: unknown[] = [v?.end_date ?? v?.start_date ?? new Date(0).toISOString()];
      if (v?.start_date) {
        date = `MAX(?, ${date})`;
        dateParams = [v.start_date, ...dateParams];
      }
      if (v?.end_date) {
        date = `MIN(?, ${date})`;
        dateParams = [v.end_date, ...dateParams];
      }
      if (filter.timeZone && filter.timeZone !== 'UTC') {
        parts.push(`${date} BETWEEN ? AND ?`);
        params.push(...dateParams, ...monthBounds(filter.timeZone, j.period));
      } else {
        parts.push(`substr(${date}, 1, 7) = ?`);
        params.push(...dateParams);
        params.push(j.period);
      }
      for (const x of filter.excluding ?? []) {
        if ('rows' in x) {
          if (!x.rows.length) continue;
          byRow = true;
          parts.push(`l.row NOT IN (${x.rows.map(() => '?').join(', ')})`);
          params.push(...x.rows);
        } else if ('currency' in x) {
          parts.push('l.currency <> ?');
          params.push(x.currency);
        } else {
          // As the review excludes (review-checks.ts excludes): '*' in a field for any value.
          parts.push("NOT ((? = '*' OR l.amount_description = ?) AND (? = '*' OR l.transaction_type = ?) AND (? = '*' OR l.amount_type = ?))");
          params.push(x.match.amountDescription, x.match.amountDescription, x.match.transactionType, x.match.transactionType, x.match.amountType, x.match.amountType);
        }
      }
    }
    return { sql: parts.join(' AND '), params, byRow };
  }

  /**
   * The combinations of a version's lines. Without a rule that looks at the marketplace, the per-type totals
   * kept at import name them; otherwise the line groups do (older versions: one scan of the lines), cached.
   */
  /** Rules match on the types and the category only, so the per-type totals name every combination. */
  private combosOf(versionId: number): Combo[] {
    return this.db
      .prepare('SELECT DISTINCT transaction_type, amount_type, amount_description FROM settlement_type_total WHERE version_id = ?')
      .all(versionId) as Combo[];
  }
}

function sorted(d: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(d).sort(([a], [b]) => a.localeCompare(b));
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
