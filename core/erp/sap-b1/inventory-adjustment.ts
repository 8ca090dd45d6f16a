import type { InventoryAdjustmentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';

type Row = Record<string, unknown>;

/**
 * Units added go in a goods receipt, units taken out in a goods issue: the edmx's EntitySets
 * InventoryGenEntries and InventoryGenExits, both of EntityType Document (DocumentLines of DocumentLine:
 * ItemCode, Quantity, WarehouseCode). NOTES §3.3 lists the Document fields both use.
 */
export const adjustmentSet = (doc: Pick<InventoryAdjustmentDocument, 'quantity'>) => (doc.quantity > 0 ? 'InventoryGenEntries' : 'InventoryGenExits');

/** What the duplicate check reads of a goods receipt or issue. */
export const ADJUSTMENT_KEY_FIELDS = ['DocEntry', 'DocNum', 'Comments', 'Cancelled'];

/**
 * OIGN/OIGE.Comments holds 254 characters and carries our natural key, what the duplicate check looks for
 * (NOTES §3.6: query a reference field before POST); JournalMemo 50. Both sizes UNVERIFIED: the metadata
 * carries no MaxLength.
 */
const COMMENTS_LENGTH = 254;
const JOURNAL_MEMO_LENGTH = 50;

/**
 * The goods receipt or issue body. The warehouse is the first the connection counts for listings; with
 * none named, WarehouseCode is left out and B1 takes the item's default warehouse (UNVERIFIED: the
 * metadata does not say what B1 does without one). No price is sent: B1 values the units at the item's
 * cost (UNVERIFIED for receipts, where the price is optional in the UI).
 */
export function adjustmentBody(doc: InventoryAdjustmentDocument, warehouse: string | null): Row {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Stock adjustment ${key}: ${what} Nothing was sent to SAP Business One.`, { system: 'sap-b1', kind: 'validation', document: key, retryable: false });
  if (key.length > COMMENTS_LENGTH) throw refuse(`the natural key must be at most ${COMMENTS_LENGTH} characters to go in Comments.`);
  if (!Number.isInteger(doc.quantity) || doc.quantity === 0) throw refuse(`the quantity must be a whole number of units other than 0, not ${doc.quantity}.`);
  return {
    DocDate: doc.date,
    TaxDate: doc.date,
    Comments: key,
    JournalMemo: doc.description.slice(0, JOURNAL_MEMO_LENGTH),
    DocumentLines: [{ ItemCode: doc.itemNumber, Quantity: Math.abs(doc.quantity), ...(warehouse ? { WarehouseCode: warehouse } : {}) }],
  };
}

/** The one live receipt or issue carrying our key; two are a conflict a person settles in B1. */
export function adjustmentOfKey(key: string, rows: readonly Row[]): string | null {
  const live = rows.filter((r) => r.Cancelled !== 'tYES');
  if (live.length === 0) return null;
  if (live.length === 1) return String(live[0]!.DocNum);
  throw new ErpError(`SAP Business One holds ${live.length} stock documents with comments ${key}: DocNum ${live.map((r) => String(r.DocNum)).join(', ')}. Nothing was created; cancel the extra one in B1, then post again.`, {
    system: 'sap-b1', kind: 'conflict', document: key, retryable: false,
  });
}
