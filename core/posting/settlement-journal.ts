import { MappingStore } from '../mapping/mapping-store';
import type { MappingEntry } from '../mapping/mapping-entry';
import type { MappingRules } from '../mapping/mapping-rules';
import { journalMappingFromEntries, JournalBuilder, LineClassifier, type JournalIssue, type SettlementJournal, type SettlementLine, type SettlementSummary } from '../settlement';
import { storedLineGroups } from '../settlement/line-groups';
import { noteReserves, reconcileFacts, type Reconciliation, type ReconciliationFacts } from '../settlement/reconciliation';
import type { Db } from '../store';
import type { Workspace } from '../workspace/workspace';
import { reviewClassifier } from '../review/review-checks';

/**
 * What the Settlements preview shows and what posting sends are built here, by one function, from the
 * stored lines and the ERP connection's mapping rules: the preview can never show a journal other than
 * the one that posts.
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

export interface SettlementMapping {
  /** The ERP connection whose rules these are; null when there is no ERP connection at all. */
  connectionId: string | null;
  rules: MappingRules;
  /** Account roles not mapped yet: their lines carry account '' and block posting. */
  missing: Array<'clearing' | 'reserve' | 'carriedForward'>;
  /**
   * What each line is: the catalog plus the new types a person mapped (the review queue's classifier), so a
   * type mapped in the review queue posts instead of being refused as unknown.
   */
  classifier: LineClassifier;
}

/**
 * The mapping rules of the chosen ERP connection, else of the first one that has any. Returns null when a
 * connection id is given that is not an ERP connection of this workspace.
 */
export function settlementMapping(ws: Workspace, connectionId: string | undefined): SettlementMapping | null {
  const store = new MappingStore(ws.db, ws.audit);
  const erps = ws.connections.list().filter((c) => c.kind !== 'amazon');
  const chosen = connectionId !== undefined ? erps.find((c) => c.id === connectionId) : erps.find((c) => store.list(c.id).length > 0) ?? erps[0];
  if (connectionId !== undefined && !chosen) return null;
  if (!chosen) return { connectionId: null, rules: { rules: [], accounts: { clearing: '', reserve: '', carriedForward: '' } }, missing: ['clearing', 'reserve', 'carriedForward'], classifier: new LineClassifier() };
  const entries = store.list(chosen.id);
  // Roles not mapped yet stay '' so the preview can still show every amount (and name what is missing).
  const placeholder = (subject: string): MappingEntry => ({ kind: 'account', subject, target: '-', transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  const { missing } = journalMappingFromEntries(entries);
  const { mapping } = journalMappingFromEntries([placeholder('clearing'), placeholder('reserve'), placeholder('carriedForward'), ...entries]);
  const accounts = { ...mapping!.accounts };
  for (const role of missing) accounts[role] = '';
  return { connectionId: chosen.id, rules: { rules: mapping!.rules, accounts }, missing, classifier: reviewClassifier(entries) };
}

export { storedLineGroups } from '../settlement/line-groups';

/**
 * The journal of a stored settlement version and its reconciliation, from the version's line groups
 * (storedLineGroups): what the preview shows and what posting sends.
 */
export function buildStoredJournal(db: Db, row: StoredVersion, rules: MappingRules, classifier?: LineClassifier): { journal: SettlementJournal; reconciliation: Reconciliation } {
  const summary = settlementSummaryOf(row);
  const builder = new JournalBuilder(summary, rules, {}, classifier);
  const rowsWhere = (condition: string, value: string | number) =>
    (db.prepare(`SELECT row FROM settlement_line WHERE version_id = ? AND ${condition} ORDER BY row, seq LIMIT 20`).all(row.id, value) as Array<{ row: number }>).map((r) => r.row);
  const facts: ReconciliationFacts = {
    linesTotal: 0,
    foreignTotal: 0,
    hasCurrentReserve: false,
    hasPreviousReserve: false,
    // Only asked when the lines do not tie out.
    rowsWithAmount: (amount) =>
      (db.prepare('SELECT row FROM settlement_line WHERE version_id = ? AND currency = ? AND amount = ? ORDER BY row, seq LIMIT 20').all(row.id, summary.currency, amount) as Array<{ row: number }>).map((r) => r.row),
    foreignRows: () => rowsWhere('currency <> ?', summary.currency),
  };
  for (const g of storedLineGroups(db, row.id)) {
    builder.add(g.line, g.count);
    if (g.line.currency !== summary.currency) facts.foreignTotal += g.line.amount;
    else {
      facts.linesTotal += g.line.amount;
      noteReserves(facts, g.line);
    }
  }
  return { journal: builder.build(), reconciliation: reconcileFacts(summary, facts) };
}

export const ACCOUNT_ROLE_NAMES: Record<'clearing' | 'reserve' | 'carriedForward', string> = { clearing: 'clearing (or bank)', reserve: 'reserve', carriedForward: 'carried forward' };

/** A blocking problem of a journal in words, as the preview and a refused posting both say it. */
export function journalIssueText(i: JournalIssue, settlementCurrency: string): string {
  switch (i.kind) {
    case 'unknown-combination': return `Unknown line type ${i.transactionType} / ${i.amountType} / ${i.amountDescription}: ${i.count} lines`;
    case 'unmapped': return `No account mapped for ${i.category}: ${i.count} lines`;
    case 'difference': return 'The lines do not sum to the declared total';
    case 'no-summary': return 'The file had no summary row';
    case 'foreign-currency': return `Lines in ${i.currency} inside a ${settlementCurrency} settlement`;
  }
}
