import type { FulfilmentOrder } from '../erp-connector';

/**
 * Sales orders Amazon ships, in SAP Business One: `Orders` (EntitySet of EntityType Document, edmx line
 * 25489), open (DocumentStatus bost_Open, Cancelled tNO) with open lines (LineStatus bost_Open,
 * RemainingOpenQuantity) at the warehouse the user marks as Amazon's (DocumentLine.WarehouseCode). The
 * ship-to address is the document's AddressExtension (ShipToStreet, ShipToStreetNo, ShipToBlock,
 * ShipToBuilding, ShipToAddress2/3, ShipToCity, ShipToZipCode, ShipToState, ShipToCountry); the name is the
 * document's CardName, since AddressExtension holds no addressee. Tracking goes to Document.TrackingNumber
 * (Edm.String, no MaxLength in the edmx: B1's column size is UNVERIFIED) and Amazon's words to Comments.
 */
export const ORDER_FIELDS = ['DocEntry', 'DocNum', 'DocDate', 'CardCode', 'CardName', 'DocumentStatus', 'Cancelled', 'AddressExtension', 'DocumentLines', 'TrackingNumber', 'Comments'];

type Row = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The order as Amazon would ship it, or null when nothing of it is left to ship from the warehouse. */
export function fulfilmentOrderOf(row: Row, warehouse: string): FulfilmentOrder | null {
  if (row.DocumentStatus !== 'bost_Open' || row.Cancelled === 'tYES') return null;
  const lines = (Array.isArray(row.DocumentLines) ? (row.DocumentLines as Row[]) : [])
    .filter((l) => l.WarehouseCode === warehouse && l.LineStatus !== 'bost_Close' && typeof l.ItemCode === 'string' && l.ItemCode)
    .map((l) => ({ itemNumber: String(l.ItemCode), quantity: Number(l.RemainingOpenQuantity ?? l.Quantity ?? 0) }))
    .filter((l) => l.quantity > 0);
  if (lines.length === 0) return null;
  const a = (row.AddressExtension ?? {}) as Row;
  const street = [text(a.ShipToStreetNo), text(a.ShipToStreet)].filter(Boolean).join(' ');
  return {
    number: String(row.DocNum),
    orderDate: text(row.DocDate).slice(0, 10),
    shipTo: {
      name: text(row.CardName), addressLine1: street || text(a.ShipToBuilding), addressLine2: [street ? text(a.ShipToBuilding) : '', text(a.ShipToBlock), text(a.ShipToAddress2), text(a.ShipToAddress3)].filter(Boolean).join(', '),
      city: text(a.ShipToCity), state: text(a.ShipToState), postCode: text(a.ShipToZipCode), country: text(a.ShipToCountry), phone: '',
    },
    shippingMethod: null,
    lines,
  };
}

/**
 * What the order is patched with so it carries Amazon's note once: the note on a line of its own at the end
 * of Comments, and the tracking numbers in TrackingNumber when there are some. Null when both are there.
 */
export function trackingPatch(row: Row, note: string, trackingNumber?: string): Row | null {
  const comments = text(row.Comments);
  const hasNote = comments.split(/\r?\n/).includes(note);
  const hasTracking = !trackingNumber || text(row.TrackingNumber) === trackingNumber;
  if (hasNote && hasTracking) return null;
  return {
    ...(hasNote ? {} : { Comments: comments ? `${comments}\n${note}` : note }),
    ...(hasTracking ? {} : { TrackingNumber: trackingNumber }),
  };
}
