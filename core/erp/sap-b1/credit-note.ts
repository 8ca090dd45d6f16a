import type { SalesCreditNoteDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { marketingLines, NUM_AT_CARD_LENGTH, refuser } from './sales-invoice';

type Row = Record<string, unknown>;

/** What the duplicate check reads of a credit note. */
export const CREDIT_NOTE_KEY_FIELDS = ['DocEntry', 'DocNum', 'NumAtCard', 'CardCode'];
/** What linking a credit note to its invoice reads of the invoice. */
export const BASE_INVOICE_FIELDS = ['DocEntry', 'DocNum', 'CardCode', 'DocCurrency', 'Cancelled', 'DocumentLines', 'DocumentAdditionalExpenses'];

/** BoObjectTypes oInvoices (edmx EnumType BoObjectTypes: oInvoices = 13): the base type of a line copied from an A/R invoice. */
export const INVOICE_OBJECT_TYPE = 13;

/**
 * The CreditNotes body (edmx EntitySet CreditNotes, EntityType Document, as Invoices): NumAtCard carries
 * "order id/refund id", what the duplicate check looks for, as an invoice's carries its order id (NOTES
 * §3.6). Each goods line is copied from its invoice line: BaseType 13 (oInvoices), BaseEntry the invoice's
 * DocEntry, BaseLine its LineNum (ComplexType DocumentLine has all three, Edm.Int32), so B1 credits that
 * invoice rather than leaving the note open on the customer. A line whose invoice line has no open quantity
 * left (an earlier refund of the same unit, as RemainingOpenQuantity says) goes unlinked, and the payout
 * applies it instead. Shipping, gift wrap and promotions credit the invoice's additional expense of the
 * same freight code (DocumentAdditionalExpense BaseDocType, BaseDocEntry, BaseDocLine). Whether B1 takes
 * a copied line's ItemCode and UnitPrice as sent, a partial refund's lower price, is UNVERIFIED.
 */
export function creditNoteBody(doc: SalesCreditNoteDocument, invoice: Row | null): Row {
  const key = doc.externalDocumentNumber;
  const refuse = refuser(`Credit note ${key}`, key);
  if (!key || key.length > NUM_AT_CARD_LENGTH) throw refuse(`the refund's key must be 1 to ${NUM_AT_CARD_LENGTH} characters to go in NumAtCard`);
  if (!invoice) throw refuse(`SAP Business One holds no A/R invoice ${doc.invoiceNumber} to credit`);
  if (invoice.Cancelled === 'tYES') throw refuse(`A/R invoice ${doc.invoiceNumber} is cancelled in SAP Business One`);
  if (invoice.CardCode !== doc.customerNumber) throw refuse(`A/R invoice ${doc.invoiceNumber} belongs to customer ${String(invoice.CardCode)}, not ${doc.customerNumber}`);
  if (invoice.DocCurrency !== doc.currency.toUpperCase()) throw refuse(`A/R invoice ${doc.invoiceNumber} is in ${String(invoice.DocCurrency)}, the refund in ${doc.currency}`);
  const { lines, expenses } = marketingLines(doc.lines, doc.currency, 'credit note', refuse);
  const docEntry = Number(invoice.DocEntry);

  const invoiceLines = Array.isArray(invoice.DocumentLines) ? (invoice.DocumentLines as Row[]) : [];
  const taken = new Map<number, number>();
  for (const line of lines) {
    const base = invoiceLines.find((b) => b.ItemCode === line.ItemCode && openQuantity(b) - (taken.get(Number(b.LineNum)) ?? 0) >= Number(line.Quantity));
    if (!base) continue;
    taken.set(Number(base.LineNum), (taken.get(Number(base.LineNum)) ?? 0) + Number(line.Quantity));
    Object.assign(line, { BaseType: INVOICE_OBJECT_TYPE, BaseEntry: docEntry, BaseLine: Number(base.LineNum) });
  }
  const invoiceExpenses = Array.isArray(invoice.DocumentAdditionalExpenses) ? (invoice.DocumentAdditionalExpenses as Row[]) : [];
  const used = new Set<number>();
  for (const expense of expenses) {
    const base = invoiceExpenses.find((b) => b.ExpenseCode === expense.ExpenseCode && !used.has(Number(b.LineNum)));
    if (!base) continue;
    used.add(Number(base.LineNum));
    Object.assign(expense, { BaseDocType: INVOICE_OBJECT_TYPE, BaseDocEntry: docEntry, BaseDocLine: Number(base.LineNum) });
  }
  return {
    CardCode: doc.customerNumber,
    NumAtCard: key,
    DocDate: doc.creditNoteDate,
    DocDueDate: doc.creditNoteDate,
    TaxDate: doc.creditNoteDate,
    DocCurrency: doc.currency.toUpperCase(),
    Comments: `Amazon refund ${key}, crediting A/R invoice ${doc.invoiceNumber}`,
    DocumentLines: lines,
    ...(expenses.length ? { DocumentAdditionalExpenses: expenses } : {}),
  };
}

/** A line's quantity not yet copied to a credit note (DocumentLine.RemainingOpenQuantity; the full quantity where B1 leaves it out). */
function openQuantity(line: Row): number {
  const open = line.RemainingOpenQuantity;
  return typeof open === 'number' ? open : Number(line.Quantity ?? 0);
}

/**
 * The one credit note of a refund, from those whose NumAtCard is its key: none, or exactly one for the
 * same customer, known by its DocNum. Two, or one for another customer, are a conflict a person settles:
 * another note would give the refund back twice.
 */
export function creditNoteOfRefund(key: string, customer: string | null, rows: readonly Row[], what = 'A/R credit note'): string | null {
  if (rows.length === 0) return null;
  const only = rows[0]!;
  if (rows.length === 1 && (customer === null || only.CardCode === customer)) return String(only.DocNum);
  const listed = rows.map((r) => `DocNum ${String(r.DocNum)} (customer ${String(r.CardCode)})`).join(', ');
  throw new ErpError(
    `SAP Business One already holds ${rows.length === 1 ? `one ${what}` : `${rows.length} ${what}s`} with customer reference (NumAtCard) ${key}: ${listed}`
      + `${customer ? `, where one for customer ${customer} was expected` : ''}. Nothing was created; cancel the wrong document in B1 or correct its customer reference, then post again.`,
    { system: 'sap-b1', kind: 'conflict', document: key, retryable: false },
  );
}
