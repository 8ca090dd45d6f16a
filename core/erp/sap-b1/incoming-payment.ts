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
 * to each invoice by its DocEntry (SumApplied in the local currency, AppliedFC in a foreign one). Every
 * invoice is checked against B1's answer first: another customer's, a closed one, or less open than is
 * applied refuses the whole payment before anything is sent, naming each invoice, since B1 would refuse
 * it anyway and a person must settle it there.
 */
export function incomingPaymentBody(doc: SettlementPaymentDocument, invoices: readonly Row[], localCurrency: string | null): Row {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Payout ${key}: ${what} Nothing was sent to SAP Business One.`, { system: 'sap-b1', kind: 'validation', document: key, retryable: false });
  if (key.length > REMARKS_LENGTH) throw refuse(`the natural key must be at most ${REMARKS_LENGTH} characters to go in Remarks.`);
  if (doc.applications.some((a) => a.kind !== 'invoice')) throw refuse('SAP Business One credit notes are not posted by this app, so a payout cannot apply one.');
  const exponent = currencyExponent(doc.currency);
  const local = !localCurrency || localCurrency === doc.currency;
  const problems: string[] = [];
  const lines = doc.applications.map((a) => {
    const inv = invoices.find((r) => String(r.DocNum) === a.documentNumber);
    if (!inv) { problems.push(`invoice ${a.documentNumber} does not exist`); return null; }
    if (inv.CardCode !== doc.customerNumber) problems.push(`invoice ${a.documentNumber} belongs to customer ${String(inv.CardCode)}, not ${doc.customerNumber}`);
    else if (inv.Cancelled === 'tYES') problems.push(`invoice ${a.documentNumber} is cancelled`);
    else if (inv.DocumentStatus === 'bost_Close') problems.push(`invoice ${a.documentNumber} is already closed (paid or reconciled in B1)`);
    else {
      const total = toMinor(Number(local ? inv.DocTotal : inv.DocTotalFc), exponent);
      // PaidToDate is in the local currency; a foreign invoice's paid part is that at the invoice's rate, to the cent.
      const paidLocal = Number(inv.PaidToDate ?? 0);
      const paid = toMinor(local ? paidLocal : paidLocal / (Number(inv.DocRate) || 1), exponent);
      if (a.amount > total - paid) problems.push(`invoice ${a.documentNumber} has ${minorToWireNumber(total - paid, exponent)} ${doc.currency} open, less than the ${minorToWireNumber(a.amount, exponent)} the settlement pays for it`);
    }
    const amount = minorToWireNumber(a.amount, exponent);
    return { DocEntry: inv.DocEntry, InvoiceType: 'it_Invoice', ...(local ? { SumApplied: amount } : { AppliedFC: amount }) };
  });
  if (problems.length) throw refuse(`${problems.join('; ')}. Settle these invoices in B1, then replay the payout.`);
  return {
    DocType: 'rCustomer',
    CardCode: doc.customerNumber,
    DocDate: doc.postingDate,
    TaxDate: doc.postingDate,
    DocCurrency: doc.currency.toUpperCase(),
    TransferAccount: doc.clearingAccountNumber,
    TransferSum: minorToWireNumber(payoutTotal(doc), exponent),
    TransferDate: doc.postingDate,
    Remarks: key,
    JournalRemarks: doc.description.slice(0, JOURNAL_REMARKS_LENGTH),
    PaymentInvoices: lines,
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
