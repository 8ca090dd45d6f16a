import type { EntitySet } from './emulator-schema';

type Row = Record<string, unknown>;
type Result = { status: number; body: unknown; headers?: Record<string, string> };

export interface PaymentJournalBook {
  createHeader(input: Row): Result;
  createLine(input: Row): Result;
  /** What a person does in F&O: posts the journal, settling each marked invoice by its line's amount. */
  post(journalBatchNumber: string): void;
  /** What is left open on a posted free-text invoice (a credit note's is negative until it is settled). */
  openAmount(freeTextNumber: string): number;
}

/**
 * Customer payment journals (BALFO receivable spec: CustomerPaymentJournalHeaders with JournalName and
 * Description; CustomerPaymentJournalLines with AccountType Cust, OffsetAccountType, Debit/CreditAmount and
 * MarkedInvoice). Like every F&O journal they are created through OData and posted by a person (NOTES
 * §2.3). That posting a line with MarkedInvoice settles that invoice by the line's amount, and the wording
 * of every refusal, are UNVERIFIED: the spec gives the fields, not the rules. A marked invoice must be a
 * posted free-text invoice of the line's customer (its InvoiceId), and a line may not settle more than is
 * open on it; the person posting would be stopped by F&O, so the emulator refuses the post as a whole.
 */
export function paymentJournalBook(o: {
  table: (set: EntitySet) => Row[];
  legalEntity: string;
  customers: readonly string[];
  nextBatchNumber: (area: string) => string;
  checkAccount: (display: string) => string | null;
  writeFailure: (table: string, infolog: string) => Result;
}): PaymentJournalBook {
  const headers = () => o.table('CustomerPaymentJournalHeaders');
  const lines = () => o.table('CustomerPaymentJournalLines');
  const settled = new Map<string, number>();
  const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);

  function createHeader(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => o.writeFailure('CustomerPaymentJournalHeaderEntity', why);
    if (area !== o.legalEntity) return fail(`Error: Company '${area}' does not exist.`);
    if (input.JournalBatchNumber !== undefined) return fail('Error: Journal batch number is assigned by the number sequence.');
    const name = o.table('JournalNames').find((j) => j.dataAreaId === area && String(j.Name).toLowerCase() === String(input.JournalName ?? '').toLowerCase());
    if (!name) return fail(`Error: Journal name '${String(input.JournalName ?? '')}' does not exist.`);
    const row: Row = { dataAreaId: area, JournalBatchNumber: o.nextBatchNumber(area), JournalName: name.Name, Description: String(input.Description ?? ''), IsPosted: 'No' };
    headers().push(row);
    return { status: 201, body: row };
  }

  function createLine(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => o.writeFailure('CustomerPaymentJournalLineEntity', why);
    const header = headers().find((h) => h.dataAreaId === area && h.JournalBatchNumber === input.JournalBatchNumber);
    if (!header) return fail(`Error: Journal batch number ${String(input.JournalBatchNumber ?? '')} does not exist.`);
    if (header.IsPosted === 'Yes') return fail(`Error: Journal ${String(header.JournalBatchNumber)} is posted and cannot be changed.`);
    const lineNumber = Number(input.LineNumber);
    if (!Number.isFinite(lineNumber) || lineNumber <= 0) return fail('Error: Line number must be given.');
    if (lines().some((l) => l.dataAreaId === area && l.JournalBatchNumber === header.JournalBatchNumber && l.LineNumber === lineNumber)) {
      return fail(`Error: Cannot create a record in Journal lines (LedgerJournalTrans). Line number: ${lineNumber}. The record already exists.`);
    }
    if (input.AccountType !== 'Cust') return fail('Error: A customer payment journal line is for a customer account (AccountType Cust).');
    if (!o.customers.includes(String(input.AccountDisplayValue ?? ''))) return fail(`Error: Customer account ${String(input.AccountDisplayValue ?? '')} does not exist.`);
    if ((input.OffsetAccountType ?? 'Ledger') !== 'Ledger') return fail('Error: The emulator takes a ledger offset account only.');
    const offsetError = o.checkAccount(String(input.OffsetAccountDisplayValue ?? ''));
    if (offsetError) return fail(`Error: ${offsetError}`);
    if (!input.CurrencyCode) return fail("Error: Field 'Currency' must be filled in.");
    const debit = Number(input.DebitAmount ?? 0);
    const credit = Number(input.CreditAmount ?? 0);
    if ((debit !== 0) === (credit !== 0) || debit < 0 || credit < 0) return fail('Error: Enter either a debit or a credit amount.');
    const row: Row = {
      dataAreaId: area, JournalBatchNumber: header.JournalBatchNumber, LineNumber: lineNumber, TransactionDate: input.TransactionDate ?? null,
      AccountType: 'Cust', AccountDisplayValue: input.AccountDisplayValue, OffsetAccountType: 'Ledger', OffsetAccountDisplayValue: input.OffsetAccountDisplayValue,
      DebitAmount: debit, CreditAmount: credit, CurrencyCode: input.CurrencyCode, MarkedInvoice: String(input.MarkedInvoice ?? ''),
      MarkedInvoiceCompany: String(input.MarkedInvoiceCompany ?? area), PaymentReference: String(input.PaymentReference ?? ''), TransactionText: String(input.TransactionText ?? ''),
      Voucher: `ARPM${String(header.JournalBatchNumber).slice(-6)}`,
    };
    lines().push(row);
    return { status: 201, body: row };
  }

  /** The invoice's total as its lines carry it, less what posted payment journals settled of it. */
  function openOf(invoice: Row): number {
    const total = o.table('FreeTextInvoiceLines').filter((l) => l.ParentRecId === invoice.RecId).reduce((s, l) => s + cents(l.TransactionCurrencyAmount), 0);
    return total - (settled.get(String(invoice.InvoiceId)) ?? 0);
  }

  function post(number: string): void {
    const header = headers().find((h) => h.JournalBatchNumber === number);
    if (!header) throw new Error(`No customer payment journal ${number} in the emulator.`);
    if (header.IsPosted === 'Yes') throw new Error(`Customer payment journal ${number} is posted already.`);
    const own = lines().filter((l) => l.JournalBatchNumber === number);
    if (!own.length) throw new Error(`Customer payment journal ${number} has no lines.`);
    const effects = own.map((l) => {
      const invoice = o.table('FreeTextInvoiceHeaders').find((h) => h.IsPosted === 'Yes' && h.InvoiceId === l.MarkedInvoice && h.CustomerAccount === l.AccountDisplayValue);
      if (!invoice) throw new Error(`Line ${String(l.LineNumber)}: invoice ${String(l.MarkedInvoice)} is not an open invoice of customer ${String(l.AccountDisplayValue)}.`);
      // A credit pays the invoice; a debit settles a credit note (whose open amount is negative).
      const amount = cents(l.CreditAmount) - cents(l.DebitAmount);
      const open = openOf(invoice);
      if (open === 0 || Math.abs(amount) > Math.abs(open) || Math.sign(amount) !== Math.sign(open)) {
        throw new Error(`Line ${String(l.LineNumber)}: settles ${amount / 100} of invoice ${String(l.MarkedInvoice)}, which has ${open / 100} open.`);
      }
      return { invoiceId: String(invoice.InvoiceId), amount };
    });
    for (const e of effects) settled.set(e.invoiceId, (settled.get(e.invoiceId) ?? 0) + e.amount);
    header.IsPosted = 'Yes';
  }

  function openAmount(freeTextNumber: string): number {
    const invoice = o.table('FreeTextInvoiceHeaders').find((h) => h.FreeTextNumber === freeTextNumber);
    if (!invoice) throw new Error(`No free-text invoice ${freeTextNumber} in the emulator.`);
    return openOf(invoice);
  }

  return { createHeader, createLine, post, openAmount };
}
