import { MappingStore } from '../mapping/mapping-store';
import type { MappingEntry } from '../mapping/mapping-entry';
import type { MappingRules } from '../mapping/mapping-rules';
import { journalMappingFromEntries, JournalBuilder, LineClassifier, storedLines, type JournalIssue, type SettlementJournal, type SettlementLine, type SettlementSummary } from '../settlement';
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

/**
 * The journal of a stored settlement version, in one streamed pass over its lines (no array of lines).
 * `consume` reads the same pass (the preview reconciles from it; posting just drains it).
 */
export function buildStoredJournal<T>(
  db: Db, row: StoredVersion, rules: MappingRules, consume: (summary: SettlementSummary, lines: Iterable<SettlementLine>) => T, classifier?: LineClassifier,
): { journal: SettlementJournal; consumed: T } {
  const summary = settlementSummaryOf(row);
  const builder = new JournalBuilder(summary, rules, {}, classifier);
  const consumed = consume(summary, feeding(storedLines(db, row.id), (l) => builder.add(l)));
  return { journal: builder.build(), consumed };
}

/** A `consume` for buildStoredJournal that only reads the lines through. */
export function drainLines(_summary: SettlementSummary, lines: Iterable<SettlementLine>): void {
  for (const _ of lines) { /* the builder sees each line as it passes */ }
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

function* feeding<T>(items: Iterable<T>, also: (item: T) => void): Generator<T> {
  for (const item of items) {
    also(item);
    yield item;
  }
}
