/**
 * The minimal shape of mapping rules the settlement journal needs: which account (and dimensions) a
 * classified settlement amount posts to, and the fixed accounts of a settlement journal. Validation
 * against the ERP's chart of accounts belongs to the mapping module proper.
 */
/**
 * What a mapping rule matches; a field left out matches everything. A category rule ('all FBA fees')
 * names only `category`; a rule by combination names the types (from a fee row of the Mappings screen,
 * core/mapping/journal-mapping.ts).
 */
export interface MappingMatch {
  /** Catalog category (e.g. 'referral-fee', core/settlement/line-catalog.ts). */
  category?: string;
  transactionType?: string;
  amountType?: string;
  amountDescription?: string;
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

/**
 * An ERP connection that books orders as sales invoices ("Orders as invoices"): the invoices booked the
 * order amounts they carry as revenue, so the settlement books those amounts against the marketplace's
 * customer (the Amazon clearing customer) instead, and revenue is never booked twice. Where the ERP's
 * journal takes a customer line, the line names the customer; otherwise it posts to the clearing account.
 */
export interface InvoicedOrders {
  /** The categories of an order's settlement lines that its invoice carries. */
  categories: readonly string[];
  /** The categories of a refund's settlement lines that its credit note carries; absent or empty where the ERP takes no credit notes. */
  refundCategories?: readonly string[];
  /** Marketplace name as the settlement writes it (lower case) -> the ERP's customer. */
  customers: ReadonlyMap<string, string>;
  /** Does the ERP's journal take a line on a customer account? */
  customerLines: boolean;
  /**
   * Are refunds credited by credit notes in the ERP? Then a refund's amounts of these categories are the
   * credit note's, cleared as the orders' are; otherwise the settlement books them as before.
   */
  creditNotes?: boolean;
}

/** The transaction type of a settlement's order lines (adjustments and the rest keep their rules). */
export const ORDER_TRANSACTION_TYPE = 'Order';
/** The transaction type of a settlement's refund lines, which a credit note carries where the ERP takes them. */
export const REFUND_TRANSACTION_TYPE = 'Refund';

export interface MappingRules {
  rules: readonly MappingRule[];
  accounts: SettlementAccounts;
  /** Set for a connection in "Orders as invoices" mode. */
  invoicedOrders?: InvoicedOrders;
}

export interface MappedAccount {
  account: string;
  dimensions: Readonly<Record<string, string>>;
}

const TYPE_FIELDS = ['transactionType', 'amountType', 'amountDescription'] as const;

/**
 * Resolution order, most specific first: a rule naming more of the type fields wins; a category matcher
 * counts less than any type field, so every rule by combination beats a rule by category alone, and a
 * category rule beats a rule that names nothing. Among equals, the first listed.
 */
export function resolveAccount(rules: readonly MappingRule[], subject: Required<MappingMatch>): MappedAccount | null {
  const best = matchingRule(rules, subject);
  return best === -1 ? null : { account: rules[best]!.account, dimensions: rules[best]!.dimensions ?? {} };
}

/** The index of the rule resolveAccount takes for `subject`, or -1 when none matches. */
export function matchingRule(rules: readonly MappingRule[], subject: Required<MappingMatch>): number {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < rules.length; i++) {
    const score = specificity(rules[i]!.match, subject);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** How specific a match is for `subject`, or -1 when it does not match. */
function specificity(match: MappingMatch, subject: Required<MappingMatch>): number {
  let score = 0;
  if (match.category !== undefined) {
    if (match.category !== subject.category) return -1;
    score = 1;
  }
  for (const field of TYPE_FIELDS) {
    const wanted = match[field];
    if (wanted === undefined) continue;
    if (wanted !== subject[field]) return -1;
    score += 2;
  }
  return score;
}
