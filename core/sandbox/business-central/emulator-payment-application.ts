import { BcFailure } from './emulator-failure';
import type { EntitySet } from './emulator-schema';

type Row = Record<string, unknown>;

/** What the rules need of the emulator's company tables. */
export interface ApplicationHost {
  table(set: EntitySet): Map<string, Row>;
  modify(set: EntitySet, row: Row, patch: Row): void;
  remove(set: EntitySet, row: Row): void;
  iso(): string;
  /** Books one G/L entry of a journal line (positive cents: debit). */
  ledger(line: Row, accountId: string, amountCents: number, at: string): void;
}

const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
// An invoice posted from a sales order (emulator-sales-orders.ts) has no remainingAmount of its own yet: all of it is open.
const remainingOf = (invoice: Row) => (invoice.remainingAmount === undefined ? cents(invoice.totalAmountIncludingTax) : cents(invoice.remainingAmount));

/**
 * What is left to pay on posted sales invoices (salesInvoices.remainingAmount, NOTES §1 field list): the
 * invoice's total when posted, less a credit memo posted against it (salesCreditMemos.invoiceId applies
 * the memo to the invoice) and less payments applied to it when a person posts a customer payment
 * journal. Nothing at all reaches the customer ledger through the API: customerPaymentJournals has no
 * post action (ALAPP CustPaymJournals page, no bound actions), so `postJournal` is what a person does in
 * BC's own Cash Receipt Journal page.
 */
export function createPaymentApplication(h: ApplicationHost) {
  const invoiceByNumber = (number: unknown) => [...h.table('salesInvoices').values()].find((i) => i.number === number && i.status !== 'Draft');
  const setRemaining = (invoice: Row, remainingCents: number) =>
    h.modify('salesInvoices', invoice, { remainingAmount: remainingCents / 100, status: remainingCents <= 0 ? 'Paid' : 'Open', lastModifiedDateTime: h.iso() });

  return {
    invoicePosted(invoice: Row): void {
      h.modify('salesInvoices', invoice, { remainingAmount: invoice.totalAmountIncludingTax ?? 0 });
    },
    creditMemoPosted(memo: Row): void {
      const invoice = invoiceByNumber(memo.invoiceNumber);
      if (invoice) setRemaining(invoice, Math.max(0, remainingOf(invoice) - cents(memo.totalAmountIncludingTax)));
    },
    /**
     * A payment line may name only an open posted invoice of its customer (APIV2 CustomerPayments
     * appliesToInvoiceNumber looks the customer's open ledger entry up; the wording here is UNVERIFIED).
     */
    checkAppliesTo(row: Row): void {
      const number = row.appliesToInvoiceNumber;
      if (number === undefined || number === '') return;
      const invoice = invoiceByNumber(number);
      if (!invoice) throw new BcFailure(400, 'Application_DialogException', `The "appliesToInvoiceNumber" ${String(number)} does not match to an open posted Sales Invoice.`);
      if (invoice.customerId !== row.customerId) throw new BcFailure(400, 'Application_DialogException', `Sales Invoice ${String(number)} belongs to customer ${String(invoice.customerNumber)}, not ${String(row.customerNumber)}.`);
      if (invoice.status === 'Paid' || remainingOf(invoice) <= 0) throw new BcFailure(400, 'Application_DialogException', `Sales Invoice ${String(number)} is already closed.`);
    },
    /**
     * A person posts the journal in BC: each line's amount (negative: received) is applied to its invoice,
     * at most what is open; the rest stays on the customer as an unapplied payment. The lines are gone
     * afterwards, the batch stays, as in BC.
     */
    postJournal(code: string): { applied: number; unapplied: number } {
      const journal = [...h.table('customerPaymentJournals').values()].find((j) => j.code === code);
      if (!journal) throw new Error(`No customer payment journal ${code}.`);
      const lines = [...h.table('customerPayments').values()].filter((l) => l.journalId === journal.id);
      let applied = 0;
      let unapplied = 0;
      const at = h.iso();
      for (const line of lines) {
        const paid = -cents(line.amount);
        // The money received lands on the journal's balancing account; the customer side goes to the
        // customer ledger (its receivables account), which the API does not show and is not emulated.
        if (journal.balancingAccountId) h.ledger(line, String(journal.balancingAccountId), paid, at);
        const invoice = line.appliesToInvoiceNumber ? invoiceByNumber(line.appliesToInvoiceNumber) : undefined;
        const take = invoice ? Math.min(paid, remainingOf(invoice)) : 0;
        if (invoice && take > 0) setRemaining(invoice, remainingOf(invoice) - take);
        applied += take;
        unapplied += paid - take;
        h.remove('customerPayments', line);
      }
      return { applied, unapplied };
    },
  };
}
