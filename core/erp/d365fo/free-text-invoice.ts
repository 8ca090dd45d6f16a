import { currencyExponent } from '../../money/currency';
import type { SalesInvoiceDocument, SalesInvoiceLine } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';

/**
 * Free-text invoices (NOTES §2.3: FreeTextInvoiceHeaders / FreeTextInvoiceLines are third-party only, not in
 * BALFO; property names from Microsoft's Common Data Model entities FreeTextInvoiceHeaderEntity and
 * FreeTextInvoiceLineEntity). Everything here is UNVERIFIED against a tenant's $metadata: the collection
 * names, lines naming their header by ParentRecId (third-party code, §2.3), and the header's RecId.
 * A free-text invoice has no items: each line books to a main account, so for F&O an order line's
 * mapped "item" is the revenue main account (with dimensions, as a display value).
 */
export interface FreeTextHeader { dataAreaId: string; FreeTextNumber: string; RecId: number; CustomerAccount: string; CurrencyCode?: string; CustomerReference: string; InvoiceId: string; IsPosted: string }

export function freeTextHeaderBody(doc: SalesInvoiceDocument, area: string): Record<string, unknown> {
  const key = doc.externalDocumentNumber;
  // `*` is a wildcard in F&O filters (§2.2): such a reference could find another order's invoice.
  if (key.includes('*')) throw new ErpError(`Order ${key}: a reference with * cannot be looked up in F&O, where * is a wildcard.`, { system: 'd365fo', kind: 'validation', document: key, retryable: false });
  if (doc.lines.length === 0) throw new ErpError(`Order ${key}: the invoice has no lines. Nothing was sent to F&O.`, { system: 'd365fo', kind: 'validation', document: key, retryable: false });
  // The lines are checked before the header is made, so a refused line leaves no empty header behind.
  doc.lines.forEach(checkFreeTextLine(key));
  return { dataAreaId: area, CustomerAccount: doc.customerNumber, InvoiceDate: doc.invoiceDate, DueDate: doc.invoiceDate, CurrencyCode: doc.currency.toUpperCase(), CustomerReference: key };
}

/**
 * Every line books to a main account: a goods line to its SKU's, a charge to the account it is mapped to.
 * A charge mapped to an item or a freight code is refused: a free-text invoice has neither. Tax: the line
 * names the mapped tax code as its sales tax group (SalesTaxGroup, UNVERIFIED like every field here); F&O
 * calculates the amount from it, and whether that equals Amazon's is UNVERIFIED.
 */
export function freeTextLines(doc: SalesInvoiceDocument, area: string, parentRecId: number): Array<Record<string, unknown> & { LineNumber: number }> {
  const exp = currencyExponent(doc.currency);
  return doc.lines.map((l, i) => {
    checkFreeTextLine(doc.externalDocumentNumber)(l, i);
    return {
      dataAreaId: area, ParentRecId: parentRecId, LineNumber: i + 1, MainAccountDisplayValue: l.itemNumber,
      Description: (l.description ?? `Amazon order ${doc.externalDocumentNumber}`).slice(0, 60), Quantity: l.quantity, UnitPrice: minorToWireNumber(l.unitPrice, exp),
      ...(l.tax ? { SalesTaxGroup: l.tax.code } : {}),
    };
  });
}

function checkFreeTextLine(key: string) {
  return (l: SalesInvoiceLine, i: number): void => {
    if (l.lineType !== 'item' && l.lineType !== 'freight') return;
    throw new ErpError(`Order ${key}: ${l.description ?? 'a charge'} is mapped to ${l.lineType === 'item' ? 'item' : 'freight code'} ${l.itemNumber}, and an F&O free-text invoice line books only to a main account; map it to an account under Mappings, Order charges. Nothing was sent to F&O.`, { system: 'd365fo', kind: 'validation', document: key, line: i + 1, retryable: false });
  };
}

/** The one free-text invoice of an order (CustomerReference = order id): none, or one for the same customer; anything else is refused. */
export function freeTextOfOrder(orderId: string, customer: string | null, rows: readonly FreeTextHeader[]): FreeTextHeader | null {
  if (rows.length === 0) return null;
  const only = rows[0]!;
  if (rows.length === 1 && (customer === null || only.CustomerAccount === customer)) return only;
  const listed = rows.map((r) => `${r.FreeTextNumber} (customer ${r.CustomerAccount})`).join(', ');
  throw new ErpError(
    `F&O already holds ${rows.length === 1 ? 'a free-text invoice' : `${rows.length} free-text invoices`} with customer reference ${orderId}: ${listed}`
      + `${customer ? `, where one for customer ${customer} was expected` : ''}. Nothing was created; delete or correct the wrong one in F&O, then post again.`,
    { system: 'd365fo', kind: 'conflict', document: orderId, retryable: false },
  );
}
