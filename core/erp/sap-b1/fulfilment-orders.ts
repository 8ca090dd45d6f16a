import type { FulfilmentMarker, FulfilmentOrder } from '../erp-connector';
import { ErpError } from '../erp-error';
import { odataString, type ODataQuery } from '../odata';

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

/**
 * The order as Amazon would ship it, or null when nothing of it is left to ship: marked by warehouse, the
 * open lines at that warehouse; marked otherwise (warehouse null), every open item line.
 */
export function fulfilmentOrderOf(row: Row, warehouse: string | null): FulfilmentOrder | null {
  if (row.DocumentStatus !== 'bost_Open' || row.Cancelled === 'tYES') return null;
  const lines = (Array.isArray(row.DocumentLines) ? (row.DocumentLines as Row[]) : [])
    .filter((l) => (warehouse === null || l.WarehouseCode === warehouse) && l.LineStatus !== 'bost_Close' && typeof l.ItemCode === 'string' && l.ItemCode)
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

const SYSTEM = 'sap-b1';
const refused = (message: string, operation: string) => new ErpError(message, { system: SYSTEM, kind: 'validation', operation, retryable: false });

/**
 * The other ways to mark an order as Amazon's, as the Service Layer shows them:
 * - shipping agent: the document's TransportationCode (Edm.Int32, edmx EntityType Document line 16694), a
 *   Code of ShippingTypes (EntitySet ShippingTypes of EntityType ShippingType: Code, Name; B1 calls it the
 *   shipping type). The user names it by Name or by Code; the query for it is shippingTypeQuery.
 * - field: a user-defined field of the order header, U_<Name>. UDFs are settable and filterable (NOTES §3.6,
 *   B1GUIDE §3.14); the company's are listed by UserFieldsMD (EntityType UserFieldMD: TableName, Name, Type
 *   of BoFieldTypes). That sales order headers are table ORDR and that Name comes without the U_ prefix is
 *   UNVERIFIED (the edmx maps no table to an entity set).
 */
export const ORDER_TABLE = 'ORDR';

export function shippingTypeQuery(code: string): ODataQuery {
  return { filter: /^\d+$/.test(code.trim()) ? `Code eq ${Number(code)}` : `Name eq ${odataString(code.trim())}`, select: ['Code', 'Name'] };
}

export function shippingTypeClause(code: string, found: Row | undefined): string {
  if (!found) throw refused(`SAP Business One has no shipping type ${code}, the one set for orders shipped by Amazon. Pick a shipping type the company has (its name or code) in the fulfilment settings.`, 'ShippingTypes');
  return `TransportationCode eq ${Number(found.Code)}`;
}

/** The user field's name as UserFieldsMD keys it, or a refusal for a name that is not a user field. */
export function userFieldName(field: string): string {
  const m = /^U_(\w{1,50})$/.exec(field.trim());
  if (!m) throw refused(`"${field}" is not a user-defined field: in SAP Business One, mark orders shipped by Amazon with a user field of the sales order, named U_ and its name (e.g. U_ShipByAmazon).`, 'UserFieldsMD');
  return m[1]!;
}

export function userFieldQuery(field: string): ODataQuery {
  return { filter: `TableName eq '${ORDER_TABLE}' and Name eq ${odataString(userFieldName(field))}`, select: ['Name', 'Type'] };
}

/** The Orders filter clause for a user field holding the value, once UserFieldsMD answered `found` for it. */
export function userFieldClause(marker: Extract<FulfilmentMarker, { by: 'field' }>, found: Row | undefined): string {
  const field = `U_${userFieldName(marker.field)}`;
  if (!found) throw refused(`SAP Business One has no user field ${field} on sales orders (table ${ORDER_TABLE}), the one set for orders shipped by Amazon. Pick a user field the company has in the fulfilment settings.`, 'UserFieldsMD');
  if (found.Type === 'db_Alpha' || found.Type === 'db_Memo') return `${field} eq ${odataString(marker.value)}`;
  if (found.Type === 'db_Numeric') {
    if (!/^-?\d+$/.test(marker.value.trim())) throw refused(`The user field ${field} holds whole numbers, so "${marker.value}" can never match an order. Enter a whole number in the fulfilment settings.`, 'UserFieldsMD');
    return `${field} eq ${Number(marker.value)}`;
  }
  throw refused(`The user field ${field} holds ${found.Type === 'db_Date' ? 'dates' : 'decimal numbers'}; mark orders shipped by Amazon with a text or whole-number user field.`, 'UserFieldsMD');
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
