import type { MappingEntry } from './mapping-entry';
import type { MappingRule, MappingRules } from '../settlement/journal-rules';

export type SettlementAccountRole = 'clearing' | 'reserve' | 'carriedForward';

/** A fee entry of the Mappings screen as a journal rule: '*' (or empty) in a field matches anything. */
export function feeRule(e: MappingEntry): MappingRule {
  return {
    match: {
      ...(e.transactionType && e.transactionType !== '*' ? { transactionType: e.transactionType } : {}),
      ...(e.amountType && e.amountType !== '*' ? { amountType: e.amountType } : {}),
      ...(e.amountDescription && e.amountDescription !== '*' ? { amountDescription: e.amountDescription } : {}),
    },
    account: e.target,
    ...(Object.keys(e.dimensions).length ? { dimensions: e.dimensions } : {}),
  };
}

/**
 * The one place the mapping editor's rows (core/mapping/mapping-entry.ts) become the rules the journal
 * builder reads: fee rows become rules ('*' = any, in the rows' order, so `rules.rules[i]` is the i-th
 * fee row), account rows fill the fixed accounts (the bank account stands in for clearing when no
 * clearing account is set). A role not mapped is '' (its lines show without an account and block
 * posting) and is named in `missing`.
 */
export function journalRules(entries: readonly MappingEntry[]): { rules: MappingRules; missing: SettlementAccountRole[] } {
  const rules: MappingRule[] = [];
  const accounts = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'fee') rules.push(feeRule(e));
    else if (e.kind === 'account') accounts.set(e.subject, e.target);
  }
  const roles = { clearing: accounts.get('clearing') || accounts.get('bank') || '', reserve: accounts.get('reserve') ?? '', carriedForward: accounts.get('carriedForward') ?? '' };
  const missing = (['clearing', 'reserve', 'carriedForward'] as const).filter((r) => !roles[r]);
  return { rules: { rules, accounts: roles }, missing };
}

/** journalRules, or null in place of rules while an account role is not mapped. */
export function journalMappingFromEntries(entries: readonly MappingEntry[]): { mapping: MappingRules | null; missing: SettlementAccountRole[] } {
  const { rules, missing } = journalRules(entries);
  return { mapping: missing.length ? null : rules, missing };
}
