import { businessError } from './emulator-errors';
import type { SapB1Seed } from './emulator-seed';

type Row = Record<string, unknown>;

/** A sales order as stored and answered (edmx EntitySet Orders of EntityType Document, lines ComplexType DocumentLine). */
export interface StoredOrder {
  DocEntry: number;
  DocNum: number;
  DocDate: string;
  CardCode: string;
  CardName: string;
  NumAtCard: string | null;
  DocumentStatus: 'bost_Open' | 'bost_Close';
  Cancelled: 'tNO' | 'tYES';
  AddressExtension: Row;
  TrackingNumber: string | null;
  Comments: string | null;
  /** The shipping type (ShippingTypes.Code) the order names, Edm.Int32 (edmx Document, line 16694). */
  TransportationCode: number | null;
  DocumentLines: Row[];
  /** User-defined fields of the order header (UserFieldsMD of table ORDR), as U_<Name>. */
  [userField: `U_${string}`]: unknown;
}

/** The order header's user fields as a document carries them (U_<Name>). */
export const orderUserFields = (seed: SapB1Seed): string[] => (seed.userFields ?? []).filter((f) => f.TableName === 'ORDR').map((f) => `U_${f.Name}`);

/**
 * The shipping type and user fields of a posted order. A shipping type the company lacks and a U_ field it
 * did not define are refused; the wording of both is UNVERIFIED (the emulator's own).
 */
function headerExtras(body: Row, seed: SapB1Seed): Pick<StoredOrder, 'TransportationCode'> & Record<`U_${string}`, unknown> {
  const transport = body.TransportationCode === undefined || body.TransportationCode === null ? null : Number(body.TransportationCode);
  if (transport !== null && !(seed.shippingTypes ?? []).some((t) => t.Code === transport)) throw businessError(`Invalid shipping type '${String(body.TransportationCode)}'`);
  const declared = orderUserFields(seed);
  const extras: Record<`U_${string}`, unknown> = Object.fromEntries(declared.map((f) => [f, null]));
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith('U_')) continue;
    if (!declared.includes(k)) throw businessError(`Property '${k}' of 'Document' is invalid`);
    extras[k as `U_${string}`] = v;
  }
  return { TransportationCode: transport, ...extras };
}

/**
 * POST Orders (NOTES §3.3: `POST /Orders` with DocumentLines → 201 and the full entity): an open order of a
 * known customer for known sales items, each line at a known warehouse (the first when none is named,
 * UNVERIFIED: B1 takes the item's default warehouse). Nothing is booked until delivery.
 */
export function createOrder(body: Row, seed: SapB1Seed, orders: StoredOrder[], today: string): StoredOrder {
  const partner = seed.businessPartners.find((b) => b.CardCode === body.CardCode && b.CardType === 'cCustomer');
  if (!partner) throw businessError(`Invalid BP code '${String(body.CardCode ?? '')}'`);
  const lines = Array.isArray(body.DocumentLines) ? (body.DocumentLines as Row[]) : [];
  if (!lines.length) throw businessError('Document has no lines');
  const docEntry = (orders.at(-1)?.DocEntry ?? 0) + 1;
  const order: StoredOrder = {
    DocEntry: docEntry, DocNum: 40_000 + docEntry, DocDate: typeof body.DocDate === 'string' ? body.DocDate.slice(0, 10) : today,
    CardCode: partner.CardCode, CardName: typeof body.CardName === 'string' ? body.CardName : partner.CardName, NumAtCard: typeof body.NumAtCard === 'string' ? body.NumAtCard : null,
    DocumentStatus: 'bost_Open', Cancelled: 'tNO', AddressExtension: (body.AddressExtension ?? {}) as Row, TrackingNumber: null, Comments: typeof body.Comments === 'string' ? body.Comments : null,
    ...headerExtras(body, seed),
    DocumentLines: lines.map((l, i) => {
      const item = seed.items.find((x) => x.ItemCode === l.ItemCode);
      if (!item || item.SalesItem !== 'tYES') throw businessError(`Invalid item code '${String(l.ItemCode ?? '')}' on line ${i + 1}`);
      const warehouse = typeof l.WarehouseCode === 'string' ? l.WarehouseCode : seed.warehouses[0]!.WarehouseCode;
      if (!seed.warehouses.some((w) => w.WarehouseCode === warehouse)) throw businessError(`Invalid warehouse code '${warehouse}' on line ${i + 1}`);
      const quantity = Number(l.Quantity ?? 0);
      return { LineNum: i, ItemCode: item.ItemCode, Quantity: quantity, RemainingOpenQuantity: quantity, WarehouseCode: warehouse, LineStatus: 'bost_Open' };
    }),
  };
  orders.push(order);
  return order;
}

/**
 * PATCH Orders(n) → 204 (NOTES §3.3). The emulator takes only the fields the fulfilment flow writes
 * (TrackingNumber, Comments, AddressExtension) and refuses the rest, since it does not model their rules;
 * a closed or cancelled order is refused (wording UNVERIFIED).
 */
export function patchOrder(orders: StoredOrder[], docEntry: number, body: Row): StoredOrder | null {
  const order = orders.find((o) => o.DocEntry === docEntry);
  if (!order) return null;
  const unknown = Object.keys(body).filter((k) => !['TrackingNumber', 'Comments', 'AddressExtension'].includes(k));
  if (unknown.length) throw businessError(`The emulator does not change ${unknown.join(', ')} on an order`);
  if (order.Cancelled === 'tYES' || order.DocumentStatus !== 'bost_Open') throw businessError(`Document is already closed or cancelled (order ${order.DocNum})`);
  if (typeof body.TrackingNumber === 'string') order.TrackingNumber = body.TrackingNumber;
  if (typeof body.Comments === 'string') order.Comments = body.Comments;
  if (body.AddressExtension && typeof body.AddressExtension === 'object') order.AddressExtension = { ...order.AddressExtension, ...(body.AddressExtension as Row) };
  return order;
}
