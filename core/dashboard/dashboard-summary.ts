import { PostingOutbox } from '../posting/outbox';
import { awaitingInErp, type AwaitingInErp } from './awaiting-in-erp';
import { reviewQueueOf, versionStatuses } from '../posting/settlement-status';
import type { LineCategory } from '../settlement/line-catalog';
import { CATEGORY_LABELS } from '../settlement/line-labels';
import type { Workspace } from '../workspace/workspace';

/** Categories that are what selling on Amazon costs (core/settlement/line-catalog.ts), as the dashboard charts them. */
export const FEE_CATEGORIES: readonly LineCategory[] = [
  'referral-fee', 'closing-fee', 'digital-services-fee', 'fba-fee', 'shipping-chargeback', 'gift-wrap-chargeback', 'refund-commission',
  'storage-fee', 'long-term-storage-fee', 'disposal-fee', 'subscription-fee', 'advertising', 'promotion-fee', 'mcf-fee', 'liquidation-fee',
  'inbound-transportation', 'shipping-services', 'other-fee',
];

export interface ConnectionSync {
  connectionId: string;
  name: string;
  kind: string;
  /** The connection's latest sync run (any job that uses it), or null when none ran yet. */
  lastRun: { jobName: string; status: string; startedAt: string; endedAt: string | null; counts: Record<string, number>; error: string | null } | null;
  /** ERP connections: when its chart of accounts, dimensions, items and customers were last read (by any means). */
  referenceReadAt: string | null;
}

export interface PostingFailureSummary {
  settlementId: string;
  documents: number;
  /** The ERP's own words for the latest failure. */
  message: string;
  at: string;
}

export interface FeesInCurrency {
  currency: string;
  /** How many of the latest settlements in this currency were summed. */
  settlements: number;
  /** Cost per category, positive minor units (a fee Amazon charged), largest first. */
  /** `label`: the category as an accountant reads it (Referral fees), never its key. */
  categories: Array<{ category: string; label: string; amount: number }>;
}

export interface DashboardSummary {
  connections: ConnectionSync[];
  counts: { settlements: number; awaitingReview: number; awaitingApproval: number; approved: number; posted: number; postingFailed: number };
  postingFailures: PostingFailureSummary[];
  /** Documents created in their ERP that a person still has to post there, longest waiting first. */
  awaitingInErp: AwaitingInErp[];
  fees: FeesInCurrency[];
}

interface RunRow { job_name: string; status: string; started_at: string; ended_at: string | null; counts: string; error: string | null }

/**
 * What needs the accountant's attention, from what the workspace already records: sync runs per
 * connection, settlement statuses from the review queue (checked again where anything changed), posting
 * failures from the outbox, and fees by category over the latest `lastSettlements` current settlements
 * (from the per-combination totals kept at import, never a scan of the lines), one chart per currency.
 */
export function dashboardSummary(ws: Workspace, lastSettlements = 6): DashboardSummary {
  const runOf = ws.db.prepare(
    `SELECT j.name AS job_name, r.status, r.started_at, r.ended_at, r.counts, r.error FROM sync_run r JOIN sync_job j ON j.id = r.job_id
     WHERE j.amazon_connection_id = ? OR j.erp_connection_id = ? ORDER BY r.id DESC LIMIT 1`,
  );
  const referenceOf = ws.db.prepare('SELECT MAX(refreshed_at) AS at FROM erp_reference_watermark WHERE connection_id = ?');
  const connections = ws.connections.list().map((c): ConnectionSync => {
    const r = runOf.get(c.id, c.id) as RunRow | undefined;
    return {
      connectionId: c.id, name: c.name, kind: c.kind, referenceReadAt: (referenceOf.get(c.id) as { at: string | null }).at,
      lastRun: r ? { jobName: r.job_name, status: r.status, startedAt: r.started_at, endedAt: r.ended_at, counts: JSON.parse(r.counts) as Record<string, number>, error: r.error } : null,
    };
  });

  const queue = reviewQueueOf(ws);
  queue.refresh();
  const current = versionStatuses(ws.db, queue).filter((s) => s.current);
  const count = (...states: string[]) => current.filter((s) => states.includes(s.status)).length;
  const counts = {
    settlements: current.length,
    awaitingReview: count('imported', 'needs-review'),
    awaitingApproval: count('ready'),
    approved: count('approved'),
    posted: count('posted'),
    postingFailed: count('failed'),
  };

  const failedBySettlement = new Map<string, PostingFailureSummary>();
  for (const e of new PostingOutbox(ws.db, ws.audit).list({ state: 'failed' })) {
    const f = failedBySettlement.get(e.settlementId);
    const message = e.error?.erpMessage ?? e.error?.message ?? 'The ERP refused the document.';
    if (!f) failedBySettlement.set(e.settlementId, { settlementId: e.settlementId, documents: 1, message, at: e.updatedAt });
    else {
      f.documents++;
      if (e.updatedAt > f.at) Object.assign(f, { message, at: e.updatedAt });
    }
  }

  const latest = ws.db
    .prepare(`SELECT id, currency FROM settlement_version WHERE status = 'current' ORDER BY end_date DESC, id DESC LIMIT ?`)
    .all(lastSettlements) as { id: number; currency: string }[];
  const fees: FeesInCurrency[] = [];
  const totalsOf = ws.db.prepare(
    `SELECT category, SUM(amount) AS amount FROM settlement_type_total WHERE version_id = ? AND currency = ? AND category IN (${FEE_CATEGORIES.map(() => '?').join(', ')}) GROUP BY category`,
  );
  for (const currency of [...new Set(latest.map((v) => v.currency))]) {
    const versions = latest.filter((v) => v.currency === currency);
    const sums = new Map<string, number>();
    for (const v of versions) {
      for (const t of totalsOf.all(v.id, currency, ...FEE_CATEGORIES) as { category: string; amount: number }[]) sums.set(t.category, (sums.get(t.category) ?? 0) - t.amount);
    }
    const categories = [...sums].map(([category, amount]) => ({ category, label: category in CATEGORY_LABELS ? CATEGORY_LABELS[category as LineCategory] : category, amount })).filter((c) => c.amount !== 0).sort((a, b) => b.amount - a.amount);
    fees.push({ currency, settlements: versions.length, categories });
  }

  return { connections, counts, postingFailures: [...failedBySettlement.values()].sort((a, b) => b.at.localeCompare(a.at)), awaitingInErp: awaitingInErp(ws), fees };
}
