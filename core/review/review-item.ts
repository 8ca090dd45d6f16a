import type { ExclusionScope, ReviewKind, ReviewSeverity } from './review-checks';

/* A review item as the queue keeps it (table review_item), the decisions that resolve one, and what a person may ask for. */

export type ReviewState = 'open' | 'resolved' | 'cleared';

export type Resolution =
  | { action: 'map'; target: string; dimensions?: Record<string, string> }
  | {
    action: 'acceptVariance'; account: string; reason: string; difference: number;
    /** Above the workspace's limit: who proposed it, and (once confirmed) the second person; open until then. */
    proposedBy?: string; confirmedBy?: string;
  }
  | { action: 'exclude'; reason: string; scope: ExclusionScope; lineCount: number; amount: number }
  | { action: 'acknowledge'; note: string | null };

/** What a person asks for on an item; the queue fills in the rest of the Resolution. */
export type ResolveRequest =
  /**
   * `allTransactionTypes`: the rule is for the fee type whatever the transaction (a sale and its refund
   * alike); by default it is for the item's own transaction type only, so a quick fix for a sale never
   * sends refunds to the sales account unasked.
   */
  | { action: 'map'; target: string; dimensions?: Record<string, string>; allTransactionTypes?: boolean }
  | { action: 'acceptVariance'; account: string; reason: string }
  | { action: 'exclude'; reason: string; rows?: number[] }
  | { action: 'acknowledge'; note?: string };

export type ReviewAction = ResolveRequest['action'];

export interface ReviewItem {
  id: number;
  versionId: number;
  settlementId: string;
  version: number;
  key: string;
  kind: ReviewKind;
  severity: ReviewSeverity;
  state: ReviewState;
  title: string;
  facts: Record<string, unknown>;
  lineCount: number | null;
  amount: number | null;
  currency: string | null;
  /** The actions that fix it in place; empty when the fix lies elsewhere (Connections, Mappings). */
  actions: ReviewAction[];
  /** What a "map" action maps to: an ERP account, item or customer. */
  mapTarget: 'account' | 'item' | 'customer' | null;
  resolution: Resolution | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  updatedAt: string;
}

export interface ReviewFilter {
  settlementId?: string;
  versionId?: number;
  severity?: ReviewSeverity;
  state?: ReviewState;
}

export interface ItemRow {
  id: number; version_id: number; settlement_id: string; item_key: string; kind: ReviewKind; severity: ReviewSeverity; state: ReviewState;
  title: string; facts: string; line_count: number | null; amount: number | null; currency: string | null; resolution: string | null;
  resolved_by: string | null; resolved_at: string | null; updated_at: string; version: number;
}

const ACTIONS: Record<ReviewKind, ReviewAction[]> = {
  superseded: [],
  reissued: ['acknowledge'],
  'no-connection': [],
  'reference-not-read': [],
  'unknown-type': ['map', 'exclude'],
  'unmapped-fee': ['map', 'exclude'],
  'unmapped-role': ['map'],
  'unmapped-sku': ['map'],
  'unmapped-marketplace': ['map'],
  'account-missing': ['map'],
  'account-not-postable': ['map'],
  difference: ['acceptVariance', 'exclude'],
  'foreign-currency': ['exclude'],
  anomaly: ['acknowledge'],
  'implausible-amount': ['acknowledge', 'exclude'],
  // Fixed in the ERP (add the rate there), then the ERP data is read again under Mappings.
  'no-exchange-rate': [],
  // The claim is filed with Amazon; acknowledging says a person has seen it.
  'refund-without-return': ['acknowledge'],
  // Done under Orders: the item closes once each of its orders is invoiced.
  'orders-not-invoiced': [],
  // Done under Orders: the item closes once the refund's credit note is posted.
  'refund-not-credited': [],
  // The rest stays open in the ERP, where a person settles it; acknowledging says it was seen.
  'payout-difference': ['acknowledge'],
};
const MAP_TARGET: Partial<Record<ReviewKind, 'account' | 'item' | 'customer'>> = {
  'unknown-type': 'account', 'unmapped-fee': 'account', 'unmapped-role': 'account', 'account-missing': 'account', 'account-not-postable': 'account',
  'unmapped-sku': 'item', 'unmapped-marketplace': 'customer',
};

export function itemOf(r: ItemRow): ReviewItem {
  return {
    id: r.id, versionId: r.version_id, settlementId: r.settlement_id, version: r.version, key: r.item_key, kind: r.kind, severity: r.severity,
    state: r.state, title: r.title, facts: JSON.parse(r.facts) as Record<string, unknown>, lineCount: r.line_count, amount: r.amount, currency: r.currency,
    actions: ACTIONS[r.kind] ?? [], mapTarget: MAP_TARGET[r.kind] ?? null,
    resolution: r.resolution ? (JSON.parse(r.resolution) as Resolution) : null, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at, updatedAt: r.updated_at,
  };
}
