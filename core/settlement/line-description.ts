import type { SettlementJournal } from './journal-builder';

/**
 * The words a journal line carries into the ERP's ledger, where it stands beside lines of other
 * settlements: which marketplace and settlement it came from, then what it is ("Amazon.de settlement
 * 24137000002 — Referral fees"). The journal's own description (what the line is) fills {line}.
 */
export const LINE_DESCRIPTION_TEMPLATE = '{marketplace} settlement {settlement} — {line}';

/**
 * The edition of the application's own wording: the default template and the category labels
 * (line-labels.ts). Raised whenever either changes, so an approval of the earlier wording can tell an
 * application rewording (what the ERP books unchanged) from a user's change of the template.
 * Approvals that record no wording were made under edition 0 (category keys, "settlement … deposit");
 * edition 2 names a refund's lines apart from sales ("Refunds").
 */
export const LEDGER_WORDING_EDITION = 2;

/** The placeholders a template may use, with what each stands for (the template editor lists them). */
export const DESCRIPTION_PLACEHOLDERS = {
  marketplace: 'the marketplace the settlement is for (Amazon.de); Amazon when no line names one',
  settlement: 'the settlement id (24137000002)',
  line: 'what the line is: Referral fees, Sales, Deposit',
  period: 'the accounting period of the document (2026-06)',
  currency: 'the currency of the document (EUR)',
} as const;

export type DescriptionPlaceholder = keyof typeof DESCRIPTION_PLACEHOLDERS;

/** Business Central's Description is Text[100], the shortest of the ERPs; a template leaves room for its values. */
export const TEMPLATE_MAX_LENGTH = 80;

/** What is wrong with a template, in words for the person typing it; empty when it can be used. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  if (!template.trim()) return ['The description template is empty: write the words each ledger line should carry, with {line} for what the line is.'];
  if (template.length > TEMPLATE_MAX_LENGTH) problems.push(`The description template is ${template.length} characters long; at most ${TEMPLATE_MAX_LENGTH} leave room for the values in the ERP's 100-character description.`);
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !(p in DESCRIPTION_PLACEHOLDERS));
  if (unknown.length) problems.push(`The description template uses ${unknown.map((p) => `{${p}}`).join(', ')}, which it does not know; it knows ${Object.keys(DESCRIPTION_PLACEHOLDERS).map((p) => `{${p}}`).join(', ')}.`);
  if (!template.includes('{line}')) problems.push('The description template has no {line}: every line of a settlement would read the same in the ledger.');
  return problems;
}

export interface LineDescriptionFacts {
  /** The settlement's marketplace as the report names it (Amazon.de); null when no line names one. */
  marketplace: string | null;
  settlementId: string;
  /** The journal line's description. */
  line: string;
  period?: string;
  currency?: string;
}

export function ledgerLineDescription(facts: LineDescriptionFacts, template = LINE_DESCRIPTION_TEMPLATE): string {
  // The builder's own lines name the settlement already ("settlement 241… deposit"): said once is enough.
  const own = `settlement ${facts.settlementId} `;
  const rest = facts.line.startsWith(own) ? facts.line.slice(own.length) : facts.line;
  const values: Record<DescriptionPlaceholder, string> = {
    marketplace: facts.marketplace || 'Amazon',
    settlement: facts.settlementId,
    line: rest.charAt(0).toUpperCase() + rest.slice(1),
    period: facts.period ?? '',
    currency: facts.currency ?? '',
  };
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (name in values ? values[name as DescriptionPlaceholder] : whole));
}

/** A journal with every line's description in ledger words: what preview, approval, report and the ERP all read. */
export function withLedgerDescriptions(journal: SettlementJournal, settlement: { marketplace: string | null; settlementId: string }, template = LINE_DESCRIPTION_TEMPLATE): SettlementJournal {
  return {
    ...journal,
    documents: journal.documents.map((d) => ({
      ...d,
      lines: d.lines.map((l) => ({ ...l, description: ledgerLineDescription({ ...settlement, line: l.description, period: d.period, currency: d.currency }, template) })),
    })),
  };
}
