import type { InventoryAdjustmentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';

type Wrapped = Record<string, { value?: unknown } | unknown>;

/** An inventory adjustment as the connector reads it back: On Hold or Balanced before release, Released after (status words UNVERIFIED). */
export interface InAdjustment { id: string; referenceNbr: string; status: string }

/**
 * The InventoryAdjustment body (swagger InventoryAdjustment / InventoryAdjustmentDetail, both served
 * versions): ExternalRef carries our natural key, what is looked for before creating; one line of the item
 * in its default warehouse with the signed quantity (a physical count adjustment, IN303000: that a negative
 * Qty takes units out is UNVERIFIED, the swagger gives Qty as a decimal); Hold false so it can be released
 * at once. ExternalRef's length is UNVERIFIED (the swagger has no maxLength).
 */
export function adjustmentBody(doc: InventoryAdjustmentDocument, warehouse: string): Wrapped {
  if (!Number.isInteger(doc.quantity) || doc.quantity === 0) {
    throw new ErpError(`Stock adjustment ${doc.externalDocumentNumber}: the quantity must be a whole number of units other than 0, not ${doc.quantity}. Nothing was sent to Acumatica.`, {
      system: 'acumatica', kind: 'validation', document: doc.externalDocumentNumber, retryable: false,
    });
  }
  return {
    Date: { value: `${doc.date}T00:00:00` },
    Description: { value: doc.description },
    ExternalRef: { value: doc.externalDocumentNumber },
    Hold: { value: false },
    Details: [{ InventoryID: { value: doc.itemNumber }, WarehouseID: { value: warehouse }, Qty: { value: doc.quantity } }],
  };
}

/** The one adjustment carrying our key; two are a conflict a person settles in Acumatica. */
export function adjustmentOfKey(key: string, found: readonly InAdjustment[]): InAdjustment | null {
  if (found.length === 0) return null;
  if (found.length === 1) return found[0]!;
  throw new ErpError(`Acumatica holds ${found.length} inventory adjustments with external reference ${key}: ${found.map((a) => `${a.referenceNbr} (${a.status})`).join(', ')}. Nothing was created; delete the extra one in Acumatica, then post again.`, {
    system: 'acumatica', kind: 'conflict', document: key, retryable: false,
  });
}

export function toAdjustment(row: Wrapped, valueOf: (row: Wrapped, field: string) => unknown): InAdjustment {
  return { id: String(row.id), referenceNbr: String(valueOf(row, 'ReferenceNbr')), status: String(valueOf(row, 'Status')) };
}
