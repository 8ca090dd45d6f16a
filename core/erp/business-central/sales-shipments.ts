import type { PostedSalesShipment } from '../erp-connector';

type Row = Record<string, unknown>;

/**
 * Posted sales shipments through API v2.0: salesShipments (page 30062 "APIV2 - Sales Shipments", source
 * table "Sales Shipment Header", read-only) with its part salesShipmentLines (page 30063, "Sales Shipment
 * Line"), microsoft/ALAppExtensions Apps/W1/APIV2/app/src/pages/APIV2SalesShipments.Page.al and
 * APIV2SalesShipmentLines.Page.al. Neither page is in bc-apiv2-page-fields.json; the property names here
 * are the pages' own (externalDocumentNumber, orderNumber, postingDate; lineType, lineObjectNumber, quantity).
 */
export const SALES_SHIPMENTS_SET = 'salesShipments';

/** Item lines only: a comment line on a shipment ships nothing. */
export function postedSalesShipmentFromRow(row: Row): PostedSalesShipment {
  const lines = ((row.salesShipmentLines as Row[] | undefined) ?? [])
    .filter((l) => l.lineType === 'Item' && Number(l.quantity) > 0)
    .sort((a, b) => Number(a.sequence) - Number(b.sequence));
  return {
    number: String(row.number),
    externalDocumentNumber: String(row.externalDocumentNumber ?? ''),
    orderNumber: String(row.orderNumber ?? ''),
    postingDate: String(row.postingDate ?? ''),
    lines: lines.map((l) => ({ itemNumber: String(l.lineObjectNumber), quantity: Number(l.quantity) })),
  };
}
