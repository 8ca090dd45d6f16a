import type { CustomerReturnDocument, CustomerReturnLine, ErpReturnReason, ErpWarehouse } from '../erp-connector';
import { ErpError } from '../erp-error';
import { creditNoteBody } from './credit-note';
import { marketingLines, NUM_AT_CARD_LENGTH, refuser } from './sales-invoice';

type Row = Record<string, unknown>;

/** The connection's return reasons setting ("1 Damaged, 2 Wrong item") as B1's codes. */
export function parseReturnReasons(setting: string | undefined): ErpReturnReason[] {
  return (setting ?? '').split(/[,;]/).map((e) => /^\s*(\d+)\s*(.*?)\s*$/.exec(e)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[1]!, description: m[2] ?? '' }));
}

/** Where each kind of return document goes: a credit note, or a return request (both EntityType Document in the edmx). */
export function returnDocumentSet(doc: CustomerReturnDocument): 'CreditNotes' | 'ReturnRequest' {
  return doc.kind === 'credit-note' ? 'CreditNotes' : 'ReturnRequest';
}

/**
 * A customer return as B1 takes it, every line with its ReturnReason (DocumentLine.ReturnReason, Edm.Int32):
 * a credit note copied from the order's invoice (credit-note.ts), or a return request (EntitySet
 * ReturnRequest) the warehouse receives against, carrying the customer, the item at the invoice's price
 * and the invoice's number in its comments. Whether B1 copies a return request from an A/R invoice line
 * through BaseType 13 is UNVERIFIED, so its lines are not linked. NumAtCard carries the return's key for the
 * duplicate check, as on invoices.
 * A return request line names the warehouse the goods come back to (DocumentLine.WarehouseCode, edmx) when
 * the connection sets one for sellable and one for unsellable returns; without one B1 takes the item's
 * default warehouse [UNVERIFIED: the edmx does not say]. A credit note receives nothing, so it names none.
 */
export function returnDocumentBody(doc: CustomerReturnDocument, invoice: Row | null): Row {
  const key = doc.externalDocumentNumber;
  const refuse = refuser(`Return ${key}`, key);
  if (!/^\d+$/.test(doc.reasonCode)) throw refuse(`return reason "${doc.reasonCode}" is not one of B1's reason numbers`);
  const reason = { ReturnReason: Number(doc.reasonCode) };
  if (doc.kind === 'credit-note') {
    if (!doc.invoiceNumber) throw refuse('a credit note needs the posted invoice of the returned order');
    const body = creditNoteBody({ externalDocumentNumber: key, invoiceNumber: doc.invoiceNumber, customerNumber: doc.customerNumber, creditNoteDate: doc.returnDate, currency: doc.currency, lines: doc.lines }, invoice);
    return { ...body, Comments: `Amazon return ${key}, crediting A/R invoice ${doc.invoiceNumber}`, DocumentLines: (body.DocumentLines as Row[]).map((l) => ({ ...l, ...reason })) };
  }
  if (!key || key.length > NUM_AT_CARD_LENGTH) throw refuse(`the return's key must be 1 to ${NUM_AT_CARD_LENGTH} characters to go in NumAtCard`);
  const { lines, expenses, lineOf } = marketingLines(doc.lines, doc.currency, 'credit note', refuse);
  if (expenses.length) throw new ErpError(`Return ${key}: a return request carries the returned items only. Nothing was sent to SAP Business One.`, { system: 'sap-b1', kind: 'validation', document: key, retryable: false });
  return {
    CardCode: doc.customerNumber,
    NumAtCard: key,
    DocDate: doc.returnDate,
    DocDueDate: doc.returnDate,
    TaxDate: doc.returnDate,
    DocCurrency: doc.currency.toUpperCase(),
    Comments: `Amazon return ${key}${doc.invoiceNumber ? ` of A/R invoice ${doc.invoiceNumber}` : ''}`,
    DocumentLines: lines.map((l) => {
      const warehouse = (lineOf.get(l) as CustomerReturnLine | undefined)?.warehouse;
      return { ...l, ...reason, ...(warehouse ? { WarehouseCode: warehouse } : {}) };
    }),
  };
}

/** The company's warehouses (edmx EntitySet Warehouses of EntityType Warehouse: key WarehouseCode, WarehouseName, Inactive). */
export const WAREHOUSE_FIELDS = ['WarehouseCode', 'WarehouseName', 'Inactive'];

export function toErpWarehouse(r: Row): ErpWarehouse {
  return { code: String(r.WarehouseCode), description: String(r.WarehouseName ?? ''), active: r.Inactive !== 'tYES' };
}
