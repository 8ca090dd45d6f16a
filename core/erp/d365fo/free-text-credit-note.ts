import type { SalesCreditNoteDocument, SalesInvoiceDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import type { FreeTextHeader } from './free-text-invoice';

/**
 * A refund as a free-text credit note: a free-text invoice (free-text-invoice.ts, every name UNVERIFIED)
 * whose lines carry negative quantities, which is how F&O makes a free-text invoice a credit note
 * (UNVERIFIED over OData: no spec here shows it), CustomerReference "order id/refund id" for the look-up.
 * Neither the ballerina OpenAPI files nor the entity names we use show a field that ties a credit note to
 * the invoice it credits, or an action that settles the two (UNVERIFIED): the invoice's number goes in
 * each line's description, and a person settles them in F&O when posting the note there, as they post
 * the invoices.
 */
export function creditNoteAsFreeText(doc: SalesCreditNoteDocument, invoice: FreeTextHeader | null): SalesInvoiceDocument {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Credit note ${key}: ${what}. Nothing was sent to F&O.`, { system: 'd365fo', kind: 'validation', document: key, retryable: false });
  if (!invoice) throw refuse(`F&O holds no free-text invoice ${doc.invoiceNumber} to credit`);
  if (invoice.CustomerAccount !== doc.customerNumber) throw refuse(`free-text invoice ${doc.invoiceNumber} belongs to customer ${invoice.CustomerAccount}, not ${doc.customerNumber}`);
  if (invoice.IsPosted !== 'Yes') throw refuse(`free-text invoice ${doc.invoiceNumber} is not posted in F&O yet`);
  const currency = invoice.CurrencyCode;
  if (currency && currency !== doc.currency.toUpperCase()) throw refuse(`free-text invoice ${doc.invoiceNumber} is in ${currency}, the refund in ${doc.currency}`);
  const credits = ` (credits ${invoice.InvoiceId || doc.invoiceNumber})`;
  return {
    externalDocumentNumber: key, customerNumber: doc.customerNumber, invoiceDate: doc.creditNoteDate, currency: doc.currency,
    lines: doc.lines.map((l) => ({ ...l, quantity: -l.quantity, description: `${(l.description ?? 'Amazon refund').slice(0, 60 - credits.length)}${credits}` })),
  };
}
