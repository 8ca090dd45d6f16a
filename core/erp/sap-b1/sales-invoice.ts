import { currencyExponent } from '../../money';
import type { SalesInvoiceDocument, SalesInvoiceLine } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';

type Row = Record<string, unknown>;

/**
 * NumAtCard and ItemDescription sizes: B1's usual column sizes (OINV.NumAtCard 100, INV1.Dscription 100),
 * UNVERIFIED: the metadata carries no MaxLength for them.
 */
export const NUM_AT_CARD_LENGTH = 100;
const DESCRIPTION_LENGTH = 100;

/** What the duplicate check reads of an invoice. */
export const INVOICE_KEY_FIELDS = ['DocEntry', 'DocNum', 'NumAtCard', 'CardCode'];

/**
 * The Invoices body (edmx EntitySet Invoices, EntityType Document, ComplexType DocumentLine; NOTES §3.3):
 * NumAtCard, the customer's reference, carries the Amazon order id, which is what the duplicate check
 * looks for (NOTES §3.6). DocCurrency is always sent, so a partner kept in all currencies (##) is not left
 * to default to the local one. Item lines at Amazon's unit price (a promotion at a negative one, UNVERIFIED
 * that B1 takes it); a charge mapped to a freight code goes in DocumentAdditionalExpenses (ExpenseCode,
 * Edm.Int32, and LineTotal: edmx ComplexType DocumentAdditionalExpense). An item document has no G/L
 * account line, so a charge mapped to an account is refused. Tax: the line's TaxCode (the mapped code;
 * VatGroup is the field of VAT localisations, UNVERIFIED which a company reads) and Amazon's amount as
 * TaxTotal on a line (DocumentLine.TaxTotal, Edm.Double) and TaxSum on an expense; whether B1 keeps a sent amount rather than recalculating it
 * from the code is UNVERIFIED).
 */
export function invoiceBody(doc: SalesInvoiceDocument): Row {
  const key = doc.externalDocumentNumber;
  const refuse = refuser(`Order ${key}`, key);
  if (!key || key.length > NUM_AT_CARD_LENGTH) throw refuse(`the order id must be 1 to ${NUM_AT_CARD_LENGTH} characters to go in NumAtCard`);
  const { lines, expenses } = marketingLines(doc.lines, doc.currency, 'invoice', refuse);
  return {
    CardCode: doc.customerNumber,
    NumAtCard: key,
    DocDate: doc.invoiceDate,
    DocDueDate: doc.invoiceDate,
    TaxDate: doc.invoiceDate,
    DocCurrency: doc.currency.toUpperCase(),
    Comments: `Amazon order ${key}`,
    DocumentLines: lines,
    ...(expenses.length ? { DocumentAdditionalExpenses: expenses } : {}),
  };
}

export type Refuse = (what: string, line?: number) => ErpError;

/** A refusal of one document before anything is sent, naming it and the line. */
export function refuser(subject: string, key: string): Refuse {
  return (what, line) => new ErpError(`${subject}${line ? `, line ${line}` : ''}: ${what}. Nothing was sent to SAP Business One.`, {
    system: 'sap-b1', kind: 'validation', document: key, ...(line ? { line } : {}), retryable: false,
  });
}

/**
 * The lines of a marketing document (an invoice, a credit note: both EntityType Document) in the wire
 * shape, each item line and additional expense with the index of the line it came from. Tax on an item line
 * is DocumentLine.TaxTotal; on an additional expense it is TaxSum (edmx ComplexType
 * DocumentAdditionalExpense has no TaxTotal).
 */
export function marketingLines(source: readonly SalesInvoiceLine[], currency: string, what: 'invoice' | 'credit note', refuse: Refuse): { lines: Row[]; expenses: Row[]; lineOf: Map<Row, SalesInvoiceLine> } {
  if (source.length === 0) throw refuse(`the ${what} has no lines`);
  const exponent = currencyExponent(currency);
  const lines: Row[] = [];
  const expenses: Row[] = [];
  const lineOf = new Map<Row, SalesInvoiceLine>();
  source.forEach((l, i) => {
    if (!(l.quantity > 0)) throw refuse(`quantity ${l.quantity} must be above zero`, i + 1);
    const type = l.lineType ?? 'item';
    if (type === 'account') throw refuse(`${l.description ?? 'a charge'} is mapped to account ${l.itemNumber}, and an item ${what} in SAP Business One has no account line; map it to an item or a freight code under Mappings, Order charges`, i + 1);
    if (type === 'freight') {
      const code = Number(l.itemNumber);
      if (!Number.isInteger(code) || code <= 0) throw refuse(`${l.description ?? 'a charge'} is mapped to freight code "${l.itemNumber}", and B1's freight codes (ExpenseCode) are whole numbers`, i + 1);
      const row: Row = {
        ExpenseCode: code, LineTotal: minorToWireNumber(l.quantity * l.unitPrice, exponent), ...(l.description ? { Remarks: l.description.slice(0, DESCRIPTION_LENGTH) } : {}),
        ...(l.tax ? { TaxCode: l.tax.code, TaxSum: minorToWireNumber(l.tax.amount, exponent) } : {}),
      };
      expenses.push(row);
      lineOf.set(row, l);
      return;
    }
    const row: Row = {
      ItemCode: l.itemNumber,
      Quantity: l.quantity,
      UnitPrice: minorToWireNumber(l.unitPrice, exponent),
      ...(l.description ? { ItemDescription: l.description.slice(0, DESCRIPTION_LENGTH) } : {}),
      ...(l.tax ? { TaxCode: l.tax.code, TaxTotal: minorToWireNumber(l.tax.amount, exponent) } : {}),
    };
    lines.push(row);
    lineOf.set(row, l);
  });
  if (lines.length === 0) throw refuse(`the ${what} has freight but no item line, and B1 needs at least one`);
  return { lines, expenses, lineOf };
}

/**
 * The one invoice of an order, from the invoices whose NumAtCard is its id: none, or exactly one for the
 * same customer, identified by its DocNum (what an accountant searches for). NumAtCard is a free field a
 * person can also type, and B1 does not refuse a repeat (NOTES §3.6, UNVERIFIED either way), so two
 * invoices, or one for another customer, are a conflict a person settles: creating another would book the
 * order's revenue twice.
 */
export function invoiceOfOrder(orderId: string, customer: string | null, rows: readonly Row[]): string | null {
  if (rows.length === 0) return null;
  const only = rows[0]!;
  if (rows.length === 1 && (customer === null || only.CardCode === customer)) return String(only.DocNum);
  const listed = rows.map((r) => `DocNum ${String(r.DocNum)} (customer ${String(r.CardCode)})`).join(', ');
  throw new ErpError(
    `SAP Business One already holds ${rows.length === 1 ? 'an A/R invoice' : `${rows.length} A/R invoices`} with customer reference (NumAtCard) ${orderId}: ${listed}`
      + `${customer ? `, where one for customer ${customer} was expected` : ''}. Nothing was created; cancel the wrong invoice in B1 or correct its customer reference, then post again.`,
    { system: 'sap-b1', kind: 'conflict', document: orderId, retryable: false },
  );
}
