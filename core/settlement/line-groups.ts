import type { Db } from '../store';
import { TripleKeyMap } from './key-cache';
import type { SettlementLine } from './settlement-model';

/**
 * The lines of one settlement summed per (transaction type, amount type, description, marketplace,
 * currency, UTC day of the posted date). On the first and last day of a month, where a company's
 * month may begin at another hour than in UTC, the day is cut into quarter hours (`2026-05-31T14:45`):
 * every time zone is a whole number of quarter hours from UTC, so no group straddles any company's month
 * end. The journal (summary grouping, calendar months in any time zone) and the reconciliation look at
 * nothing else, so the preview and posting are built from these few rows (stored at import, migration
 * 0071) instead of every line.
 */
export interface LineGroup {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  marketplaceName: string;
  currency: string;
  /** yyyy-MM-dd (UTC) of the posted dates, or yyyy-MM-ddTHH:mm (a quarter hour) at a month's edge; null for lines without one. */
  day: string | null;
  /** The first line's posted date: any instant of the day stands for the whole group. */
  postedDate: string | null;
  /** The first file line of the group: groups are fed to the journal in this order. */
  firstRow: number;
  count: number;
  /** Minor units. */
  amount: number;
  /** Units: the lines' quantities summed (a line without one counts 0); the fee levels read them. */
  quantity: number;
}

/** Sums lines into LineGroups as they stream by; memory bounded by the number of groups. */
export class LineGroupTally {
  // combination -> marketplace -> currency -> day -> group
  private readonly groups = new TripleKeyMap<Map<string, Map<string, Map<string | null, LineGroup>>>>();
  private readonly all: LineGroup[] = [];
  // The previous line's posted date and its group day: the lines of an order share one posted date (the
  // reader hands out one string for them), and a day holds thousands of orders.
  private lastPosted: string | null = null;
  private lastDay: string | null = null;
  /** Whether lastDay is a whole UTC day (not a quarter hour at a month's edge). */
  private lastDayWhole = false;

  add(l: SettlementLine): void {
    let byPlace = this.groups.get(l.transactionType, l.amountType, l.amountDescription);
    if (!byPlace) this.groups.set(l.transactionType, l.amountType, l.amountDescription, (byPlace = new Map()));
    let byCurrency = byPlace.get(l.marketplaceName);
    if (!byCurrency) byPlace.set(l.marketplaceName, (byCurrency = new Map()));
    let byDay = byCurrency.get(l.currency);
    if (!byDay) byCurrency.set(l.currency, (byDay = new Map()));
    const posted = l.postedDate;
    let day: string | null = null;
    if (posted !== null) {
      if (posted === this.lastPosted) day = this.lastDay;
      else {
        day = this.lastDayWhole && sameDay(posted, this.lastPosted!) ? this.lastDay : groupDay(posted);
        this.lastPosted = posted;
        this.lastDay = day;
        this.lastDayWhole = day!.length === 10;
      }
    }
    let g = byDay.get(day);
    if (!g) {
      g = {
        transactionType: l.transactionType, amountType: l.amountType, amountDescription: l.amountDescription, marketplaceName: l.marketplaceName,
        currency: l.currency, day, postedDate: l.postedDate, firstRow: l.row, count: 0, amount: 0, quantity: 0,
      };
      byDay.set(day, g);
      this.all.push(g);
    }
    g.count++;
    g.amount += l.amount;
    g.quantity += l.quantity ?? 0;
  }

  /** The groups in order of their first line. */
  result(): LineGroup[] {
    return [...this.all].sort((a, b) => a.firstRow - b.firstRow);
  }
}

/** Whether two ISO dates fall on the same UTC day (their first ten characters agree). */
function sameDay(a: string, b: string): boolean {
  if (a.length < 10 || b.length < 10) return false;
  for (let i = 9; i >= 0; i--) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** The group key of a posted date: its UTC day, or its quarter hour on the first and last day of a month. */
export function groupDay(postedDate: string): string {
  const day = postedDate.slice(0, 10);
  const d = Number(postedDate.slice(8, 10));
  // Day 28 and later may be a month's last day: check by the day after it.
  const edge = d === 1 || (d >= 28 && new Date(Date.parse(day) + 86_400_000).getUTCDate() === 1);
  if (!edge || postedDate.length < 16) return day;
  const quarter = Math.floor(Number(postedDate.slice(14, 16)) / 15) * 15;
  return `${postedDate.slice(0, 13)}:${String(quarter).padStart(2, '0')}`;
}

/** A stored line group as the journal builder and the review checks take it: a line standing for `count` lines. */
export interface StoredLineGroup {
  /** The group as one line: its amount and quantity are the group's sums, row and posted date its first line's. */
  line: SettlementLine;
  count: number;
}

/**
 * The lines of a version summed per combination, marketplace, currency and UTC day (LineGroup, quarter hours at a month's edge), in
 * order of their first line: stored at import, so the preview, the review checks and posting cost the
 * same at 1,000,000 lines as at 1,000. Versions imported before migration 0071 are summed from their
 * lines here (in SQL).
 */
export function storedLineGroups(db: Db, versionId: number): StoredLineGroup[] {
  type Row = {
    transactionType: string; amountType: string; amountDescription: string; marketplaceName: string | null; currency: string;
    postedDate: string | null; amount: number; count: number; row: number; quantity: number | null;
  };
  let rows = db
    .prepare(
      `SELECT transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription, marketplace_name AS marketplaceName,
         currency, posted_date AS postedDate, amount, count, first_row AS row, quantity
       FROM settlement_line_group WHERE version_id = ? ORDER BY seq`,
    )
    .all(versionId) as Row[];
  if (rows.length === 0) {
    rows = db
      .prepare(
        `SELECT transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription,
           marketplace_name AS marketplaceName, currency, MIN(posted_date) AS postedDate, SUM(amount) AS amount, COUNT(*) AS count, MIN(row) AS row,
           SUM(quantity) AS quantity
         FROM settlement_line WHERE version_id = ?
         GROUP BY transaction_type, amount_type, amount_description, marketplace_name, currency,
           CASE WHEN substr(posted_date, 9, 2) = '01' OR substr(date(substr(posted_date, 1, 10), '+1 day'), 9, 2) = '01'
             THEN substr(posted_date, 1, 13) || ':' || (CAST(substr(posted_date, 15, 2) AS INTEGER) / 15)
             ELSE substr(posted_date, 1, 10) END
         ORDER BY MIN(row)`,
      )
      .all(versionId) as Row[];
  }
  return rows.map((r) => ({ count: r.count, line: lineOfGroup({ ...r, marketplaceName: r.marketplaceName ?? '', firstRow: r.row, quantity: r.quantity ?? 0 }) }));
}

/** A group as one settlement line carrying the group's sums (feed it with its count: `add(line, count)`). */
export function lineOfGroup(
  g: Pick<LineGroup, 'transactionType' | 'amountType' | 'amountDescription' | 'marketplaceName' | 'currency' | 'postedDate' | 'firstRow' | 'amount' | 'quantity'>,
  settlementId = '',
): SettlementLine {
  return {
    row: g.firstRow, settlementId, transactionType: g.transactionType, amountType: g.amountType, amountDescription: g.amountDescription,
    amount: g.amount, currency: g.currency, orderId: '', merchantOrderId: '', adjustmentId: '', shipmentId: '', marketplaceName: g.marketplaceName,
    fulfillmentId: '', postedDate: g.postedDate, orderItemCode: '', merchantOrderItemId: '', merchantAdjustmentItemId: '', sku: '', quantity: g.quantity, promotionId: '',
  };
}
