import { randomUUID } from 'node:crypto';
import type { EmulatorState, Reply, VendorStore } from './emulator-state';
import type { SeedSeller } from './seed-data';

/**
 * submitAcknowledgement in the emulator (POST /vendor/orders/v1/acknowledgements, vendorOrders.json): the
 * body's required fields are checked at once (400); what Amazon checks while processing (a PO of this
 * vendor group, the vendor code it was issued to, no more acknowledged than ordered, a backorder only where the
 * item allows one; codes and wording
 * [UNVERIFIED], the emulator's) comes back as a Failure of getTransaction, as invoices do. A successful
 * one moves the PO to Acknowledged. Every acknowledgement received is counted per PO, so a test sees one
 * sent twice.
 */

const CODES = new Set(['Accepted', 'Backordered', 'Rejected']);
const REASONS = new Set(['TemporarilyUnavailable', 'InvalidProductIdentifier', 'ObsoleteProduct']);
const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message }] } });

interface Quantity { amount?: unknown; unitOfMeasure?: unknown; unitSize?: unknown }
interface AckItem { itemSequenceNumber?: unknown; isBackOrderAllowed?: unknown; orderedQuantity?: Quantity; netCost?: unknown; itemAcknowledgements?: Array<{ acknowledgementCode?: unknown; acknowledgedQuantity?: Quantity; rejectionReason?: unknown }> }
interface Ack { purchaseOrderNumber?: unknown; sellingParty?: { partyId?: unknown }; acknowledgementDate?: unknown; items?: AckItem[] }

const eaches = (q: Quantity | undefined): number | null => {
  if (!q || typeof q.amount !== 'number' || !Number.isInteger(q.amount) || q.amount <= 0) return null;
  if (q.unitOfMeasure === 'Eaches') return q.amount;
  return q.unitOfMeasure === 'Cases' && typeof q.unitSize === 'number' ? q.amount * q.unitSize : null;
};

function shapeError(a: Ack, at: string): string | null {
  if (typeof a.purchaseOrderNumber !== 'string' || !a.sellingParty || typeof a.sellingParty.partyId !== 'string' || typeof a.acknowledgementDate !== 'string' || !Array.isArray(a.items)) {
    return `${at} needs purchaseOrderNumber, sellingParty, acknowledgementDate and items`;
  }
  for (const item of a.items) {
    if (!item.orderedQuantity || !Array.isArray(item.itemAcknowledgements) || !item.netCost) return `${at}, item ${String(item.itemSequenceNumber)}: orderedQuantity, netCost and itemAcknowledgements are required`;
    for (const ia of item.itemAcknowledgements) {
      if (!CODES.has(String(ia.acknowledgementCode)) || eaches(ia.acknowledgedQuantity) === null) return `${at}, item ${String(item.itemSequenceNumber)}: each acknowledgement needs a code (Accepted, Backordered, Rejected) and a quantity that is not zero`;
      if (ia.rejectionReason !== undefined && !REASONS.has(String(ia.rejectionReason))) return `${at}, item ${String(item.itemSequenceNumber)}: unknown rejectionReason ${String(ia.rejectionReason)}`;
    }
  }
  return null;
}

export function submitAcknowledgement(state: EmulatorState, store: VendorStore, seller: SeedSeller, body: Buffer): Reply {
  let request: { acknowledgements?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as typeof request;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  const acks = Array.isArray(request.acknowledgements) ? (request.acknowledgements as Ack[]) : [];
  if (!acks.length) return invalid('acknowledgements must hold at least one acknowledgement');
  for (const [i, a] of acks.entries()) {
    const e = shapeError(a, `acknowledgements[${i}]`);
    if (e) return invalid(e);
  }
  const errors: { code: string; message: string }[] = [];
  for (const a of acks) {
    const number = String(a.purchaseOrderNumber);
    store.acknowledgements.set(number, (store.acknowledgements.get(number) ?? 0) + 1);
    const po = (seller.purchaseOrders ?? []).find((o) => o.purchaseOrderNumber === number) as { orderDetails?: { sellingParty?: { partyId?: string }; items?: AckItem[] } } | undefined;
    if (!po) { errors.push({ code: 'InvalidPurchaseOrder', message: `Purchase order ${number} was not issued to this vendor group.` }); continue; }
    if (po.orderDetails?.sellingParty?.partyId !== a.sellingParty?.partyId) errors.push({ code: 'InvalidSellingParty', message: `Purchase order ${number} was issued to ${String(po.orderDetails?.sellingParty?.partyId)}, not ${String(a.sellingParty?.partyId)}.` });
    for (const item of a.items ?? []) {
      const ordered = po.orderDetails?.items?.find((x) => x.itemSequenceNumber === item.itemSequenceNumber);
      if (!ordered) { errors.push({ code: 'InvalidItem', message: `Purchase order ${number} has no item ${String(item.itemSequenceNumber)}.` }); continue; }
      const acknowledged = (item.itemAcknowledgements ?? []).reduce((s, ia) => s + (eaches(ia.acknowledgedQuantity) ?? 0), 0);
      const max = eaches(ordered.orderedQuantity) ?? 0;
      if (acknowledged > max) errors.push({ code: 'InvalidQuantity', message: `Purchase order ${number}, item ${String(item.itemSequenceNumber)}: ${acknowledged} acknowledged, ${max} ordered.` });
      // isBackOrderAllowed: "When true, we will accept backorder confirmations for this item" (OrderItem, vendorOrders.json).
      if (ordered.isBackOrderAllowed !== true && (item.itemAcknowledgements ?? []).some((ia) => ia.acknowledgementCode === 'Backordered')) {
        errors.push({ code: 'BackorderNotAllowed', message: `Purchase order ${number}, item ${String(item.itemSequenceNumber)} does not allow backorders; accept or reject it.` });
      }
    }
  }
  const transactionId = randomUUID();
  store.transactions.set(transactionId, { sellerId: seller.sellerId, createdAt: state.clock.now(), errors, invoices: [], acknowledged: acks.map((a) => String(a.purchaseOrderNumber)) });
  return { status: 202, body: { payload: { transactionId } } };
}

/** A successful acknowledgement moves its POs to Acknowledged (purchaseOrderStateChangedDate now), once. */
export function applyAcknowledgement(state: EmulatorState, seller: SeedSeller, poNumbers: readonly string[]): void {
  for (const po of seller.purchaseOrders ?? []) {
    if (!poNumbers.includes(String(po.purchaseOrderNumber)) || po.purchaseOrderState !== 'New') continue;
    po.purchaseOrderState = 'Acknowledged';
    (po.orderDetails as Record<string, unknown>).purchaseOrderStateChangedDate = new Date(state.clock.now()).toISOString();
  }
}
