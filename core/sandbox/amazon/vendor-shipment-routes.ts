import { randomUUID } from 'node:crypto';
import type { EmulatorState, Reply, VendorStore } from './emulator-state';
import type { SeedSeller } from './seed-data';

/**
 * SubmitShipmentConfirmations in the emulator (POST /vendor/shipping/v1/shipmentConfirmations,
 * vendorShipments.json): the body's required fields and enums are checked at once (400 InvalidInput, as the
 * model's sandbox case answers "Invalid Shipment ID"); what Amazon checks while processing comes back as a
 * Failure of getTransaction: a PO of this vendor group issued to that selling party and acknowledged, items on
 * it, no more shipped than ordered, and a shipmentIdentifier "not used over the last 365 days" unless it
 * replaces one (codes and wording [UNVERIFIED], the emulator's). Every confirmation received is counted per
 * shipmentIdentifier, so a test sees one sent twice.
 */

const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message }] } });

interface Quantity { amount?: unknown; unitOfMeasure?: unknown; unitSize?: unknown }
interface ShippedItem { itemSequenceNumber?: unknown; shippedQuantity?: Quantity; itemDetails?: { purchaseOrderNumber?: unknown } }
interface Confirmation {
  shipmentIdentifier?: unknown; shipmentConfirmationType?: unknown; shipmentConfirmationDate?: unknown;
  sellingParty?: { partyId?: unknown }; shipFromParty?: { partyId?: unknown }; shipToParty?: { partyId?: unknown }; shippedItems?: ShippedItem[];
}
interface PoItem { itemSequenceNumber?: string; orderedQuantity?: Quantity }

const eaches = (q: Quantity | undefined): number | null => {
  if (!q || typeof q.amount !== 'number' || !Number.isInteger(q.amount)) return null;
  if (q.unitOfMeasure === 'Eaches') return q.amount;
  return q.unitOfMeasure === 'Cases' ? q.amount * (typeof q.unitSize === 'number' ? q.unitSize : 1) : null;
};
const party = (p: { partyId?: unknown } | undefined) => !!p && typeof p.partyId === 'string' && p.partyId.length > 0;

function shapeError(c: Confirmation, at: string): string | null {
  if (typeof c.shipmentIdentifier !== 'string' || !c.shipmentIdentifier) return `${at}: Invalid Shipment ID`;
  if (c.shipmentConfirmationType !== 'Original' && c.shipmentConfirmationType !== 'Replace') return `${at}: shipmentConfirmationType must be Original or Replace`;
  if (typeof c.shipmentConfirmationDate !== 'string' || Number.isNaN(Date.parse(c.shipmentConfirmationDate))) return `${at}: shipmentConfirmationDate must be a date-time`;
  if (!party(c.sellingParty) || !party(c.shipFromParty) || !party(c.shipToParty)) return `${at}: sellingParty, shipFromParty and shipToParty each need a partyId`;
  if (!Array.isArray(c.shippedItems) || !c.shippedItems.length) return `${at}: shippedItems must list the items shipped`;
  for (const item of c.shippedItems) {
    if (typeof item.itemSequenceNumber !== 'string') return `${at}: each shipped item needs its itemSequenceNumber`;
    if (eaches(item.shippedQuantity) === null) return `${at}, item ${item.itemSequenceNumber}: shippedQuantity needs an integer amount in Cases or Eaches`;
  }
  return null;
}

export function submitShipmentConfirmations(state: EmulatorState, store: VendorStore, seller: SeedSeller, body: Buffer): Reply {
  let request: { shipmentConfirmations?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as typeof request;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  const confirmations = Array.isArray(request.shipmentConfirmations) ? (request.shipmentConfirmations as Confirmation[]) : [];
  if (!confirmations.length) return invalid('shipmentConfirmations must hold at least one shipment confirmation');
  for (const [i, c] of confirmations.entries()) {
    const e = shapeError(c, `shipmentConfirmations[${i}]`);
    if (e) return invalid(e);
  }
  const errors: { code: string; message: string }[] = [];
  for (const c of confirmations) {
    const id = String(c.shipmentIdentifier);
    const seen = store.shipmentConfirmations.get(id);
    if (seen && c.shipmentConfirmationType === 'Original') errors.push({ code: 'DuplicateShipmentIdentifier', message: `Shipment ${id} was already confirmed; send a Replace to change it.` });
    if (!seen && c.shipmentConfirmationType === 'Replace') errors.push({ code: 'InvalidShipmentIdentifier', message: `Shipment ${id} has no confirmation to replace.` });
    store.shipmentConfirmations.set(id, (seen ?? 0) + 1);
    const shipped = new Map<string, number>();
    for (const item of c.shippedItems ?? []) {
      const number = String(item.itemDetails?.purchaseOrderNumber ?? '');
      const po = (seller.purchaseOrders ?? []).find((o) => o.purchaseOrderNumber === number) as
        { purchaseOrderState?: string; orderDetails?: { sellingParty?: { partyId?: string }; items?: PoItem[] } } | undefined;
      const where = `Shipment ${id}, item ${String(item.itemSequenceNumber)}`;
      if (!po) { errors.push({ code: 'InvalidPurchaseOrder', message: `${where}: purchase order ${number || '(none)'} was not issued to this vendor.` }); continue; }
      if (po.orderDetails?.sellingParty?.partyId !== c.sellingParty?.partyId) errors.push({ code: 'InvalidSellingParty', message: `${where}: purchase order ${number} was issued to ${String(po.orderDetails?.sellingParty?.partyId)}, not ${String(c.sellingParty?.partyId)}.` });
      if (po.purchaseOrderState === 'New') errors.push({ code: 'PurchaseOrderNotAcknowledged', message: `${where}: purchase order ${number} has not been acknowledged; acknowledge it before confirming its shipment.` });
      const ordered = po.orderDetails?.items?.find((x) => x.itemSequenceNumber === item.itemSequenceNumber);
      if (!ordered) { errors.push({ code: 'InvalidItem', message: `${where}: purchase order ${number} has no item ${String(item.itemSequenceNumber)}.` }); continue; }
      const key = `${number}:${String(item.itemSequenceNumber)}`;
      shipped.set(key, (shipped.get(key) ?? 0) + (eaches(item.shippedQuantity) ?? 0));
      const max = eaches(ordered.orderedQuantity) ?? 0;
      if (shipped.get(key)! > max) errors.push({ code: 'InvalidQuantity', message: `${where}: ${shipped.get(key)} shipped, ${max} ordered.` });
    }
  }
  const transactionId = randomUUID();
  store.transactions.set(transactionId, { sellerId: seller.sellerId, createdAt: state.clock.now(), errors, invoices: [] });
  return { status: 202, body: { payload: { transactionId } } };
}
