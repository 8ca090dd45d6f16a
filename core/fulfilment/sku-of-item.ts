import { MappingStore } from '../mapping/mapping-store';
import type { AuditLog, Db } from '../store';

/**
 * The `sku` mapping read backwards: the Amazon SKU of an ERP item on an ERP connection. When several SKUs
 * map to one item the first in SKU order is used, so the choice is stable from run to run.
 */
export function skuOfItem(db: Db, audit: AuditLog): (erpConnectionId: string, itemNumber: string) => string | null {
  const mappings = new MappingStore(db, audit);
  return (erpConnectionId, itemNumber) => mappings.list(erpConnectionId).find((e) => e.kind === 'sku' && e.target === itemNumber)?.subject ?? null;
}
