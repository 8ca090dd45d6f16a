import { currencyExponent, isKnownCurrency } from '../money';
import type { AuditLog, Db } from '../store';
import { DomainError } from '../errors/domain-error';

/** The workspace's review controls (migration 0096). */
export interface ReviewPolicy {
  /** The largest variance one person may accept alone, in units of the settlement's currency ("1.00"). */
  varianceLimit: string;
  /** The approver must differ from the person who made the last change to what the journal is built from. */
  separateApprover: boolean;
  /** A line larger than this multiple of the seller's usual settlement size is implausible (blocking). */
  implausibleMultiple: number;
}

/** Fewest words a reason for accepting a variance must have. */
export const MIN_REASON_WORDS = 3;

const LIMIT = /^\d{1,12}(\.\d{1,3})?$/;

export class PolicyRefused extends DomainError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

/** The variance limit in minor units of `currency` (its own number of decimals). */
export function varianceLimitMinor(policy: ReviewPolicy, currency: string): number {
  const exponent = isKnownCurrency(currency) ? currencyExponent(currency) : 2;
  const [whole, fraction = ''] = policy.varianceLimit.split('.');
  // Decimals beyond the currency's are cut: the limit never grows by rounding.
  return Number(whole) * 10 ** exponent + Number((fraction + '000').slice(0, exponent) || '0');
}

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export class ReviewPolicyStore {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date = () => new Date()) {}

  get(): ReviewPolicy {
    const r = this.db.prepare('SELECT variance_limit, separate_approver, implausible_multiple FROM review_policy WHERE id = 1').get() as
      { variance_limit: string; separate_approver: number; implausible_multiple: number } | undefined;
    if (!r) return { varianceLimit: '1.00', separateApprover: false, implausibleMultiple: 10 };
    return { varianceLimit: r.variance_limit, separateApprover: r.separate_approver === 1, implausibleMultiple: r.implausible_multiple };
  }

  /** Changes the controls; refused (nothing saved) when a value makes no sense. Audited with before and after. */
  set(change: Partial<ReviewPolicy>, actor: string): ReviewPolicy {
    const before = this.get();
    const after = { ...before, ...change };
    after.varianceLimit = after.varianceLimit.trim();
    if (!LIMIT.test(after.varianceLimit)) throw new PolicyRefused(`The variance limit "${after.varianceLimit}" is not an amount: write it like 1.00, in units of the settlement's currency.`);
    if (!Number.isInteger(after.implausibleMultiple) || after.implausibleMultiple < 2) throw new PolicyRefused(`The implausible-amount multiple must be a whole number of at least 2, not ${after.implausibleMultiple}.`);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE review_policy SET variance_limit = ?, separate_approver = ?, implausible_multiple = ?, updated_by = ?, updated_at = ? WHERE id = 1')
        .run(after.varianceLimit, after.separateApprover ? 1 : 0, after.implausibleMultiple, actor, this.now().toISOString());
      this.audit.record({ kind: 'decision', system: 'app', operation: 'review.policy-changed', actor, subjectType: 'workspace', subjectId: 'review-policy', detail: { before, after } });
    })();
    return after;
  }
}
