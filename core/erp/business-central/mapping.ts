import { createHash } from 'node:crypto';
import type {
  CustomerPaymentDocument, JournalDocument, PurchaseInvoiceDocument, PurchaseOrder, ReferenceRecord, SalesCreditNoteDocument, SalesInvoiceDocument,
} from '../erp-connector';
import { ErpError } from '../erp-error';
import { categoryNature } from './account-nature';
import { currencyExponent } from '../../money';
import { minorToWireNumber } from '../wire-decimal';

/**
 * Our documents -> BC API v2.0 entity bodies, and BC rows -> our types. Field names are the real ones
 * (ALAPP page fields, NOTES §1.3). Field lengths are BC table lengths: Document No. Code[20],
 * External Document No. Code[35], Description Text[100], Gen. Journal Batch Name Code[10].
 */
const SYSTEM = 'business-central';

/**
 * One journal batch per document, named from the natural key: posting a batch posts every line in it
 * (ALAPP APIV2Journals.Page.al PostBatch), so a batch of our own is what makes "post" touch only our lines,
 * and finding it again by name is what lets a restarted run resume instead of creating a second copy.
 */
export function journalBatchCode(externalDocumentNumber: string, prefix = 'AMZ'): string {
  const hash = BigInt('0x' + createHash('sha256').update(externalDocumentNumber, 'utf8').digest('hex').slice(0, 16));
  return (prefix + hash.toString(36).toUpperCase().padStart(7, '0').slice(-7)).slice(0, 10);
}

export interface JournalLineBody {
  lineNumber: number;
  accountType: 'G/L Account';
  accountNumber: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  amount: number;
  description: string;
  dimensionSetLines?: Array<{ code: string; valueCode: string }>;
}

function fail(message: string, document: string, line?: number): never {
  throw new ErpError(message, { system: SYSTEM, kind: 'validation', document, ...(line === undefined ? {} : { line }), retryable: false });
}

function checkKeys(doc: { documentNumber?: string; externalDocumentNumber: string }, key: string): void {
  if (!doc.externalDocumentNumber) fail('The external document number (our natural key) is empty', key);
  if (doc.externalDocumentNumber.length > 35) fail(`External document number "${doc.externalDocumentNumber}" is ${doc.externalDocumentNumber.length} characters; Business Central allows 35`, key);
  if (doc.documentNumber !== undefined && (doc.documentNumber.length === 0 || doc.documentNumber.length > 20)) {
    fail(`Document number "${doc.documentNumber}" must be 1 to 20 characters for Business Central`, key);
  }
}

function text100(s: string): string {
  return s.length <= 100 ? s : `${s.slice(0, 99)}…`;
}

/** Journal lines with signed amounts (debit positive, credit negative, as BC's `amount`). */
export function journalLineBodies(doc: JournalDocument): JournalLineBody[] {
  const key = doc.externalDocumentNumber;
  checkKeys(doc, key);
  if (doc.lines.length === 0) fail('The journal has no lines', key);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doc.postingDate)) fail(`Posting date "${doc.postingDate}" is not YYYY-MM-DD`, key);
  const exponent = currencyExponent(doc.currency);
  let debit = 0;
  let credit = 0;
  const bodies = doc.lines.map((line, i): JournalLineBody => {
    const n = i + 1;
    if (!Number.isSafeInteger(line.debit) || line.debit < 0) fail(`debit ${line.debit} is not a non-negative whole number of minor units`, key, n);
    if (!Number.isSafeInteger(line.credit) || line.credit < 0) fail(`credit ${line.credit} is not a non-negative whole number of minor units`, key, n);
    if (line.debit !== 0 && line.credit !== 0) fail('A line has both a debit and a credit', key, n);
    if (!line.accountNumber) fail('The line has no account number', key, n);
    debit += line.debit;
    credit += line.credit;
    const dims = Object.entries(line.dimensions ?? {});
    return {
      lineNumber: n * 10000,
      accountType: 'G/L Account',
      accountNumber: line.accountNumber,
      postingDate: doc.postingDate,
      documentNumber: doc.documentNumber,
      externalDocumentNumber: doc.externalDocumentNumber,
      amount: minorToWireNumber(line.debit - line.credit, exponent),
      description: text100(line.description),
      ...(dims.length ? { dimensionSetLines: dims.map(([code, valueCode]) => ({ code, valueCode })) } : {}),
    };
  });
  if (debit !== credit) fail(`The journal does not balance: debits ${debit} and credits ${credit} (minor units of ${doc.currency}) differ by ${debit - credit}`, key);
  return bodies;
}

/** The currency code BC wants: blank means the company's local currency. */
function currencyField(currency: string, localCurrency: string | null): Record<string, string> {
  return localCurrency && currency.toUpperCase() === localCurrency.toUpperCase() ? {} : { currencyCode: currency.toUpperCase() };
}

/** Our line types as BC's salesInvoiceLines lineType ("API Type") names them; BC has no freight code line. */
const BC_LINE_TYPE = { item: 'Item', account: 'Account' } as const;

/**
 * Lines as sales invoices and credit memos take them: sequence 10000, 20000, ...; an item or a G/L account
 * (lineType Item / Account, lineObjectNumber its number: APIV2SalesInvoiceLines.Page.al). A promotion is
 * quantity 1 at a negative unit price (whether BC takes a negative price on an item line, rather than a
 * negative quantity, is UNVERIFIED). Tax: the line carries the marketplace's tax code (taxCode, "Tax Code");
 * BC calculates the amount itself from it, and the API has no field to send Amazon's amount
 * (totalTaxAmount is read-only), so whether BC's amount equals Amazon's is UNVERIFIED.
 */
function itemLines(doc: SalesInvoiceDocument | SalesCreditNoteDocument): Array<Record<string, unknown>> {
  const exponent = currencyExponent(doc.currency);
  return doc.lines.map((l, i) => {
    if (!(l.quantity > 0)) fail(`Quantity ${l.quantity} must be positive`, doc.externalDocumentNumber, i + 1);
    const type = l.lineType ?? 'item';
    if (type === 'freight') fail(`${l.description ?? 'The line'} is mapped to freight code ${l.itemNumber}, which Business Central has no line for; map it to an item or a G/L account under Mappings, Order charges`, doc.externalDocumentNumber, i + 1);
    return {
      sequence: (i + 1) * 10000,
      lineType: BC_LINE_TYPE[type],
      lineObjectNumber: l.itemNumber,
      quantity: l.quantity,
      unitPrice: minorToWireNumber(l.unitPrice, exponent),
      ...(l.description ? { description: text100(l.description) } : {}),
      ...(l.tax ? { taxCode: l.tax.code } : {}),
    };
  });
}

export function salesInvoiceBody(doc: SalesInvoiceDocument, localCurrency: string | null): Record<string, unknown> {
  checkKeys(doc, doc.externalDocumentNumber);
  if (doc.lines.length === 0) fail('The invoice has no lines', doc.externalDocumentNumber);
  return {
    externalDocumentNumber: doc.externalDocumentNumber,
    customerNumber: doc.customerNumber,
    invoiceDate: doc.invoiceDate,
    postingDate: doc.invoiceDate,
    ...currencyField(doc.currency, localCurrency),
    salesInvoiceLines: itemLines(doc),
  };
}

/**
 * A refund as a salesCreditMemos body, deep-inserted with its lines and linked to the posted invoice it
 * credits by invoiceNumber (APIV2SalesCreditMemos.Page.al fields, NOTES §1.3). Credit memo lines carry
 * positive quantities and prices: the document is the credit. No v2.0 page of the lines is in the
 * reference: lineObjectNumber is taken from the v2.0 sales invoice lines (UNVERIFIED for credit memo lines;
 * the v1.0 contract's salesCreditMemoLine has the rest).
 */
export function salesCreditMemoBody(doc: SalesCreditNoteDocument, localCurrency: string | null): Record<string, unknown> {
  checkKeys(doc, doc.externalDocumentNumber);
  if (doc.lines.length === 0) fail('The credit memo has no lines', doc.externalDocumentNumber);
  return {
    externalDocumentNumber: doc.externalDocumentNumber,
    customerNumber: doc.customerNumber,
    invoiceNumber: doc.invoiceNumber,
    creditMemoDate: doc.creditNoteDate,
    postingDate: doc.creditNoteDate,
    ...currencyField(doc.currency, localCurrency),
    salesCreditMemoLines: itemLines(doc),
  };
}

export function purchaseInvoiceBody(doc: PurchaseInvoiceDocument, localCurrency: string | null): Record<string, unknown> {
  checkKeys({ externalDocumentNumber: doc.vendorInvoiceNumber }, doc.vendorInvoiceNumber);
  if (doc.lines.length === 0) fail('The invoice has no lines', doc.vendorInvoiceNumber);
  const exponent = currencyExponent(doc.currency);
  return {
    vendorInvoiceNumber: doc.vendorInvoiceNumber,
    vendorNumber: doc.vendorNumber,
    invoiceDate: doc.invoiceDate,
    postingDate: doc.invoiceDate,
    ...currencyField(doc.currency, localCurrency),
    purchaseInvoiceLines: doc.lines.map((l, i) => {
      if (!(l.quantity > 0)) fail(`Quantity ${l.quantity} must be positive`, doc.vendorInvoiceNumber, i + 1);
      return {
        sequence: (i + 1) * 10000,
        lineType: 'Item',
        lineObjectNumber: l.itemNumber,
        quantity: l.quantity,
        unitCost: minorToWireNumber(l.unitCost, exponent),
        ...(l.description ? { description: text100(l.description) } : {}),
      };
    }),
  };
}

/** A payment received reduces the customer's balance: BC's customerPayments amount is negative for that. */
export function customerPaymentBody(doc: CustomerPaymentDocument): Record<string, unknown> {
  checkKeys(doc, doc.externalDocumentNumber);
  if (!Number.isSafeInteger(doc.amount) || doc.amount <= 0) fail(`Payment amount ${doc.amount} must be a positive whole number of minor units`, doc.externalDocumentNumber);
  return {
    customerNumber: doc.customerNumber,
    postingDate: doc.postingDate,
    documentNumber: doc.documentNumber,
    externalDocumentNumber: doc.externalDocumentNumber,
    amount: -minorToWireNumber(doc.amount, currencyExponent(doc.currency)),
    description: text100(doc.description),
    ...(doc.appliesToInvoiceNumber ? { appliesToInvoiceNumber: doc.appliesToInvoiceNumber } : {}),
  };
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function purchaseOrderFromRow(row: Row, localCurrency: string | null): PurchaseOrder {
  const lines = Array.isArray(row.purchaseOrderLines) ? (row.purchaseOrderLines as Row[]) : [];
  return {
    id: str(row.id),
    number: str(row.number),
    vendorNumber: str(row.vendorNumber),
    orderDate: str(row.orderDate),
    currency: str(row.currencyCode) || localCurrency || '',
    status: str(row.status),
    lastModified: str(row.lastModifiedDateTime),
    lines: lines.map((l) => ({
      itemNumber: str(l.lineObjectNumber),
      description: str(l.description),
      quantity: Number(l.quantity ?? 0),
      // Kept as received: unit costs may carry more decimals than the currency.
      directUnitCost: str(l.directUnitCost),
      receivedQuantity: Number(l.receivedQuantity ?? 0),
      invoicedQuantity: Number(l.invoicedQuantity ?? 0),
    })),
  };
}

export function accountRecord(row: Row): ReferenceRecord {
  // A journal line can post to an account only if it is a Posting account, not blocked, with Direct Posting.
  return {
    id: str(row.id), code: str(row.number), name: str(row.displayName),
    postable: row.accountType === 'Posting' && row.blocked !== true && row.directPosting !== false,
    lastModified: str(row.lastModifiedDateTime) || null,
    ...categoryNature(row.category),
  };
}

export function simpleRecord(row: Row, codeField: 'number' | 'code'): ReferenceRecord {
  // blocked is a boolean on items and an option (" ", "Ship", "Invoice", "All") on customers/vendors.
  const blocked = row.blocked === true || (typeof row.blocked === 'string' && row.blocked.trim() !== '');
  return { id: str(row.id), code: str(row[codeField]), name: str(row.displayName), postable: !blocked, lastModified: str(row.lastModifiedDateTime) || null };
}
