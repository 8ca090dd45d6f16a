import type { SettlementLine, SettlementSummary } from './settlement-model';

export interface DifferenceCause {
  reason: string;
  /** File lines the difference could come from; empty when the cause is a line that is absent. */
  rows: number[];
  /** The amount this cause would explain, minor units. */
  amount: number;
}

export interface Reconciliation {
  balanced: boolean;
  totalAmount: number;
  linesTotal: number;
  /** linesTotal - totalAmount, minor units. */
  difference: number;
  causes: DifferenceCause[];
}

const MAX_ROWS = 20;

/**
 * Compares the lines with the declared total exactly. When they differ, lists what could explain it
 * so a person can decide: lines whose amount equals the difference (counted twice, or not part of this
 * payout), a reserve line that is absent, lines in another currency, a missing summary. Never adjusts
 * anything itself: a variance line is the user's decision (see JournalOptions.variance).
 */
export function reconcile(summary: SettlementSummary | null, lines: Iterable<SettlementLine>): Reconciliation {
  const currency = summary?.currency;
  const foreign: number[] = [];
  const all: Array<{ row: number; amount: number }> = [];
  const facts: ReconciliationFacts = {
    linesTotal: 0,
    foreignTotal: 0,
    hasCurrentReserve: false,
    hasPreviousReserve: false,
    rowsWithAmount: (amount) => all.filter((l) => l.amount === amount).slice(0, MAX_ROWS).map((l) => l.row),
    foreignRows: () => foreign,
  };
  for (const l of lines) {
    if (currency && l.currency !== currency) {
      if (foreign.length < MAX_ROWS) foreign.push(l.row);
      facts.foreignTotal += l.amount;
      continue;
    }
    facts.linesTotal += l.amount;
    noteReserves(facts, l);
    all.push({ row: l.row, amount: l.amount });
  }
  return reconcileFacts(summary, facts);
}

/** What reconciling needs to know about the lines, however it was gathered (streamed, or summed in SQL). */
export interface ReconciliationFacts {
  /** Sum of the lines in the summary's currency (all lines when there is no summary). */
  linesTotal: number;
  /** Sum of the lines in other currencies. */
  foreignTotal: number;
  hasCurrentReserve: boolean;
  hasPreviousReserve: boolean;
  /** Up to 20 rows (file lines) in the summary's currency whose amount is `amount`; asked only when unbalanced. */
  rowsWithAmount(amount: number): number[];
  /** Up to 20 rows in another currency. */
  foreignRows(): number[];
}

/** Marks the reserve lines a missing reserve would be told by (a line in the summary's currency). */
export function noteReserves(facts: ReconciliationFacts, l: { transactionType: string; amountDescription: string }): void {
  if (l.amountDescription === 'Current Reserve Amount' || l.transactionType === 'Current Reserve Amount') facts.hasCurrentReserve = true;
  if (l.amountDescription === 'Previous Reserve Amount Balance' || l.transactionType === 'Previous Reserve Amount Balance') facts.hasPreviousReserve = true;
}

/** `reconcile` from facts gathered elsewhere (the stored preview sums lines in SQL). */
export function reconcileFacts(summary: SettlementSummary | null, facts: ReconciliationFacts): Reconciliation {
  const currency = summary?.currency;
  const { linesTotal, foreignTotal, hasCurrentReserve, hasPreviousReserve } = facts;
  const totalAmount = summary?.totalAmount ?? 0;
  const difference = linesTotal - totalAmount;
  const causes: DifferenceCause[] = [];
  if (!summary) causes.push({ reason: 'the file has no summary row, so there is no declared total to compare with', rows: [], amount: difference });
  if (difference !== 0) {
    const equalRows = facts.rowsWithAmount(difference);
    const foreign = facts.foreignRows();
    if (equalRows.length) {
      causes.push({ reason: 'lines whose amount equals the difference: counted twice, or not part of this payout', rows: equalRows, amount: difference });
    }
    if (difference > 0 && !hasCurrentReserve) {
      causes.push({ reason: 'no "Current Reserve Amount" line: Amazon may have held back a reserve the file does not show', rows: [], amount: difference });
    }
    if (difference < 0 && !hasPreviousReserve) {
      causes.push({ reason: 'no "Previous Reserve Amount Balance" line: a released reserve may be missing from the file', rows: [], amount: difference });
    }
    if (foreign.length) {
      causes.push({ reason: `lines in a currency other than ${currency}, not counted in the total`, rows: foreign, amount: foreignTotal });
    }
    if (causes.length === 0) causes.push({ reason: 'no single line explains it: lines may be missing from the file, or the file was cut short', rows: [], amount: difference });
  }
  return { balanced: difference === 0 && summary !== null, totalAmount, linesTotal, difference, causes };
}

/** Whether a version's lines add up to its declared total: what decides if it may replace a version that does. */
export interface TieOut {
  currency: string;
  declaredTotal: number;
  /** Sum of the lines in the settlement's currency, minor units. */
  linesTotal: number;
  /** linesTotal - declaredTotal, minor units. */
  difference: number;
  tiesOut: boolean;
}

export function tieOut(currency: string, declaredTotal: number, linesTotal: number): TieOut {
  const difference = linesTotal - declaredTotal;
  return { currency, declaredTotal, linesTotal, difference, tiesOut: difference === 0 };
}
