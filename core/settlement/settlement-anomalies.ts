import type { LineClassifier } from './line-classifier';
import type { SettlementLine, SettlementSummary } from './settlement-model';

/** Fee levels of one settlement, comparable across a seller's settlements of the same currency. */
export interface FeeMetrics {
  settlementId: string;
  currency: string;
  endDate: string | null;
  depositDate: string | null;
  totalAmount: number;
  /** Referral fees ÷ principal of orders, in basis points; null without order principal. */
  referralRateBp: number | null;
  /** FBA fulfilment fees per unit sold, minor units; null without units. */
  fbaFeePerUnit: number | null;
  /** Storage and long-term storage fees, minor units (positive = cost). */
  storageFees: number;
}

/** Collects FeeMetrics while the lines stream past. */
export class FeeMetricsTally {
  private principal = 0;
  private referral = 0;
  private fba = 0;
  private units = 0;
  private storage = 0;

  constructor(private readonly classifier: LineClassifier) {}

  addLine(line: SettlementLine): void {
    const category = this.classifier.classify(line)?.category;
    if (line.transactionType !== 'Order' && category !== 'storage-fee' && category !== 'long-term-storage-fee') return;
    if (category === 'principal') {
      this.principal += line.amount;
      this.units += line.quantity ?? 0;
    } else if (category === 'referral-fee') this.referral += line.amount;
    else if (category === 'fba-fee') this.fba += line.amount;
    else if (category === 'storage-fee' || category === 'long-term-storage-fee') this.storage += line.amount;
  }

  result(summary: SettlementSummary): FeeMetrics {
    return {
      settlementId: summary.settlementId,
      currency: summary.currency,
      endDate: summary.endDate,
      depositDate: summary.depositDate,
      totalAmount: summary.totalAmount,
      referralRateBp: this.principal > 0 ? Math.round((-this.referral * 10_000) / this.principal) : null,
      fbaFeePerUnit: this.units > 0 ? Math.round(-this.fba / this.units) : null,
      storageFees: -this.storage,
    };
  }
}

export type SettlementWarning =
  | { kind: 'fee-out-of-range'; metric: 'referralRateBp' | 'fbaFeePerUnit' | 'storageFees'; value: number; usual: number; low: number; high: number }
  | { kind: 'no-deposit'; reason: string }
  | { kind: 'deposit-out-of-sequence'; previousSettlementId: string; previousDepositDate: string; depositDate: string };

export interface AnomalyOptions {
  /** Allowed relative deviation from the median of earlier settlements (0.25 = ±25 %). */
  tolerance?: number;
  /** Fewer earlier settlements than this say nothing about "usual". */
  minHistory?: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

/**
 * Warnings a finance team wants to see before posting (they never block): fee levels unlike the
 * seller's earlier settlements in the same currency, a settlement that pays nothing, and a deposit
 * dated before the deposit of an earlier settlement or before its own period ended.
 */
export function settlementWarnings(current: FeeMetrics, earlier: readonly FeeMetrics[], options: AnomalyOptions = {}): SettlementWarning[] {
  const tolerance = options.tolerance ?? 0.25;
  const minHistory = options.minHistory ?? 3;
  const warnings: SettlementWarning[] = [];
  const history = earlier.filter((m) => m.currency === current.currency && m.settlementId !== current.settlementId);
  for (const metric of ['referralRateBp', 'fbaFeePerUnit', 'storageFees'] as const) {
    const value = current[metric];
    const past = history.map((m) => m[metric]).filter((v): v is number => v !== null && v !== 0);
    if (value === null || past.length < minHistory) continue;
    const usual = median(past);
    const low = Math.floor(usual * (1 - tolerance));
    const high = Math.ceil(usual * (1 + tolerance));
    if (value < low || value > high) warnings.push({ kind: 'fee-out-of-range', metric, value, usual, low, high });
  }
  if (current.depositDate === null) warnings.push({ kind: 'no-deposit', reason: 'the settlement has no deposit date' });
  else if (current.totalAmount === 0) warnings.push({ kind: 'no-deposit', reason: 'the settlement pays nothing (total 0)' });
  if (current.depositDate && current.endDate) {
    const before = history
      .filter((m) => m.endDate !== null && m.endDate < current.endDate! && m.depositDate !== null)
      .sort((a, b) => (a.endDate! < b.endDate! ? 1 : -1))[0];
    if (before && before.depositDate! > current.depositDate) {
      warnings.push({ kind: 'deposit-out-of-sequence', previousSettlementId: before.settlementId, previousDepositDate: before.depositDate!, depositDate: current.depositDate });
    }
  }
  return warnings;
}
