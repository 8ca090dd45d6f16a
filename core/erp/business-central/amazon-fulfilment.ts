import type { FulfilmentOrder } from '../erp-connector';

type Row = Record<string, unknown>;

/**
 * Fields of a sales order a person can set to mark it as Amazon's (the "field" marker), all in
 * APIV2SalesOrders.Page.al (bc-apiv2-page-fields.json, SalesOrders) and filterable with `eq` as text.
 * They are Code/Text fields of the Sales Header [UNVERIFIED: the spec file names the fields, not their
 * types]. API v2.0 shows no extension fields on salesOrders, so a field added by an extension cannot be used.
 */
export const MARKER_FIELDS = ['externalDocumentNumber', 'customerNumber', 'salesperson', 'shortcutDimension1Code', 'shortcutDimension2Code'] as const;

/**
 * Why Business Central cannot mark by shipping agent: the Sales Header's Shipping Agent Code is not on
 * APIV2SalesOrders.Page.al (bc-apiv2-page-fields.json lists shipmentMethodId, a shipment method, which is not
 * the shipping agent).
 */
export const NO_SHIPPING_AGENT = 'API v2.0 salesOrders has no shipping agent field (only shipmentMethodId, the shipment method)';

/**
 * Multi-Channel Fulfillment reads of API v2.0: by location, a sales order is Amazon's to ship when one of
 * its item lines stands at the location the user picked (salesOrderLines.locationId,
 * APIV2SalesOrderLines.Page.al; the header has no location field in APIV2SalesOrders.Page.al), and only
 * those lines go; marked by a field (locationId null here), every item line goes. The ship-to fields are
 * the header's shipTo*.
 */
export function fulfilmentOrderFromRow(order: Row, locationId: string | null): FulfilmentOrder | null {
  const lines = ((order.salesOrderLines as Row[] | undefined) ?? []).filter((l) => l.lineType === 'Item' && (locationId === null || l.locationId === locationId));
  if (order.fullyShipped === true || lines.length === 0) return null;
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
    lines: lines.map((l) => ({ itemNumber: String(l.lineObjectNumber), quantity: Number(l.quantity) - Number(l.shippedQuantity ?? 0) })).filter((l) => l.quantity > 0),
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
