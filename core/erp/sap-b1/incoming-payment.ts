import { currencyExponent, type Exponent } from '../../money';
import { payoutTotal, type SettlementPaymentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { decimalToMinor, minorToWireNumber } from '../wire-decimal';

type Row = Record<string, unknown>;

/** What the payment needs to know of each invoice it applies to. */
export const OPEN_INVOICE_FIELDS = ['DocEntry', 'DocNum', 'CardCode', 'DocCurrency', 'DocTotal', 'DocTotalFc', 'PaidToDate', 'DocRate', 'DocumentStatus', 'Cancelled'];
/** What the duplicate check reads of a payment. */
export const PAYMENT_KEY_FIELDS = ['DocEntry', 'DocNum', 'Remarks', 'Cancelled'];

/**
 * ORCT.Comments (Remarks) holds 254 characters and carries our natural key, what the duplicate check looks
 * for; JournalRemarks (ORCT.JrnlMemo) 50. Both sizes UNVERIFIED: the metadata carries no MaxLength.
 */
const REMARKS_LENGTH = 254;
const JOURNAL_REMARKS_LENGTH = 50;

/**
 * The IncomingPayments body (edmx EntityType Payment, ComplexType PaymentInvoice; NOTES §3.3): a bank
 * transfer from the marketplace customer out of the clearing account (TransferAccount, TransferSum), applied
 * to each invoice by its DocEntry (SumApplied in the local currency, AppliedFC in a foreign one).
 * A refund's credit note copied from its invoice has already taken its amount off that invoice in B1 (its
 * PaidToDate, what the copy reconciled): the payment applies the invoice net of it. What of a note is still
 * open (lines that could not be copied) is applied as the note itself, InvoiceType it_CredItnote (edmx
 * EnumType BoRcptInvTypes) with a negative amount, UNVERIFIED how B1 signs it. Every document is checked
 * against B1's answer first: another customer's, a closed one, or less open than is applied refuses the
 * whole payment before anything is sent, naming each, since B1 would refuse it anyway and a person must
 * settle it there.
 */
export function incomingPaymentBody(doc: SettlementPaymentDocument, invoices: readonly Row[], creditNotes: readonly Row[], localCurrency: string | null): Row {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Payout ${key}: ${what} Nothing was sent to SAP Business One.`, { system: 'sap-b1', kind: 'validation', document: key, retryable: false });
  if (key.length > REMARKS_LENGTH) throw refuse(`the natural key must be at most ${REMARKS_LENGTH} characters to go in Remarks.`);
  const exponent = currencyExponent(doc.currency);
  const local = !localCurrency || localCurrency === doc.currency;
  const amount = (v: number) => minorToWireNumber(v, exponent);
  const problems: string[] = [];
  /** A document's total and what is still open on it, in the payment's currency. */
  const balance = (row: Row) => {
    const total = toMinor(Number(local ? row.DocTotal : row.DocTotalFc), exponent);
    // PaidToDate is in the local currency; a foreign document's paid part is that at its rate, to the cent.
    const paidLocal = Number(row.PaidToDate ?? 0);
    return { total, open: total - toMinor(local ? paidLocal : paidLocal / (Number(row.DocRate) || 1), exponent) };
  };
  const usable = (row: Row | undefined, what: string, number: string): row is Row => {
    if (!row) problems.push(`${what} ${number} does not exist`);
    else if (row.CardCode !== doc.customerNumber) problems.push(`${what} ${number} belongs to customer ${String(row.CardCode)}, not ${doc.customerNumber}`);
    else if (row.Cancelled === 'tYES') problems.push(`${what} ${number} is cancelled`);
    else return true;
    return false;
  };

  const net = new Map<string, number>();
  for (const a of doc.applications) if (a.kind === 'invoice') net.set(a.documentNumber, (net.get(a.documentNumber) ?? 0) + a.amount);
  const lines: Row[] = [];
  for (const a of doc.applications) {
    if (a.kind !== 'creditNote') continue;
    const note = creditNotes.find((r) => String(r.DocNum) === a.documentNumber);
    if (!usable(note, 'credit note', a.documentNumber)) continue;
    const { total, open } = balance(note);
    const copied = Math.min(a.amount, total - open);
    if (copied > 0) {
      if (!a.creditsInvoice || !net.has(a.creditsInvoice)) problems.push(`credit note ${a.documentNumber} credits ${a.creditsInvoice ? `invoice ${a.creditsInvoice}, which this settlement does not pay` : 'no invoice'}; apply it in B1 by hand`);
      else net.set(a.creditsInvoice, net.get(a.creditsInvoice)! - copied);
    }
    const rest = a.amount - copied;
    if (rest <= 0) continue;
    if (note.DocumentStatus === 'bost_Close' || rest > open) problems.push(`credit note ${a.documentNumber} has ${amount(open)} ${doc.currency} open, less than the ${amount(rest)} the settlement takes back for it`);
    else lines.push({ DocEntry: note.DocEntry, InvoiceType: 'it_CredItnote', ...(local ? { SumApplied: -amount(rest) } : { AppliedFC: -amount(rest) }) });
  }
  const invoiceLines: Row[] = [];
  for (const [number, applied] of net) {
    const inv = invoices.find((r) => String(r.DocNum) === number);
    if (!usable(inv, 'invoice', number)) continue;
    const { open } = balance(inv);
    if (applied <= 0) continue;
    if (inv.DocumentStatus === 'bost_Close') problems.push(`invoice ${number} is already closed (paid or reconciled in B1)`);
    else if (applied > open) problems.push(`invoice ${number} has ${amount(open)} ${doc.currency} open, less than the ${amount(applied)} the settlement pays for it`);
    else invoiceLines.push({ DocEntry: inv.DocEntry, InvoiceType: 'it_Invoice', ...(local ? { SumApplied: amount(applied) } : { AppliedFC: amount(applied) }) });
  }
  if (problems.length) throw refuse(`${problems.join('; ')}. Settle these documents in B1, then replay the payout.`);
  return {
    DocType: 'rCustomer',
    CardCode: doc.customerNumber,
    DocDate: doc.postingDate,
    TaxDate: doc.postingDate,
    DocCurrency: doc.currency.toUpperCase(),
    TransferAccount: doc.clearingAccountNumber,
    TransferSum: amount(payoutTotal(doc)),
    TransferDate: doc.postingDate,
    Remarks: key,
    JournalRemarks: doc.description.slice(0, JOURNAL_REMARKS_LENGTH),
    PaymentInvoices: [...invoiceLines, ...lines],
  };
}

/** The one live payment carrying our key, from those whose Remarks is it; two are a conflict a person settles. */
export function paymentOfKey(key: string, rows: readonly Row[]): string | null {
  const live = rows.filter((r) => r.Cancelled !== 'tYES');
  if (live.length === 0) return null;
  if (live.length === 1) return String(live[0]!.DocNum);
  throw new ErpError(`SAP Business One holds ${live.length} incoming payments with remarks ${key}: DocNum ${live.map((r) => String(r.DocNum)).join(', ')}. Nothing was created; cancel the extra payment in B1, then replay.`, {
    system: 'sap-b1', kind: 'conflict', document: key, retryable: false,
  });
}

function toMinor(value: number, exponent: Exponent): number {
  return decimalToMinor(Number.isFinite(value) ? value.toFixed(exponent) : '0', exponent);
}
