/**
 * The minimal shape of mapping rules the settlement journal needs: which account (and dimensions) a
 * classified settlement amount posts to, and the fixed accounts of a settlement journal. Validation
 * against the ERP's chart of accounts belongs to the mapping module proper.
 */
export interface MappingMatch {
  /** Catalog category (e.g. 'referral-fee'); any field left out matches everything. */
  category?: string;
  transactionType?: string;
  amountType?: string;
  amountDescription?: string;
  marketplaceName?: string;
}

export interface MappingRule {
  match: MappingMatch;
  account: string;
  dimensions?: Readonly<Record<string, string>>;
}

export interface SettlementAccounts {
  /** Where the net deposit lands: the Amazon clearing account or the bank. */
  clearing: string;
  /** Balance-sheet account for amounts Amazon holds back (never an expense account). */
  reserve: string;
  /** Balance-sheet account that carries a settlement's amounts from one period into the next. */
  carriedForward: string;
}

export interface MappingRules {
  rules: readonly MappingRule[];
  accounts: SettlementAccounts;
}

export interface MappedAccount {
  account: string;
  dimensions: Readonly<Record<string, string>>;
}

const SPECIFIC_FIELDS = ['category', 'transactionType', 'amountType', 'amountDescription', 'marketplaceName'] as const;

/** The most specific rule wins (most fields matched); among equals, the first listed. */
export function resolveAccount(rules: readonly MappingRule[], subject: Required<MappingMatch>): MappedAccount | null {
  const best = matchingRule(rules, subject);
  return best === -1 ? null : { account: rules[best]!.account, dimensions: rules[best]!.dimensions ?? {} };
}

/** The index of the rule resolveAccount takes for `subject`, or -1 when none matches. */
export function matchingRule(rules: readonly MappingRule[], subject: Required<MappingMatch>): number {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    let score = 0;
    let matches = true;
    for (const field of SPECIFIC_FIELDS) {
      const wanted = rule.match[field];
      if (wanted === undefined) continue;
      if (wanted !== subject[field]) {
        matches = false;
        break;
      }
      score++;
    }
    if (matches && score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}
