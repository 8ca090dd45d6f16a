import type { MappingEntry } from '../mapping/mapping-entry';
import type { MappingRule, MappingRules } from '../mapping/mapping-rules';

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
 * Bridges the mapping editor's rows (core/mapping/mapping-entry.ts) to the rules the journal builder
 * reads: fee rows become rules ('*' = any), account rows fill the fixed accounts (the bank account
 * stands in for clearing when no clearing account is set). Missing roles are returned by name so the
 * caller can block posting with a message instead of posting to nowhere.
 */
export function journalMappingFromEntries(entries: readonly MappingEntry[]): { mapping: MappingRules | null; missing: SettlementAccountRole[] } {
  const rules: MappingRule[] = [];
  const accounts = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'fee') rules.push(feeRule(e));
    else if (e.kind === 'account') accounts.set(e.subject, e.target);
  }
  const clearing = accounts.get('clearing') ?? accounts.get('bank');
  const reserve = accounts.get('reserve');
  const carriedForward = accounts.get('carriedForward');
  const missing: SettlementAccountRole[] = [];
  if (!clearing) missing.push('clearing');
  if (!reserve) missing.push('reserve');
  if (!carriedForward) missing.push('carriedForward');
  if (!clearing || !reserve || !carriedForward) return { mapping: null, missing };
  return { mapping: { rules, accounts: { clearing, reserve, carriedForward } }, missing };
}
