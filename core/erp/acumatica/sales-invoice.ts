import { currencyExponent } from '../../money';
import type { SalesInvoiceDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';

type Wrapped = Record<string, { value?: unknown } | unknown>;

/** An AR invoice as the connector reads it back: Balanced before release, Open (or Closed, once paid) after (NOTES §4.3). */
export interface ArInvoice { id: string; referenceNbr: string; customer: string; status: string }

/** Released: Open, or Closed once paid; On Hold and Balanced are not released yet. */
export function isReleased(status: string): boolean {
  return status === 'Open' || status === 'Closed';
}

/**
 * The SalesInvoice body (swagger SalesInvoice / SalesInvoiceDetail, both served versions; NOTES §4.3):
 * CustomerOrder carries the Amazon order id, the key looked for before creating (NOTES §4.5); Hold false so
 * it can be released at once (a tenant that holds documents on entry keeps it on hold: taken off after).
 * Values are wrapped as every field is (NOTES §4.3).
 */
export function salesInvoiceBody(doc: SalesInvoiceDocument, branch: string): Wrapped {
  const key = doc.externalDocumentNumber;
  if (doc.lines.length === 0) {
    throw new ErpError(`Order ${key}: the invoice has no lines. Nothing was sent to Acumatica.`, { system: 'acumatica', kind: 'validation', document: key, retryable: false });
  }
  const exp = currencyExponent(doc.currency);
  return {
    Type: { value: 'Invoice' },
    CustomerID: { value: doc.customerNumber },
    CustomerOrder: { value: key },
    Date: { value: `${doc.invoiceDate}T00:00:00` },
    DueDate: { value: `${doc.invoiceDate}T00:00:00` },
    Currency: { value: doc.currency.toUpperCase() },
    Description: { value: `Amazon order ${key}` },
    Hold: { value: false },
    Details: doc.lines.map((l) => ({
      InventoryID: { value: l.itemNumber },
      Qty: { value: l.quantity },
      UnitPrice: { value: minorToWireNumber(l.unitPrice, exp) },
      BranchID: { value: branch },
      ...(l.description ? { TransactionDescr: { value: l.description } } : {}),
    })),
  };
}

/**
 * The one invoice of an order among those whose CustomerOrder is its id: none, or one for the same
 * customer. CustomerOrder is a free field Acumatica does not keep unique (NOTES §4.5, UNVERIFIED either
 * way), so two, or one for another customer, are refused: creating another would book the revenue twice.
 */
export function invoiceOfOrder(orderId: string, customer: string | null, found: readonly ArInvoice[]): ArInvoice | null {
  if (found.length === 0) return null;
  const only = found[0]!;
  if (found.length === 1 && (customer === null || only.customer === customer)) return only;
  const listed = found.map((i) => `${i.referenceNbr} (customer ${i.customer}, ${i.status})`).join(', ');
  throw new ErpError(
    `Acumatica already holds ${found.length === 1 ? 'an AR invoice' : `${found.length} AR invoices`} with customer order ${orderId}: ${listed}`
      + `${customer ? `, where one for customer ${customer} was expected` : ''}. Nothing was created; void the wrong invoice in Acumatica or correct its customer order, then post again.`,
    { system: 'acumatica', kind: 'conflict', document: orderId, retryable: false },
  );
}

export function toArInvoice(row: Wrapped, valueOf: (row: Wrapped, field: string) => unknown): ArInvoice {
  return { id: String(row.id), referenceNbr: String(valueOf(row, 'ReferenceNbr')), customer: String(valueOf(row, 'CustomerID')), status: String(valueOf(row, 'Status')) };
}
