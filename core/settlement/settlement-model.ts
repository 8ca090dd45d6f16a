/** The three dialects Amazon has used for settlement reports (NOTES §6.1). */
export type SettlementFormat = 'v2' | 'legacy' | 'xml';

/** The summary row: one per file, never a transaction line. Dates are ISO 8601 UTC. */
export interface SettlementSummary {
  settlementId: string;
  startDate: string | null;
  endDate: string | null;
  depositDate: string | null;
  /** Declared net payout in minor units of `currency`; negative when the seller owes Amazon. */
  totalAmount: number;
  currency: string;
  /** Line of the file it was read from (1 = header). */
  row: number;
}

/**
 * One normalized amount. A V2 row is one line; a legacy row becomes one line per amount column it
 * fills; an XML amount element becomes one line. Empty text fields are ''.
 */
export interface SettlementLine {
  /** Line of the file the amount was read from (1 = header). */
  row: number;
  settlementId: string;
  transactionType: string;
  amountType: string;
  amountDescription: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  orderId: string;
  merchantOrderId: string;
  adjustmentId: string;
  shipmentId: string;
  marketplaceName: string;
  fulfillmentId: string;
  /** ISO 8601 UTC, from posted-date-time when present, else posted-date. */
  postedDate: string | null;
  orderItemCode: string;
  merchantOrderItemId: string;
  merchantAdjustmentItemId: string;
  sku: string;
  quantity: number | null;
  promotionId: string;
  /** Legacy and XML only: the column or element the amount came from, e.g. "item-related-fee-amount". */
  source?: string;
  /** Columns this version does not know, kept as read (only the non-empty ones). */
  extra?: Record<string, string>;
  /** The row exactly as read, when the reader was asked to keep it (persistence). */
  raw?: string;
}

export type SettlementRecord =
  | { kind: 'format'; format: SettlementFormat; columns: readonly string[] }
  | { kind: 'summary'; summary: SettlementSummary }
  | { kind: 'line'; line: SettlementLine };
