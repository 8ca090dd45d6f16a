import { MappingStore } from '../mapping/mapping-store';
import { OrderChargeMappings } from '../mapping/order-charge-mapping';
import { chargeRefusals } from '../mapping/order-charge-targets';
import { ReferenceCache } from '../mapping/reference-cache';
import { orderMappingsFrom, type OrderMappings } from '../posting/order-invoices';
import type { Workspace } from '../workspace/workspace';

/**
 * The connection's mappings as an order's invoice or credit note is built with them now: SKU -> item,
 * marketplace -> customer, the order charges, and (from the ERP's reference data as last read) why the ERP
 * cannot take a charge's mapping, so an order is held with the fix before the ERP refuses it.
 */
export function currentOrderMappings(ws: Workspace, erpConnectionId: string, erpName: string): OrderMappings {
  return orderMappingsFrom(new MappingStore(ws.db, ws.audit).list(erpConnectionId), new OrderChargeMappings(ws.db, ws.audit).list(erpConnectionId),
    chargeRefusals(new ReferenceCache(ws.db).snapshot(erpConnectionId), erpName));
}
