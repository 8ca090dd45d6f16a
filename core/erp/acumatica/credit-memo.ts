import { currencyExponent } from '../../money';
import type { SalesCreditNoteDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { decimalToMinor, minorToWireNumber } from '../wire-decimal';
import { arLines } from './sales-invoice';

type Wrapped = Record<string, { value?: unknown } | unknown>;

/**
 * The SalesInvoice Type of a credit memo. Type is a plain StringValue in both swaggers (no enum); "Credit
 * Memo" is the document type's name on the Invoices and Memos form, UNVERIFIED as the API's value.
 */
export const CREDIT_MEMO = 'Credit Memo';

/** The invoice a refund credits, as read just before the credit memo is made. */
export interface CreditedInvoice { customer: string; currency: string; status: string; balance: string | number }

/**
 * A refund as an AR credit memo: a SalesInvoice of Type Credit Memo carrying the same kinds of lines and
 * TaxDetails as the order's invoice (arLines), CustomerOrder "order id/refund id", what the look-up asks
 * for (NOTES §4.5), released at once (ReleaseSalesInvoice, as invoices). It is applied to the order's
 * invoice through ApplicationsCreditMemo (swagger SalesInvoice.ApplicationsCreditMemo,
 * SalesInvoiceApplicationCreditMemo: DocType, ReferenceNbr, AmountPaid), as much as the invoice still has
 * open: an invoice already paid takes nothing, and the memo stays open for the payout to apply. That the
 * application takes effect on release, as on the form, is UNVERIFIED.
 */
export function creditMemoBody(doc: SalesCreditNoteDocument, branch: string, invoice: CreditedInvoice | null): Wrapped {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Credit memo ${key}: ${what}. Nothing was sent to Acumatica.`, { system: 'acumatica', kind: 'validation', document: key, retryable: false });
  if (doc.lines.length === 0) throw refuse('the credit memo has no lines');
  if (!invoice) throw refuse(`Acumatica holds no AR invoice ${doc.invoiceNumber} to credit`);
  if (invoice.customer !== doc.customerNumber) throw refuse(`AR invoice ${doc.invoiceNumber} belongs to customer ${invoice.customer}, not ${doc.customerNumber}`);
  if (invoice.currency !== doc.currency.toUpperCase()) throw refuse(`AR invoice ${doc.invoiceNumber} is in ${invoice.currency}, the refund in ${doc.currency}`);
  if (invoice.status !== 'Open' && invoice.status !== 'Closed') throw refuse(`AR invoice ${doc.invoiceNumber} is ${invoice.status}, not released`);
  const { Details, TaxDetails, total } = arLines(doc.lines, doc.currency, branch, 'credit memo', refuse);
  if (total <= 0) throw refuse('the credit memo comes to nothing or less');
  const exp = currencyExponent(doc.currency);
  const open = invoice.status === 'Open' ? decimalToMinor(invoice.balance, exp) : 0;
  const applied = Math.min(total, open);
  return {
    Type: { value: CREDIT_MEMO },
    CustomerID: { value: doc.customerNumber },
    CustomerOrder: { value: key },
    Date: { value: `${doc.creditNoteDate}T00:00:00` },
    Currency: { value: doc.currency.toUpperCase() },
    Description: { value: `Amazon refund ${key}, crediting invoice ${doc.invoiceNumber}` },
    Hold: { value: false },
    Details,
    ...(TaxDetails.length ? { TaxDetails } : {}),
    ...(applied > 0 ? { ApplicationsCreditMemo: [{ DocType: { value: 'Invoice' }, ReferenceNbr: { value: doc.invoiceNumber }, AmountPaid: { value: minorToWireNumber(applied, exp) } }] } : {}),
  };
}
