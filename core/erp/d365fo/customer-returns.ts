import type { CustomerReturnDocument, SalesCreditNoteDocument } from '../erp-connector';
import { ErpError } from '../erp-error';

/**
 * Why a return cannot become a return order in F&O, as the user reads it. F&O has return orders (RMAs),
 * but ReturnOrderHeaders is in none of the OData descriptions in ../shared/reference/erp/specs (the
 * receivable file only has parameters such as ReasonRequirementForReturnOrders, and ReturnDetails is a
 * warehouse return label), so nothing here could be checked against what F&O takes.
 */
export const FO_RETURN_ORDER_REFUSAL =
  'Finance and Operations\' return orders (ReturnOrderHeaders) are not in the OData descriptions ml-connector is built and checked against, so it cannot create one safely. Choose a credit note: the return is credited as a free-text credit note against the order\'s invoice, for a person to post in F&O.';

/**
 * A customer return as F&O takes it: the refund's free-text credit note (free-text-credit-note.ts,
 * UNVERIFIED names) of the returned items, CustomerReference the return's key. A free-text line has no
 * reason field in any spec here, so the reason code leads each line's description, where it survives the
 * cut to the description's length.
 */
export function returnAsCreditNote(doc: CustomerReturnDocument): SalesCreditNoteDocument {
  const where = { system: 'd365fo', kind: 'validation' as const, document: doc.externalDocumentNumber, retryable: false };
  if (doc.kind !== 'credit-note') throw new ErpError(`Return ${doc.externalDocumentNumber}: ${FO_RETURN_ORDER_REFUSAL}`, where);
  if (!doc.invoiceNumber) throw new ErpError(`Return ${doc.externalDocumentNumber}: a credit note needs the free-text invoice of the returned order. Nothing was sent to F&O.`, where);
  return {
    externalDocumentNumber: doc.externalDocumentNumber, invoiceNumber: doc.invoiceNumber, customerNumber: doc.customerNumber,
    creditNoteDate: doc.returnDate, currency: doc.currency,
    lines: doc.lines.map((l) => ({ ...l, description: `${doc.reasonCode}: ${l.description ?? `Return of ${l.itemNumber}`}` })),
  };
}
