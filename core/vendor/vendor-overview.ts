import type { PurchaseOrder } from '../amazon/vendor';
import type { Db } from '../store';
import type { AcknowledgementIntent, AcknowledgementLine } from './acknowledgement-proposal';
import type { InvoiceIntent } from './invoice-submission';
import type { SalesOrderIntent } from './purchase-order-intake';
import { lastShipFrom, type ShipmentIntent } from './shipment-confirmation';
import type { PaymentIntent } from './remittance';
import type { VendorOutbox, VendorOutboxEntry } from './vendor-outbox';
import type { VendorReviews, VendorReviewItem } from './vendor-reviews';

export interface VendorPoRow {
  vendorCode: string;
  poNumber: string;
  poState: string;
  changedAt: string;
  currency: string | null;
  /** The PO's net cost, in minor units of its currency; null while it could not be built. */
  total: number | null;
  salesOrder: { state: string; documentNumber: string | null; message: string | null } | null;
  /** Held: a proposal waiting for a person; the lines say what was (or will be) sent per PO line. */
  acknowledgement: { state: string; decidedBy: 'availability' | 'user'; lines: AcknowledgementLine[]; stock: Record<string, number> | null; reasons: string[]; message: string | null } | null;
  invoice: { number: string; state: string; total: number; reasons: string[]; message: string | null } | null;
  payment: { state: string; paid: number; deducted: number } | null;
  shipments: Array<{
    number: string; postingDate: string; state: string; shipToPartyId: string; shipFromPartyId: string | null; reasons: string[]; message: string | null;
    items: Array<{ itemSequenceNumber: string; vendorSku: string | null; amount: number; unitOfMeasure: 'Cases' | 'Eaches' }>;
  }>;
  openReviews: number;
}

const messageOf = (e: VendorOutboxEntry): string | null => {
  const d = e.detail as { message?: unknown; reason?: unknown } | null;
  return typeof d?.message === 'string' ? d.message : typeof d?.reason === 'string' ? d.reason : null;
};

/** Each PO with its sales order, invoice and payment as the vendor outbox holds them, newest first. */
export function vendorOverview(db: Db, outbox: VendorOutbox, reviews: VendorReviews): { purchaseOrders: VendorPoRow[]; reviews: VendorReviewItem[] } {
  const rows = db.prepare('SELECT vendor_code, po_number, po_state, changed_at, body FROM vendor_purchase_order ORDER BY changed_at DESC, po_number').all() as
    Array<{ vendor_code: string; po_number: string; po_state: string; changed_at: string; body: string }>;
  const bySubject = <D>(kind: 'sales-order' | 'invoice' | 'payment' | 'acknowledgement') => {
    const m = new Map<string, VendorOutboxEntry<D>>();
    for (const e of outbox.list<D>({ kind })) m.set(e.subject, e);
    return m;
  };
  const orders = bySubject<SalesOrderIntent>('sales-order');
  const invoices = bySubject<InvoiceIntent>('invoice');
  const payments = bySubject<PaymentIntent>('payment');
  const acks = bySubject<AcknowledgementIntent>('acknowledgement');
  const shipments = new Map<string, VendorOutboxEntry<ShipmentIntent>[]>();
  for (const e of outbox.list<ShipmentIntent>({ kind: 'shipment' })) shipments.set(e.subject, [...(shipments.get(e.subject) ?? []), e]);
  const shipFrom = new Map<string, string | null>();
  const shipFromOf = (vendorCode: string) => {
    if (!shipFrom.has(vendorCode)) shipFrom.set(vendorCode, lastShipFrom(outbox, vendorCode));
    return shipFrom.get(vendorCode) ?? null;
  };
  const items = reviews.list();
  const purchaseOrders = rows.map((r): VendorPoRow => {
    const subject = `${r.vendor_code}:${r.po_number}`;
    const so = orders.get(subject);
    const inv = invoices.get(subject);
    const pay = payments.get(subject);
    const ack = acks.get(subject);
    const lines = so?.document.salesOrder.lines ?? [];
    const po = JSON.parse(r.body) as PurchaseOrder;
    return {
      vendorCode: r.vendor_code, poNumber: r.po_number, poState: po.purchaseOrderState, changedAt: r.changed_at,
      currency: so?.document.salesOrder.currency ?? null,
      total: so ? lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) : null,
      salesOrder: so ? { state: so.state, documentNumber: so.result, message: messageOf(so) } : null,
      acknowledgement: ack ? {
        state: ack.state, decidedBy: ack.document.decidedBy, lines: ack.document.lines, stock: ack.document.stock,
        reasons: ((ack.detail as { reasons?: string[] } | null)?.reasons) ?? [], message: messageOf(ack),
      } : null,
      invoice: inv ? {
        number: inv.document.invoice.id, state: inv.state, total: inv.document.erpInvoice.total,
        reasons: ((inv.detail as { reasons?: string[] } | null)?.reasons) ?? [], message: messageOf(inv),
      } : null,
      payment: pay ? { state: pay.state, paid: pay.document.paid, deducted: pay.document.deductions.filter((d) => d.account).reduce((s, d) => s + d.amount, 0) } : null,
      shipments: (shipments.get(subject) ?? []).map((e) => ({
        number: e.document.erpShipment.number, postingDate: e.document.erpShipment.postingDate, state: e.state, shipToPartyId: e.document.shipToPartyId,
        shipFromPartyId: e.document.confirmation?.shipFromParty.partyId ?? shipFromOf(r.vendor_code),
        reasons: ((e.detail as { reasons?: string[] } | null)?.reasons) ?? [], message: messageOf(e),
        items: e.document.shippedItems.map((i) => ({ itemSequenceNumber: i.itemSequenceNumber, vendorSku: i.vendorProductIdentifier ?? null, amount: i.shippedQuantity.amount, unitOfMeasure: i.shippedQuantity.unitOfMeasure })),
      })),
      openReviews: items.filter((i) => i.state !== 'posted' && i.vendorCode === r.vendor_code && i.poNumber === r.po_number).length,
    };
  });
  return { purchaseOrders, reviews: items };
}
