import type { AuditLog, Db } from '../store';

/** How long a refund waits for its return, and Amazon's reimbursement claim window, in days after the refund. */
export interface ReturnsPolicyValues {
  refundWaitDays: number;
  claimOpensDays: number;
  claimClosesDays: number;
}

/** The workspace's returns policy (table returns_policy, one row). */
export class ReturnsPolicy {
  constructor(private readonly db: Db, private readonly audit: AuditLog | null, private readonly now: () => Date) {}

  get(): ReturnsPolicyValues {
    const r = this.db.prepare('SELECT refund_wait_days, claim_opens_days, claim_closes_days FROM returns_policy WHERE id = 1').get() as { refund_wait_days: number; claim_opens_days: number; claim_closes_days: number };
    return { refundWaitDays: r.refund_wait_days, claimOpensDays: r.claim_opens_days, claimClosesDays: r.claim_closes_days };
  }

  set(values: ReturnsPolicyValues, actor: string): ReturnsPolicyValues {
    const { refundWaitDays: wait, claimOpensDays: opens, claimClosesDays: closes } = values;
    if (!Number.isInteger(wait) || wait < 1) throw new RangeError('A refund waits at least one whole day for its return.');
    if (!Number.isInteger(opens) || !Number.isInteger(closes) || opens < 0 || closes <= opens) throw new RangeError('The claim window closes after it opens (whole days after the refund).');
    const before = this.get();
    this.db.prepare('UPDATE returns_policy SET refund_wait_days = ?, claim_opens_days = ?, claim_closes_days = ?, updated_by = ?, updated_at = ? WHERE id = 1')
      .run(wait, opens, closes, actor, this.now().toISOString());
    this.audit?.record({ kind: 'decision', system: 'app', operation: 'returns.policy', actor, detail: { before, after: values } });
    return this.get();
  }
}
