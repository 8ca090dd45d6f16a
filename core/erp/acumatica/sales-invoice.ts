import { currencyExponent } from '../../money';
import type { SalesInvoiceDocument, SalesInvoiceLine } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';

type Wrapped = Record<string, { value?: unknown } | unknown>;

/** An AR invoice or credit memo as the connector reads it back: Balanced before release, Open (or Closed, once settled) after (NOTES §4.3). */
export interface ArInvoice { id: string; type: string; referenceNbr: string; customer: string; status: string }

/** Released: Open, or Closed once paid; On Hold and Balanced are not released yet. */
export function isReleased(status: string): boolean {
  return status === 'Open' || status === 'Closed';
}

/**
 * The SalesInvoice body (swagger SalesInvoice / SalesInvoiceDetail, both served versions; NOTES §4.3):
 * CustomerOrder carries the Amazon order id, the key looked for before creating (NOTES §4.5); Hold false so
 * it can be released at once (a tenant that holds documents on entry keeps it on hold: taken off after).
 * Values are wrapped as every field is (NOTES §4.3). A charge mapped to an item is a line with its
 * InventoryID; one mapped to an account is a line with only Account (SalesInvoiceDetail.Account, defined
 * by endpoint 24.200.001, not 23.200.001; that an AR line without an inventory item is accepted is UNVERIFIED); Acumatica's own freight (FreightPrice) is
 * computed from shipments, so a freight code is refused. Tax as Amazon calculated it goes in TaxDetails,
 * one per tax code (SalesInvoiceTaxDetail: TaxID, TaxableAmount, TaxAmount); that a sent TaxAmount is kept
 * rather than recalculated from the tax zone is UNVERIFIED.
 */
export function salesInvoiceBody(doc: SalesInvoiceDocument, branch: string): Wrapped {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Order ${key}: ${what}. Nothing was sent to Acumatica.`, { system: 'acumatica', kind: 'validation', document: key, retryable: false });
  if (doc.lines.length === 0) throw refuse('the invoice has no lines');
  const { Details, TaxDetails } = arLines(doc.lines, doc.currency, branch, 'invoice', refuse);
  return {
    Type: { value: 'Invoice' },
    CustomerID: { value: doc.customerNumber },
    CustomerOrder: { value: key },
    Date: { value: `${doc.invoiceDate}T00:00:00` },
    DueDate: { value: `${doc.invoiceDate}T00:00:00` },
    Currency: { value: doc.currency.toUpperCase() },
    Description: { value: `Amazon order ${key}` },
    Hold: { value: false },
    Details,
    ...(TaxDetails.length ? { TaxDetails } : {}),
  };
}

/** The Details and TaxDetails of an AR document (an invoice or a credit memo: both SalesInvoice), and what they come to in minor units. */
export function arLines(lines: readonly SalesInvoiceLine[], currency: string, branch: string, what: string, refuse: (what: string) => ErpError): { Details: Wrapped[]; TaxDetails: Wrapped[]; total: number } {
  const exp = currencyExponent(currency);
  const taxes = new Map<string, { taxable: number; tax: number }>();
  let total = 0;
  const Details = lines.map((l) => {
    const type = l.lineType ?? 'item';
    if (type === 'freight') throw refuse(`${l.description ?? 'a charge'} is mapped to freight code ${l.itemNumber}, which an Acumatica ${what} line cannot carry; map it to a non-stock item or an account under Mappings, Order charges`);
    total += l.quantity * l.unitPrice + (l.tax?.amount ?? 0);
    if (l.tax) {
      const t = taxes.get(l.tax.code) ?? { taxable: 0, tax: 0 };
      t.taxable += l.quantity * l.unitPrice;
      t.tax += l.tax.amount;
      taxes.set(l.tax.code, t);
    }
    return {
      ...(type === 'item' ? { InventoryID: { value: l.itemNumber } } : { Account: { value: l.itemNumber } }),
      Qty: { value: l.quantity },
      UnitPrice: { value: minorToWireNumber(l.unitPrice, exp) },
      BranchID: { value: branch },
      ...(l.description ? { TransactionDescr: { value: l.description } } : {}),
    };
  });
  const TaxDetails = [...taxes].map(([code, t]) => ({ TaxID: { value: code }, TaxableAmount: { value: minorToWireNumber(t.taxable, exp) }, TaxAmount: { value: minorToWireNumber(t.tax, exp) } }));
  return { Details, TaxDetails, total };
}

/**
 * The one invoice of an order among those whose CustomerOrder is its id: none, or one for the same
 * customer. CustomerOrder is a free field Acumatica does not keep unique (NOTES §4.5, UNVERIFIED either
 * way), so two, or one for another customer, are refused: creating another would book the revenue twice.
 */
export function invoiceOfOrder(orderId: string, customer: string | null, found: readonly ArInvoice[], what: 'invoice' | 'credit memo' = 'invoice'): ArInvoice | null {
  if (found.length === 0) return null;
  const only = found[0]!;
  if (found.length === 1 && (customer === null || only.customer === customer)) return only;
  const listed = found.map((i) => `${i.referenceNbr} (customer ${i.customer}, ${i.status})`).join(', ');
  throw new ErpError(
    `Acumatica already holds ${found.length === 1 ? `an AR ${what}` : `${found.length} AR ${what}s`} with customer order ${orderId}: ${listed}`
      + `${customer ? `, where one for customer ${customer} was expected` : ''}. Nothing was created; void the wrong ${what} in Acumatica or correct its customer order, then post again.`,
    { system: 'acumatica', kind: 'conflict', document: orderId, retryable: false },
  );
}

export function toArInvoice(row: Wrapped, valueOf: (row: Wrapped, field: string) => unknown): ArInvoice {
  return { id: String(row.id), type: String(valueOf(row, 'Type')), referenceNbr: String(valueOf(row, 'ReferenceNbr')), customer: String(valueOf(row, 'CustomerID')), status: String(valueOf(row, 'Status')) };
}
