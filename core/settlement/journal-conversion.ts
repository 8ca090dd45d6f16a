import { rateOn, type LedgerRates } from '../erp/exchange-rate';
import { convertMinor, currencyExponent, rationalToDecimalString } from '../money';
import type { JournalConversion, JournalDocument, JournalIssue, SettlementJournal } from './journal-builder';

export type { JournalConversion };

/**
 * Converts each document not already in `ledger.localCurrency`. Each line converts on its own, exactly
 * (rational arithmetic) and is rounded once to the local currency's minor unit, halves away from zero, so
 * a debit and a credit of the same size convert to the same size. The lines then may not net to zero by
 * a few minor units: that residue goes on the clearing line (the deposit), else the carried-forward line,
 * else the largest line, and the document balances. A document whose currency has no rate on or before
 * its posting date stays unconverted and the journal gets a blocking 'no-exchange-rate' issue.
 */
export function convertJournal(journal: SettlementJournal, ledger: LedgerRates | null | undefined): SettlementJournal {
  const local = ledger?.localCurrency?.toUpperCase();
  if (!ledger || !local) return journal;
  if (ledger.postsIn === 'document-currency') return withUnavailableRates(journal, ledger, local);
  const issues: JournalIssue[] = [...journal.issues];
  const documents = journal.documents.map((d): JournalDocument => {
    if (d.currency.toUpperCase() === local) return d;
    const found = rateOn(ledger.rates, d.currency, d.postingDate.slice(0, 10), local);
    if (!found) {
      const date = d.postingDate.slice(0, 10);
      if (!issues.some((i) => i.kind === 'no-exchange-rate' && i.currency === d.currency && i.date === date)) {
        issues.push({ kind: 'no-exchange-rate', currency: d.currency, localCurrency: local, date });
      }
      return d;
    }
    const from = currencyExponent(d.currency);
    const to = currencyExponent(local);
    const amounts = d.lines.map((l) => convertMinor(l.amount, from, to, found.rate));
    const residue = -amounts.reduce((s, a) => s + a, 0);
    const residueLine = residueLineOf(d, amounts);
    if (residueLine >= 0) amounts[residueLine] = amounts[residueLine]! + residue;
    return {
      ...d,
      conversion: {
        currency: local, rate: `${found.rate.num}/${found.rate.den}`, rateText: rationalToDecimalString(found.rate, 6),
        rows: found.rows, amounts, residue, residueLine,
      },
    };
  });
  return { ...journal, documents, issues };
}

/**
 * An ERP that posts the journal in its own currency and books the local amounts at its rate for the
 * posting date: nothing is converted here, but a document whose currency and date the ERP was asked for
 * and holds no rate on gets a blocking 'no-exchange-rate' issue, before approval rather than at posting.
 */
function withUnavailableRates(journal: SettlementJournal, ledger: LedgerRates, local: string): SettlementJournal {
  const issues: JournalIssue[] = [...journal.issues];
  for (const d of journal.documents) {
    const date = d.postingDate.slice(0, 10);
    const currency = d.currency.toUpperCase();
    if (currency === local || !ledger.unavailable?.some((u) => u.currency.toUpperCase() === currency && u.date === date)) continue;
    if (!issues.some((i) => i.kind === 'no-exchange-rate' && i.currency === d.currency && i.date === date)) {
      issues.push({ kind: 'no-exchange-rate', currency: d.currency, localCurrency: local, date, postsIn: 'document-currency' });
    }
  }
  return issues.length === journal.issues.length ? journal : { ...journal, issues };
}

function residueLineOf(d: JournalDocument, amounts: number[]): number {
  const deposit = d.lines.findIndex((l) => l.role === 'deposit');
  if (deposit >= 0) return deposit;
  const carried = d.lines.findIndex((l) => l.role === 'carried-forward');
  if (carried >= 0) return carried;
  let largest = -1;
  amounts.forEach((a, i) => {
    if (largest < 0 || Math.abs(a) > Math.abs(amounts[largest]!)) largest = i;
  });
  return largest;
}

/** "EUR→GBP 0.86 (Business Central rate of 2026-06-01)" style words for a conversion's rate. */
export function conversionRateText(from: string, c: JournalConversion): string {
  const first = c.rows[0];
  return `1 ${from} = ${c.rateText} ${c.currency}${first ? `, rate starting ${first.startingDate}` : ''}`;
}

/**
 * The ERP posts only in its local currency and has no rate to convert with, in the words a person acts
 * on: which currency, which date, and what to add in the ERP.
 */
export function noRateText(i: Extract<JournalIssue, { kind: 'no-exchange-rate' }>, erpName = 'the ERP'): string {
  if (i.postsIn === 'document-currency') {
    return `No exchange rate for ${i.currency} on ${i.date} in ${erpName}: it books the ${i.localCurrency} amounts of this ${i.currency} settlement at its own rate for the posting date, and holds none for that day. Enter the ${i.currency} rate for ${i.date} in the ERP (in SAP Business One: Administration, Exchange Rates and Indexes), then refresh the ERP data under Mappings`;
  }
  return `No exchange rate from ${i.currency} to ${i.localCurrency} on or before ${i.date} in ${erpName}: its journals post only in ${i.localCurrency}, so this ${i.currency} settlement cannot be converted. Add an exchange rate for ${i.currency} with a starting date on or before ${i.date} in the ERP (in Business Central: Currencies, ${i.currency}, Exch. Rates), then refresh the ERP data under Mappings`;
}
