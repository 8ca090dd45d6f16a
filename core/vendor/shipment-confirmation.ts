import type { PurchaseOrder } from '../amazon/vendor';
import type { VendorItemQuantity } from '../amazon/vendor-acknowledgements';
import type { ShipmentConfirmation } from '../amazon/vendor-shipments';
import type { PostedSalesShipment, SalesOrderSync } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import type { Db } from '../store';
import { ERP_AT_ONCE, sendConcurrently } from './concurrent-sends';
import { detailsOf } from './purchase-order-document';
import type { SalesOrderIntent } from './purchase-order-intake';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

type ShippedItem = ShipmentConfirmation['shippedItems'][number];

/**
 * A shipment confirmation in the vendor outbox (Amazon connection, key vendor code + ERP shipment number):
 * held until a person sends it (they name the warehouse it left from as Amazon knows it), then sent once and
 * its transaction read back. Vendors whose carrier or warehouse system confirms shipments to Amazon leave
 * it unsent, or mark it as sent elsewhere.
 */
export interface ShipmentIntent {
  vendorCode: string;
  poNumber: string;
  erpShipment: PostedSalesShipment;
  /** The PO's ship-to warehouse (shipToParty.partyId): where Amazon expects the goods. */
  shipToPartyId: string;
  shippedItems: ShippedItem[];
  /** What was (or goes) to Amazon, once a person sent it. */
  confirmation: ShipmentConfirmation | null;
}

export const shipmentKey = (vendorCode: string, shipmentNumber: string) => `${vendorCode}:${shipmentNumber}`;

export class ShipmentConfirmationError extends DomainError {
  constructor(message: string, code: 'not_found' | 'conflict' | 'invalid_input' = 'conflict') {
    super(code, message);
  }
}

interface PoItem { itemSequenceNumber?: string; amazonProductIdentifier?: string; vendorProductIdentifier?: string; orderedQuantity?: { unitOfMeasure?: string; unitSize?: number } }

/**
 * The posted shipment's lines as the PO's items (ItemQuantity of vendorShipments.json): each line against the
 * PO line of its item, in cases where Amazon ordered cases and the eaches make whole cases, else in eaches.
 */
export function shippedItemsOf(po: PurchaseOrder, so: SalesOrderIntent, shipment: PostedSalesShipment): { items: ShippedItem[] } | { reasons: string[] } {
  const poItems = (detailsOf(po).items ?? []) as PoItem[];
  const reasons: string[] = [];
  const items: ShippedItem[] = [];
  const unused = [...so.lines];
  for (const [i, l] of shipment.lines.entries()) {
    const at = unused.findIndex((r) => r.itemNumber === l.itemNumber);
    const ref = at >= 0 ? unused.splice(at, 1)[0]! : so.lines.find((r) => r.itemNumber === l.itemNumber);
    if (!ref) { reasons.push(`Shipment ${shipment.number}, line ${i + 1}: item ${l.itemNumber} is on no line of PO ${so.poNumber}; Amazon matches shipped items to PO items.`); continue; }
    const ordered = poItems.find((p) => p.itemSequenceNumber === ref.itemSequenceNumber)?.orderedQuantity;
    const size = ordered?.unitOfMeasure === 'Cases' ? ordered.unitSize ?? 1 : 1;
    const quantity: VendorItemQuantity = size > 1 && l.quantity % size === 0
      ? { amount: l.quantity / size, unitOfMeasure: 'Cases', unitSize: size }
      : { amount: l.quantity, unitOfMeasure: 'Eaches' };
    items.push({
      itemSequenceNumber: ref.itemSequenceNumber,
      ...(ref.asin ? { amazonProductIdentifier: ref.asin } : {}),
      ...(ref.vendorSku ? { vendorProductIdentifier: ref.vendorSku } : {}),
      shippedQuantity: quantity,
      itemDetails: { purchaseOrderNumber: so.poNumber },
    });
  }
  return reasons.length ? { reasons } : { items };
}

const poOf = (db: Db, amazonConnectionId: string, vendorCode: string, poNumber: string): PurchaseOrder | null => {
  const row = db.prepare('SELECT body FROM vendor_purchase_order WHERE amazon_connection_id = ? AND vendor_code = ? AND po_number = ?').get(amazonConnectionId, vendorCode, poNumber) as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as PurchaseOrder) : null;
};

/**
 * For every PO whose sales order the ERP holds and whose invoice is not yet on its way to Amazon, reads the
 * ERP's posted shipments and holds a confirmation of each new one for a person to send (once, by vendor
 * code + shipment number), several POs at once. A shipment that does not match the PO becomes a review item
 * instead.
 */
export async function proposeShipmentConfirmations(o: {
  db: Db; outbox: VendorOutbox; reviews: VendorReviews; erp: SalesOrderSync; erpConnectionId: string; amazonConnectionId: string; signal?: AbortSignal;
}): Promise<{ proposed: string[] }> {
  const invoiced = new Set(o.outbox.list({ connectionId: o.amazonConnectionId, kind: 'invoice' }).map((e) => e.subject));
  const known = new Set(o.outbox.list({ connectionId: o.amazonConnectionId, kind: 'shipment' }).map((e) => e.naturalKey));
  const out = { proposed: [] as string[] };
  const open = o.outbox.list<SalesOrderIntent>({ connectionId: o.erpConnectionId, kind: 'sales-order' }).filter((so) => so.state === 'sent' && !invoiced.has(so.subject));
  await sendConcurrently(open, ERP_AT_ONCE, async (so) => {
    const doc = so.document;
    const po = poOf(o.db, o.amazonConnectionId, doc.vendorCode, doc.poNumber);
    if (!po) return 'next';
    for (const shipment of await o.erp.findPostedSalesShipments(doc.salesOrder.customerNumber, doc.poNumber, o.signal)) {
      const key = shipmentKey(doc.vendorCode, shipment.number);
      if (known.has(key)) continue;
      const built = shippedItemsOf(po, doc, shipment);
      if ('reasons' in built) {
        o.reviews.raise(o.erpConnectionId, {
          key: `shipment-unmatched:${key}`, kind: 'shipment-rejected', vendorCode: doc.vendorCode, poNumber: doc.poNumber,
          title: `Shipment ${shipment.number} of PO ${doc.poNumber} cannot be confirmed to Amazon: ${built.reasons[0]}`, facts: { reasons: built.reasons, amazon: po, erp: shipment },
        });
        continue;
      }
      const intent: ShipmentIntent = {
        vendorCode: doc.vendorCode, poNumber: doc.poNumber, erpShipment: shipment, shipToPartyId: (detailsOf(po) as { shipToParty?: { partyId?: string } }).shipToParty?.partyId ?? '',
        shippedItems: built.items, confirmation: null,
      };
      if (o.outbox.enqueue(o.amazonConnectionId, 'shipment', key, so.subject, intent, 'held') === 'new') out.proposed.push(key);
      known.add(key);
    }
    return 'next';
  }, o.signal);
  return out;
}

/** The warehouse code the vendor code's last confirmation named, to offer it again. */
export function lastShipFrom(outbox: VendorOutbox, vendorCode: string): string | null {
  const sent = outbox.list<ShipmentIntent>({ kind: 'shipment' }).filter((e) => e.document.vendorCode === vendorCode && e.document.confirmation);
  return sent.at(-1)?.document.confirmation?.shipFromParty.partyId ?? null;
}

/**
 * A person sends a held shipment confirmation: built now (shipmentConfirmationType Original, the BC shipment
 * number as shipmentIdentifier, the date it was confirmed) and queued to go to Amazon once with the next run.
 */
export function sendShipmentConfirmation(o: { outbox: VendorOutbox; amazonConnectionId: string; vendorCode: string; shipmentNumber: string; shipFromPartyId: string; now: () => Date }): ShipmentIntent {
  const key = shipmentKey(o.vendorCode, o.shipmentNumber);
  const entry = o.outbox.get<ShipmentIntent>(o.amazonConnectionId, 'shipment', key);
  if (!entry) throw new ShipmentConfirmationError(`Shipment ${o.shipmentNumber} (vendor code ${o.vendorCode}) has no confirmation to send: it is proposed once the ERP has posted the shipment.`, 'not_found');
  if (entry.state !== 'held') throw new ShipmentConfirmationError(`The confirmation of shipment ${o.shipmentNumber} is already ${entry.state === 'pending' ? 'queued to be sent' : entry.state}; Amazon gets each shipment once.`);
  const shipFrom = o.shipFromPartyId.trim();
  if (!shipFrom) throw new ShipmentConfirmationError(`Shipment ${o.shipmentNumber}: name the warehouse it left from (its party id at Amazon).`, 'invalid_input');
  const d = entry.document;
  const confirmation: ShipmentConfirmation = {
    shipmentIdentifier: d.erpShipment.number,
    shipmentConfirmationType: 'Original',
    shipmentConfirmationDate: o.now().toISOString(),
    sellingParty: { partyId: d.vendorCode },
    shipFromParty: { partyId: shipFrom },
    shipToParty: { partyId: d.shipToPartyId },
    shippedItems: d.shippedItems,
  };
  const intent: ShipmentIntent = { ...d, confirmation };
  o.outbox.move(entry, ['held'], 'pending', { document: intent });
  return intent;
}

/** A person says the shipment was confirmed to Amazon another way (their carrier or warehouse system): nothing is sent. */
export function markShipmentConfirmedElsewhere(o: { outbox: VendorOutbox; amazonConnectionId: string; vendorCode: string; shipmentNumber: string; note: string }): void {
  const entry = o.outbox.get<ShipmentIntent>(o.amazonConnectionId, 'shipment', shipmentKey(o.vendorCode, o.shipmentNumber));
  if (!entry) throw new ShipmentConfirmationError(`Shipment ${o.shipmentNumber} (vendor code ${o.vendorCode}) has no confirmation.`, 'not_found');
  if (entry.state !== 'held') throw new ShipmentConfirmationError(`The confirmation of shipment ${o.shipmentNumber} is already ${entry.state}; only one not sent can be marked as confirmed elsewhere.`);
  o.outbox.move(entry, ['held'], 'cancelled', { detail: { reason: `Confirmed to Amazon outside this app: ${o.note}` } });
}
