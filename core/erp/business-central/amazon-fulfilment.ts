import type { FulfilmentOrder } from '../erp-connector';

type Row = Record<string, unknown>;

/**
 * Multi-Channel Fulfillment reads of API v2.0: a sales order is Amazon's to ship when one of its item lines
 * stands at the location the user picked (salesOrderLines.locationId, APIV2SalesOrderLines.Page.al; the
 * header has no location field in APIV2SalesOrders.Page.al). The ship-to fields are the header's shipTo*.
 */
export function fulfilmentOrderFromRow(order: Row, locationId: string): FulfilmentOrder | null {
  const lines = ((order.salesOrderLines as Row[] | undefined) ?? []).filter((l) => l.lineType === 'Item');
  if (order.fullyShipped === true || !lines.some((l) => l.locationId === locationId)) return null;
  const s = (k: string) => (typeof order[k] === 'string' ? (order[k] as string) : '');
  return {
    number: String(order.number),
    orderDate: s('orderDate'),
    shipTo: {
      name: s('shipToName') || s('customerName'), addressLine1: s('shipToAddressLine1'), addressLine2: s('shipToAddressLine2'), city: s('shipToCity'),
      state: s('shipToState'), postCode: s('shipToPostCode'), country: s('shipToCountry'), phone: s('phoneNumber'),
    },
    // shipmentMethodId is a GUID of shipmentMethods, which this connector does not read: the default speed applies.
    shippingMethod: null,
    lines: lines.filter((l) => l.locationId === locationId).map((l) => ({ itemNumber: String(l.lineObjectNumber), quantity: Number(l.quantity) - Number(l.shippedQuantity ?? 0) })).filter((l) => l.quantity > 0),
  };
}

/**
 * API v2.0 has no tracking field on salesOrders and no salesShipments page (bc-apiv2-page-fields.json lists
 * neither a package/tracking field nor a shipment entity), so carrier and tracking number go on the order
 * as a Comment line (lineType "Comment", description). Description is Text[100] in the Sales Line table
 * [UNVERIFIED: the length is not in the spec file]; the note is cut to fit.
 */
export const TRACKING_NOTE_MAX = 100;

export function hasNote(order: Row, note: string): boolean {
  return ((order.salesOrderLines as Row[] | undefined) ?? []).some((l) => l.lineType === 'Comment' && l.description === note.slice(0, TRACKING_NOTE_MAX));
}
