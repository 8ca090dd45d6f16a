import type { SettlementJournal } from './journal-builder';

/**
 * The words a journal line carries into the ERP's ledger, where it stands beside lines of other
 * settlements: which marketplace and settlement it came from, then what it is ("Amazon.de settlement
 * 24137000002 — Referral fees"). The journal's own description (what the preview shows) is the last part.
 */
export const LINE_DESCRIPTION_TEMPLATE = '{marketplace} settlement {settlement} — {line}';

export interface LineDescriptionFacts {
  /** The settlement's marketplace as the report names it (Amazon.de); null when no line names one. */
  marketplace: string | null;
  settlementId: string;
  /** The journal line's description. */
  line: string;
}

export function ledgerLineDescription(facts: LineDescriptionFacts, template = LINE_DESCRIPTION_TEMPLATE): string {
  // The builder's own lines name the settlement already ("settlement 241… deposit"): said once is enough.
  const own = `settlement ${facts.settlementId} `;
  const rest = facts.line.startsWith(own) ? facts.line.slice(own.length) : facts.line;
  const line = rest.charAt(0).toUpperCase() + rest.slice(1);
  return template.replaceAll('{marketplace}', facts.marketplace || 'Amazon').replaceAll('{settlement}', facts.settlementId).replaceAll('{line}', line);
}

/** A journal with every line's description in ledger words: what preview, approval, report and the ERP all read. */
export function withLedgerDescriptions(journal: SettlementJournal, settlement: { marketplace: string | null; settlementId: string }, template = LINE_DESCRIPTION_TEMPLATE): SettlementJournal {
  return {
    ...journal,
    documents: journal.documents.map((d) => ({ ...d, lines: d.lines.map((l) => ({ ...l, description: ledgerLineDescription({ ...settlement, line: l.description }, template) })) })),
  };
}
