import { CATEGORY_LABELS, noRateText, type JournalIssue, type SettlementSummary } from '../settlement';
import type { Db } from '../store';

/**
 * The stored settlement version as posting and the preview read it, and how a journal's problems are
 * said. The journal itself is built by one function for every screen and for posting:
 * ReviewQueue.versionJournal (core/review/review-queue.ts).
 */

export interface StoredVersion {
  id: number;
  settlement_id: string;
  version: number;
  status: 'current' | 'superseded';
  /** 1: kept beside the current version because its lines do not add up (core/settlement/settlement-versions.ts). */
  incomplete_copy: number;
  reissued: number;
  format: string;
  file_name: string | null;
  start_date: string | null;
  end_date: string | null;
  deposit_date: string | null;
  currency: string;
  total_amount: number;
  lines_total: number;
  line_count: number;
  imported_at: string;
  marketplace: string | null;
}

// The first marketplace named by a line: a settlement belongs to one marketplace, so one row is enough
// (and the primary key on version_id keeps this cheap at a million lines).
export const VERSION_SELECT = `SELECT v.*, (SELECT l.marketplace_name FROM settlement_line l WHERE l.version_id = v.id AND l.marketplace_name <> '' LIMIT 1) AS marketplace
  FROM settlement_version v`;

export function storedVersion(db: Db, versionId: number): StoredVersion | null {
  return (db.prepare(`${VERSION_SELECT} WHERE v.id = ?`).get(versionId) as StoredVersion | undefined) ?? null;
}

export function settlementSummaryOf(row: StoredVersion): SettlementSummary {
  return {
    settlementId: row.settlement_id, startDate: row.start_date, endDate: row.end_date, depositDate: row.deposit_date,
    totalAmount: row.total_amount, currency: row.currency, row: 2,
  };
}

export const ACCOUNT_ROLE_NAMES: Record<'clearing' | 'reserve' | 'carriedForward', string> = { clearing: 'clearing (or bank)', reserve: 'reserve', carriedForward: 'carried forward' };

/** A blocking problem of a journal in words, as the preview and a refused posting both say it. */
export function journalIssueText(i: JournalIssue, settlementCurrency: string): string {
  switch (i.kind) {
    case 'unknown-combination': return `Unknown line type ${i.transactionType} / ${i.amountType} / ${i.amountDescription}: ${i.count} lines`;
    case 'unmapped': return `No account mapped for ${CATEGORY_LABELS[i.category].toLowerCase()}: ${i.count} lines`;
    case 'no-customer': return `${i.marketplace || 'A marketplace'} is not mapped to a customer, so ${i.count} lines of its invoiced orders cannot be cleared against the customer their invoices went to: map ${i.marketplace || 'the marketplace'} to its customer under Mappings, Marketplaces`;
    case 'difference': return 'The lines do not sum to the declared total';
    case 'no-summary': return 'The file had no summary row';
    case 'foreign-currency': return `Lines in ${i.currency} inside a ${settlementCurrency} settlement`;
    case 'no-exchange-rate': return noRateText(i);
  }
}

