import { businessError } from './emulator-errors';
import type { SettledAmounts, StoredCreditNote } from './emulator-credit-note';
import type { StoredInvoice } from './emulator-invoice';
import type { SapB1Seed } from './emulator-seed';

type Row = Record<string, unknown>;

/** An incoming payment as stored and answered (edmx EntitySet IncomingPayments of EntityType Payment, lines ComplexType PaymentInvoice). */
export interface StoredPayment {
  DocEntry: number;
  DocNum: number;
  DocType: 'rCustomer';
  DocDate: string;
  CardCode: string;
  CardName: string;
  DocCurrency: string;
  TransferAccount: string;
  TransferSum: number;
  TransferDate: string;
  Remarks: string | null;
  JournalRemarks: string | null;
  Cancelled: 'tNO' | 'tYES';
  PaymentInvoices: Row[];
}

/** ORCT.Comments 254, ORCT.JrnlMemo 50: B1's usual column sizes, UNVERIFIED (the metadata carries no MaxLength). */
const MAX_LENGTHS: Record<string, number> = { Remarks: 254, JournalRemarks: 50 };
const CENT = 0.005;

/**
 * POST IncomingPayments: a bank transfer from a customer (TransferAccount, TransferSum) applied to its
 * open A/R invoices (PaymentInvoices: DocEntry, InvoiceType it_Invoice, SumApplied in the local currency
 * or AppliedFC in the invoice's). An invoice paid in full closes (DocumentStatus bost_Close); one paid in
 * part stays open with PaidToDate raised. Applying to a closed or cancelled invoice, to another customer's,
 * more than an invoice's balance, or more than the payment's sum is refused; a sum above what is applied
 * stays on the customer's account. The wording of these refusals is UNVERIFIED (B1's generic -5002,
 * NOTES §3.2). An open A/R credit note is applied as InvoiceType it_CredItnote with a negative amount, which
 * lowers what the payment must cover (how B1 signs it is UNVERIFIED); a closed one is refused as an invoice is.
 */
export function postIncomingPayment(body: Row, seed: SapB1Seed, invoices: StoredInvoice[], creditNotes: readonly StoredCreditNote[], payments: StoredPayment[], settled: SettledAmounts): StoredPayment {
  const date = typeof body.DocDate === 'string' && /^\d{4}-\d{2}-\d{2}/.test(body.DocDate) ? body.DocDate.slice(0, 10) : null;
  if (!date) throw businessError('Enter a posting date (DocDate).');
  for (const [field, max] of Object.entries(MAX_LENGTHS)) {
    const v = body[field];
    if (typeof v === 'string' && v.length > max) throw businessError(`Value too long in property '${field}' of 'Payment' (${v.length} > ${max}).`);
  }
  const cardCode = String(body.CardCode ?? '');
  const bp = seed.businessPartners.find((b) => b.CardCode === cardCode);
  if (!bp) throw businessError(`Invalid BP code '${cardCode}'.`);
  if (bp.CardType !== 'cCustomer') throw businessError(`Business partner '${cardCode}' is not a customer; an incoming payment needs a customer.`);
  const currency = typeof body.DocCurrency === 'string' && body.DocCurrency ? body.DocCurrency : seed.localCurrency;
  if (!seed.currencies.includes(currency)) throw businessError(`Currency '${currency}' is not defined.`);
  const account = String(body.TransferAccount ?? '');
  const gl = seed.accounts.find((a) => a.Code === account);
  if (!gl) throw businessError(`Invalid account code '${account}' (TransferAccount).`);
  if (gl.ActiveAccount !== 'tYES') throw businessError(`Account '${account}' is a title account; select an active account (TransferAccount).`);
  const transferSum = num(body.TransferSum);
  if (!(transferSum > 0)) throw businessError('Enter a transfer amount above zero (TransferSum).');
  const lines = Array.isArray(body.PaymentInvoices) ? (body.PaymentInvoices as Row[]) : [];
  const local = currency === seed.localCurrency;
  let applied = 0;
  const effects: Array<{ document: StoredInvoice; type: 'it_Invoice' | 'it_CredItnote'; amount: number }> = [];
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    const type = line.InvoiceType ?? 'it_Invoice';
    const note = type === 'it_CredItnote' || type === 14;
    if (!note && type !== 'it_Invoice' && type !== 13) throw businessError(`Document type ${String(type)} cannot be paid here (${where}).`);
    const what = note ? 'Credit note' : 'Invoice';
    const document = (note ? creditNotes : invoices).find((x) => x.DocEntry === line.DocEntry);
    if (!document) throw businessError(`Invalid document number ${String(line.DocEntry)} (${where}).`);
    if (document.CardCode !== cardCode) throw businessError(`${what} ${document.DocNum} belongs to business partner '${document.CardCode}', not '${cardCode}' (${where}).`);
    if (document.Cancelled === 'tYES' || document.DocumentStatus === 'bost_Close') throw businessError(`${what} ${document.DocNum} is already closed (${where}).`);
    if (document.DocCurrency !== currency) throw businessError(`${what} ${document.DocNum} is in ${document.DocCurrency}, the payment in ${currency} (${where}).`);
    const amount = num(local ? line.SumApplied : line.AppliedFC);
    if (note ? !(amount < 0) : !(amount > 0)) throw businessError(`Enter ${note ? 'a negative amount' : 'an amount above zero'} to apply to ${what.toLowerCase()} ${document.DocNum} (${where}).`);
    const balance = docTotal(document, local) - ((note ? settled.creditNotes : settled.invoices).get(document.DocEntry) ?? 0);
    if (Math.abs(amount) > balance + CENT) throw businessError(`The amount applied to ${what.toLowerCase()} ${document.DocNum} (${Math.abs(amount).toFixed(2)}) exceeds its balance due (${balance.toFixed(2)}) (${where}).`);
    applied += amount;
    effects.push({ document, type: note ? 'it_CredItnote' : 'it_Invoice', amount });
  });
  if (applied > transferSum + CENT) throw businessError(`The payment amount (${transferSum.toFixed(2)}) is less than the total applied to invoices (${applied.toFixed(2)}).`);
  for (const { document, type, amount } of effects) {
    const map = type === 'it_CredItnote' ? settled.creditNotes : settled.invoices;
    const paid = round2((map.get(document.DocEntry) ?? 0) + Math.abs(amount));
    map.set(document.DocEntry, paid);
    document.PaidToDate = local ? paid : round2(paid * document.DocRate);
    if (paid >= docTotal(document, local) - CENT) document.DocumentStatus = 'bost_Close';
  }
  const docEntry = (payments.at(-1)?.DocEntry ?? 0) + 1;
  const payment: StoredPayment = {
    DocEntry: docEntry, DocNum: 60_000 + docEntry, DocType: 'rCustomer', DocDate: date, CardCode: cardCode, CardName: bp.CardName, DocCurrency: currency,
    TransferAccount: account, TransferSum: transferSum, TransferDate: typeof body.TransferDate === 'string' ? body.TransferDate.slice(0, 10) : date,
    Remarks: typeof body.Remarks === 'string' ? body.Remarks : null, JournalRemarks: typeof body.JournalRemarks === 'string' ? body.JournalRemarks : null, Cancelled: 'tNO',
    PaymentInvoices: effects.map(({ document, type, amount }, i) => ({ LineNum: i, DocEntry: document.DocEntry, DocNum: document.DocNum, InvoiceType: type, SumApplied: local ? amount : round2(amount * document.DocRate), AppliedFC: local ? 0 : amount })),
  };
  payments.push(payment);
  return payment;
}

function docTotal(invoice: StoredInvoice, local: boolean): number {
  return local ? invoice.DocTotal : invoice.DocTotalFc;
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
