import { convertMinor, currencyExponent, decimalToRational, type Rational } from '../../money';
import type { JournalDocument, ReferenceRecord } from '../erp-connector';
import { ErpError } from '../erp-error';
import { accountTypeNature } from './account-nature';
import { minorToWireNumber } from '../wire-decimal';

type Row = Record<string, unknown>;

/** Memo and LineMemo hold 50 characters (UNVERIFIED: the metadata has no MaxLength; B1's usual column size). */
export const MEMO_LENGTH = 50;

/**
 * A ChartOfAccounts row (edmx ChartOfAccount): postable when it is an active (not a title) account, not
 * frozen and not blocked for manual posting, which is what a journal entry from us is; its nature from AccountType.
 */
export function accountRecord(r: Row): ReferenceRecord {
  const postable = r.ActiveAccount === 'tYES' && r.FrozenFor !== 'tYES' && r.LockManualTransaction !== 'tYES';
  return { id: String(r.Code), code: String(r.Code), name: String(r.Name ?? ''), postable, lastModified: null, ...accountTypeNature(r.AccountType) };
}

/** Costing code slot of a dimension number: dimension 1 is CostingCode, 2-5 CostingCode2-5 (edmx JournalEntryLine). */
export function costingSlot(dimension: string): string {
  if (!/^[1-5]$/.test(dimension)) {
    throw new ErpError(`SAP Business One has dimensions 1 to 5; a mapping names dimension "${dimension}".`, { system: 'sap-b1', kind: 'validation', retryable: false });
  }
  return dimension === '1' ? 'CostingCode' : `CostingCode${dimension}`;
}

/** The foreign-currency side of a journal: the company's rate for the posting date (SBOBobService_GetCurrencyRate). */
export interface ForeignCurrency {
  localCurrency: string;
  rate: number;
}

/**
 * The JournalEntries body (edmx JournalEntry / JournalEntryLine; issue 16): Reference is our natural key,
 * Reference2 the short document number, Memo the description. A document in a foreign currency carries
 * FCCurrency with FCDebit/FCCredit, and local Debit/Credit converted at the company's rate; the rounding
 * residue that keeps the entry balanced in local currency goes on the line marked to take it (the
 * settlement's clearing line), else on the largest line.
 */
export function journalEntryBody(doc: JournalDocument, fc: ForeignCurrency | null): Row {
  const exp = currencyExponent(doc.currency);
  const lines = doc.lines.map((l) => {
    const costing = Object.fromEntries(Object.entries(l.dimensions ?? {}).map(([dim, value]) => [costingSlot(dim), value]));
    // A customer line names the partner and leaves the account to it (its control account; kind.ts).
    const target = l.customerNumber ? { ShortName: l.customerNumber } : { AccountCode: l.accountNumber };
    return { ...target, LineMemo: l.description.slice(0, MEMO_LENGTH), ...costing };
  });
  const base = { ReferenceDate: doc.postingDate, DueDate: doc.postingDate, TaxDate: doc.postingDate, Reference: doc.externalDocumentNumber, Reference2: doc.documentNumber, Memo: doc.description.slice(0, MEMO_LENGTH) };
  if (!fc) {
    return { ...base, JournalEntryLines: lines.map((l, i) => ({ ...l, Debit: minorToWireNumber(doc.lines[i]!.debit, exp), Credit: minorToWireNumber(doc.lines[i]!.credit, exp) })) };
  }
  const localExp = currencyExponent(fc.localCurrency);
  const rate: Rational = decimalToRational(fc.rate);
  const local = doc.lines.map((l) => ({ debit: convertMinor(l.debit, exp, localExp, rate), credit: convertMinor(l.credit, exp, localExp, rate) }));
  const residue = local.reduce((s, l) => s + l.debit - l.credit, 0);
  if (residue !== 0) {
    let largest = 0;
    local.forEach((l, i) => { if (l.debit + l.credit > local[largest]!.debit + local[largest]!.credit) largest = i; });
    const marked = doc.lines.findIndex((l) => l.takesRounding);
    const l = local[marked >= 0 ? marked : largest]!;
    if (l.debit > 0) l.debit -= residue;
    else l.credit += residue;
  }
  return {
    ...base,
    JournalEntryLines: lines.map((l, i) => ({
      ...l,
      FCCurrency: doc.currency,
      FCDebit: minorToWireNumber(doc.lines[i]!.debit, exp), FCCredit: minorToWireNumber(doc.lines[i]!.credit, exp),
      Debit: minorToWireNumber(local[i]!.debit, localExp), Credit: minorToWireNumber(local[i]!.credit, localExp),
    })),
  };
}
