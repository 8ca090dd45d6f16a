import { currencyExponent } from '../../money';
import type { CustomerReturnDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';
import { creditMemoBody, type CreditedInvoice } from './credit-memo';

type Wrapped = Record<string, { value?: unknown } | unknown>;

/**
 * Customer returns through the Default endpoint (both swaggers, 23.200.001 and 24.200.001):
 * - a return order: a SalesOrder of the connection's return order type, each SalesOrderDetail with
 *   Operation "Receipt", its ReasonCode and the invoice it comes back from (InvoiceType, InvoiceNbr), and
 *   CustomerOrder carrying the return's key for the look-up (NOTES §4.5); the warehouse receives it later
 *   (SalesOrderCreateReceipt). The type code ("RC" by default) and the Operation word are UNVERIFIED: the
 *   swagger gives both as plain strings;
 * - a credit memo: the refund credit memo (credit-memo.ts) of the returned items, applied to the order's
 *   invoice. SalesInvoiceDetail has no ReasonCode in either swagger, so the reason travels in the memo's
 *   and each line's description.
 * No reason code entity is in either swagger: the codes are the connection's Return reasons setting,
 * copied by the user from Acumatica.
 * A return order line names the warehouse it comes back to (SalesOrderDetail.WarehouseID, both swaggers)
 * when the connection sets one for sellable and one for unsellable returns; the warehouses are the
 * Warehouse entity's (GET Warehouse: WarehouseID, Description, Active). Without one Acumatica takes its
 * default for the line [UNVERIFIED: which default, the swaggers do not say]. A credit memo receives nothing,
 * so it names no warehouse.
 */
export const WAREHOUSE_QUERY = '$select=WarehouseID,Description,Active';
export const DEFAULT_RETURN_ORDER_TYPE = 'RC';
/** SalesOrderDetail.Operation of a line coming back (UNVERIFIED: a StringValue without an enum). */
export const RECEIPT = 'Receipt';

const refuser = (key: string) => (what: string) => new ErpError(`Return ${key}: ${what}. Nothing was sent to Acumatica.`, { system: 'acumatica', kind: 'validation', document: key, retryable: false });

function described(doc: CustomerReturnDocument): string {
  return `Amazon return ${doc.externalDocumentNumber}, reason ${doc.reasonCode}${doc.invoiceNumber ? `, of AR invoice ${doc.invoiceNumber}` : ''}`;
}

/** The return order (SalesOrder of the return type) of one return, on hold off so it is Open at once. */
export function returnOrderBody(doc: CustomerReturnDocument, orderType: string, branch: string): Wrapped {
  const refuse = refuser(doc.externalDocumentNumber);
  if (!doc.lines.length) throw refuse('the return has no lines');
  const exp = currencyExponent(doc.currency);
  return {
    OrderType: { value: orderType },
    CustomerID: { value: doc.customerNumber },
    CustomerOrder: { value: doc.externalDocumentNumber },
    Date: { value: `${doc.returnDate}T00:00:00` },
    CurrencyID: { value: doc.currency.toUpperCase() },
    Description: { value: described(doc) },
    Hold: { value: false },
    Details: doc.lines.map((l) => {
      if ((l.lineType ?? 'item') !== 'item') throw refuse(`a return order carries returned items only, not ${l.description ?? l.itemNumber}`);
      return {
        InventoryID: { value: l.itemNumber },
        OrderQty: { value: l.quantity },
        UnitPrice: { value: minorToWireNumber(l.unitPrice, exp) },
        Operation: { value: RECEIPT },
        ReasonCode: { value: doc.reasonCode },
        Branch: { value: branch },
        ...(l.warehouse ? { WarehouseID: { value: l.warehouse } } : {}),
        ...(doc.invoiceNumber ? { InvoiceType: { value: 'Invoice' }, InvoiceNbr: { value: doc.invoiceNumber } } : {}),
        ...(l.description ? { LineDescription: { value: l.description } } : {}),
      };
    }),
  };
}

/** The credit memo of one return: the refund memo's shape, the reason in its descriptions. */
export function returnCreditMemoBody(doc: CustomerReturnDocument, branch: string, invoice: CreditedInvoice | null): Wrapped {
  if (!doc.invoiceNumber) throw refuser(doc.externalDocumentNumber)('a credit memo needs the posted invoice of the returned order');
  const body = creditMemoBody({
    externalDocumentNumber: doc.externalDocumentNumber, invoiceNumber: doc.invoiceNumber, customerNumber: doc.customerNumber,
    creditNoteDate: doc.returnDate, currency: doc.currency,
    lines: doc.lines.map((l) => ({ ...l, description: `${l.description ?? l.itemNumber} (reason ${doc.reasonCode})` })),
  }, branch, invoice);
  return { ...body, Description: { value: described(doc) } };
}

/** A return order as the connector reads it back. */
export interface ReturnOrder { id: string; orderNbr: string; customer: string; status: string }

export function toReturnOrder(row: Wrapped, valueOf: (row: Wrapped, field: string) => unknown): ReturnOrder {
  return { id: String(row.id), orderNbr: String(valueOf(row, 'OrderNbr')), customer: String(valueOf(row, 'CustomerID')), status: String(valueOf(row, 'Status')) };
}

/** The one return order of a return among those with its key; more than one, or one of another customer, is refused rather than added to. */
export function returnOrderOfKey(key: string, customer: string, found: readonly ReturnOrder[]): ReturnOrder | null {
  if (!found.length) return null;
  if (found.length === 1 && found[0]!.customer === customer) return found[0]!;
  throw new ErpError(
    `Acumatica already holds ${found.length === 1 ? 'a return order' : `${found.length} return orders`} with customer order ${key}: ${found.map((o) => `${o.orderNbr} (customer ${o.customer}, ${o.status})`).join(', ')}, where one for customer ${customer} was expected. Nothing was created; cancel the wrong order in Acumatica or correct its customer order, then retry.`,
    { system: 'acumatica', kind: 'conflict', document: key, retryable: false },
  );
}
