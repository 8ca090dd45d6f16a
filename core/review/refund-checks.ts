import { moneyInText } from '../money';
import { refundsOfVersion } from '../returns/refund-matching';
import { ReturnsPolicy } from '../returns/returns-policy';
import type { Db } from '../store';
import type { Finding } from './review-checks';

/**
 * Refunds of a settlement whose item never came back (no return in the FBA returns report after the
 * policy's wait): a warning with Amazon's reimbursement claim window, so a person files the claim in time.
 * They depend on the day and on returns read later, so the runner puts `refundFingerprint` in its fingerprint.
 */
export function refundFindings(db: Db, versionId: number, now: Date): Finding[] {
  const policy = new ReturnsPolicy(db, null, () => now).get();
  return refundsOfVersion(db, versionId, now, policy).filter((r) => r.overdue).map((r) => {
    const closed = now.toISOString().slice(0, 10) > r.claimCloses;
    const amount = moneyInText(-r.amount, r.currency);
    return {
      key: `refund-without-return:${r.orderId}:${r.sku}`,
      kind: 'refund-without-return',
      severity: 'warning',
      title: `Refunded ${r.refundedOn}, never returned: order ${r.orderId}, ${r.sku} (${amount}). ${closed ? `The reimbursement claim window closed on ${r.claimCloses}.` : `Claim a reimbursement from Amazon between ${r.claimOpens} and ${r.claimCloses}.`}`,
      facts: {
        orderId: r.orderId, sku: r.sku, refundedOn: r.refundedOn, claimOpens: r.claimOpens, claimCloses: r.claimCloses, rows: r.rows,
        details: [
          { label: 'Order', value: r.orderId },
          { label: 'SKU', value: r.sku },
          { label: 'Refunded', value: `${r.refundedOn} (${amount})` },
          { label: 'Returned', value: `not in the FBA returns report after ${policy.refundWaitDays} days` },
          { label: 'Claim window', value: `${r.claimOpens} to ${r.claimCloses}${closed ? ' (closed)' : ''}` },
        ],
      },
      lineCount: r.rows.length,
      amount: r.amount,
      currency: r.currency,
    };
  });
}

/** What the refund findings of a version depend on: which of its refunds are overdue right now. */
export function refundFingerprint(db: Db, versionId: number, now: Date): string {
  return refundFindings(db, versionId, now).map((f) => f.key + (String(f.facts['claimCloses']) < now.toISOString().slice(0, 10) ? ':closed' : '')).join('|');
}
