import type { Db } from '../store';
import type { ReturnsPolicyValues } from './returns-policy';

const DAY = 86_400_000;

/** An FBA refund of one order's SKU in a settlement, and whether its return came back. */
export interface RefundMatch {
  orderId: string;
  sku: string;
  /** yyyy-MM-dd (UTC) of the first refund line. */
  refundedOn: string;
  /** Sum of the refunded item price lines, minor units of `currency` (negative: paid back). */
  amount: number;
  currency: string;
  rows: number[];
  /** When the first return of the order's SKU came back (the returns report), or null. */
  returnedAt: string | null;
  /** No return after the policy's wait: Amazon refunded, the item never came back. */
  overdue: boolean;
  claimOpens: string;
  claimCloses: string;
}

/**
 * The FBA refunds (fulfillment AFN, transaction type Refund, item price lines) of a settlement version,
 * matched by order and SKU to the returns read from the returns report. Versions whose refunds' claim
 * windows closed before `now` hold nothing to claim and are not read.
 */
export function refundsOfVersion(db: Db, versionId: number, now: Date, policy: ReturnsPolicyValues): RefundMatch[] {
  const v = db.prepare('SELECT end_date FROM settlement_version WHERE id = ?').get(versionId) as { end_date: string | null } | undefined;
  if (!v?.end_date || Date.parse(v.end_date) < now.getTime() - (policy.claimClosesDays + 31) * DAY) return [];
  const rows = db
    .prepare(
      `SELECT l.order_id AS orderId, l.sku, MIN(l.posted_date) AS postedDate, SUM(l.amount) AS amount, l.currency, GROUP_CONCAT(l.row) AS rows,
              (SELECT MIN(r.return_date) FROM fba_return r WHERE r.order_id = l.order_id AND r.sku = l.sku) AS returnedAt
         FROM settlement_line l
        WHERE l.version_id = ? AND l.transaction_type = 'Refund' AND l.amount_type = 'ItemPrice' AND l.fulfillment_id = 'AFN'
          AND l.order_id IS NOT NULL AND l.order_id <> '' AND l.sku IS NOT NULL AND l.sku <> '' AND l.posted_date IS NOT NULL
        GROUP BY l.order_id, l.sku, l.currency
        ORDER BY MIN(l.row)`,
    )
    .all(versionId) as Array<{ orderId: string; sku: string; postedDate: string; amount: number; currency: string; rows: string; returnedAt: string | null }>;
  return rows.map((r) => {
    const refunded = Date.parse(r.postedDate);
    const day = (n: number) => new Date(refunded + n * DAY).toISOString().slice(0, 10);
    return {
      orderId: r.orderId, sku: r.sku, refundedOn: new Date(refunded).toISOString().slice(0, 10), amount: r.amount, currency: r.currency,
      rows: r.rows.split(',').map(Number), returnedAt: r.returnedAt,
      overdue: r.returnedAt === null && now.getTime() - refunded >= policy.refundWaitDays * DAY,
      claimOpens: day(policy.claimOpensDays), claimCloses: day(policy.claimClosesDays),
    };
  });
}
