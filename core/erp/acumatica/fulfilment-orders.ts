import { inRounds } from '../create-once';
import type { AmazonFulfilmentOrders, FulfilmentMarker, FulfilmentOrder } from '../erp-connector';
import { markedLocation } from '../fulfilment-marker';
import { ErpError } from '../erp-error';
import { RECEIPT } from './customer-returns';
import type { PayoutPort } from './payout-payment';
import { odataString } from '../odata';

type Wrapped = Record<string, { value?: unknown } | unknown>;
type ValueOf = (row: Wrapped, field: string) => unknown;
const SYSTEM = 'acumatica';

/**
 * Sales orders Amazon ships (Multi-Channel Fulfillment), through the Default endpoint (both swaggers,
 * 23.200.001 and 24.200.001, define every name used here):
 * - the orders: SalesOrder of the connection's fulfilment order type (SO by default), Status Open or Back
 *   Order, read with `$expand=Details,ShipToAddress,ShipToContact` (linked and detail entities come only
 *   under $expand, swagger GET /SalesOrder). Only one order type is read, so OrderNbr alone names the order
 *   (it is unique within its type: the key is OrderType/OrderNbr, NOTES §4.1), and quotes, transfers and
 *   return orders, which have Open orders too, never go to Amazon. The status words are UNVERIFIED (the
 *   swagger gives Status as a string);
 * - the lines: SalesOrderDetail at the warehouse the user marks as Amazon's (WarehouseID), not Completed,
 *   not a Receipt (a line coming back), with what is left to ship in OpenQty (UNVERIFIED: whether OpenQty
 *   already leaves out what sits on an unconfirmed shipment; QtyOnShipments is not read);
 * - the ship-to: ShipToAddress (Address: AddressLine1, AddressLine2, City, State, PostalCode, Country) and
 *   ShipToContact (DocContact: Attention, the person, else BusinessName; Phone1); ShipVia is the order's
 *   ship via code, kept as its shipping method (the flow ships at the default speed).
 *
 * Tracking: SalesOrder has no tracking field in either swagger. Acumatica keeps tracking numbers on a
 * shipment's packages (Shipment.Packages[TrackingNbr]), but a Shipment is its own warehouse's: creating and
 * confirming one for goods Amazon sent would issue stock from the Amazon warehouse in Acumatica, which is
 * the stock flow's business and not this one's. So Amazon's note (carrier and tracking numbers, or why
 * Amazon ended the order) goes on the order's note, the `note` every entity has (swagger Entity.note, a
 * StringValue; the note a person sees on the order in Acumatica), on a line of its own, once: the order is
 * read before each write and a line already there is not added again.
 */
export const DEFAULT_FULFILMENT_ORDER_TYPE = 'SO';
/** Order statuses with something left to ship (UNVERIFIED words; see above). */
export const SHIPPABLE_STATUSES = ['Open', 'Back Order'] as const;
export const FULFILMENT_EXPAND = 'Details,ShipToAddress,ShipToContact';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The order as Amazon would ship it, or null when nothing of it is left to ship from the warehouse. */
export function fulfilmentOrderOf(row: Wrapped, warehouse: string, valueOf: ValueOf): FulfilmentOrder | null {
  if (!(SHIPPABLE_STATUSES as readonly unknown[]).includes(valueOf(row, 'Status'))) return null;
  const lines = (Array.isArray(row.Details) ? (row.Details as Wrapped[]) : [])
    .filter((l) => valueOf(l, 'WarehouseID') === warehouse && valueOf(l, 'Completed') !== true && valueOf(l, 'Operation') !== RECEIPT && text(valueOf(l, 'InventoryID')))
    .map((l) => ({ itemNumber: text(valueOf(l, 'InventoryID')), quantity: Number(valueOf(l, 'OpenQty') ?? valueOf(l, 'OrderQty') ?? 0) }))
    .filter((l) => l.quantity > 0);
  if (lines.length === 0) return null;
  const a = (row.ShipToAddress ?? {}) as Wrapped;
  const c = (row.ShipToContact ?? {}) as Wrapped;
  const shipVia = text(valueOf(row, 'ShipVia'));
  return {
    number: text(valueOf(row, 'OrderNbr')),
    orderDate: text(valueOf(row, 'Date')).slice(0, 10),
    shipTo: {
      name: text(valueOf(c, 'Attention')) || text(valueOf(c, 'BusinessName')),
      addressLine1: text(valueOf(a, 'AddressLine1')), addressLine2: text(valueOf(a, 'AddressLine2')), city: text(valueOf(a, 'City')),
      state: text(valueOf(a, 'State')), postCode: text(valueOf(a, 'PostalCode')), country: text(valueOf(a, 'Country')), phone: text(valueOf(c, 'Phone1')),
    },
    shippingMethod: shipVia || null,
    lines,
  };
}

/** The order's note with Amazon's note on a line of its own at the end; null when that line is there already. */
export function noteWithTracking(current: string, note: string): string | null {
  if (current.split(/\r?\n/).includes(note)) return null;
  return current ? `${current}\n${note}` : note;
}

/** What the fulfilment reads and writes need of the connector: its calls under the version-locked root. */
export type FulfilmentPort = Omit<PayoutPort, 'runAction'> & { orderType: string };

/** The connector's AmazonFulfilmentOrders: the reads and the once-only note described above. */
export class AcumaticaFulfilment implements AmazonFulfilmentOrders {
  constructor(private readonly p: FulfilmentPort) {}

  /** Open orders of the fulfilment order type with lines left to ship at the warehouse marked as Amazon's. */
  async readFulfilmentOrders(marker: FulfilmentMarker, signal?: AbortSignal): Promise<FulfilmentOrder[]> {
    // By warehouse only: the capabilities offer no other marker (fulfilment-marker.ts refuses one in words).
    const warehouse = markedLocation(marker, { system: SYSTEM, label: 'Acumatica' });
    const known = await this.p.getList('Warehouse', `$filter=${encodeURIComponent(`WarehouseID eq ${odataString(warehouse)}`)}&$select=WarehouseID`, signal);
    if (!known.length) {
      throw new ErpError(`Acumatica has no warehouse ${warehouse}, the one set for orders shipped by Amazon. Pick an existing warehouse ID in the fulfilment settings.`, { system: SYSTEM, kind: 'validation', operation: 'read Warehouse', retryable: false });
    }
    const rows: Wrapped[] = [];
    for (const status of SHIPPABLE_STATUSES) {
      const filter = `OrderType eq ${odataString(this.p.orderType)} and Status eq ${odataString(status)}`;
      rows.push(...(await this.p.getAll('SalesOrder', `$filter=${encodeURIComponent(filter)}&$expand=${FULFILMENT_EXPAND}`, signal)));
    }
    return rows.map((r) => fulfilmentOrderOf(r, warehouse, this.p.valueOf)).filter((o): o is FulfilmentOrder => o !== null);
  }

  /**
   * Amazon's note on a line of its own in the order's note, once: the order is read before each PUT, in
   * rounds, so a dropped answer or an expired sign-in never adds it twice. The PUT goes under
   * `If-Match: *` (update only, NOTES §4.5), so a wrong key is refused with 412 rather than creating an
   * order. The tracking numbers are in the note's words: the order has no tracking field (see above).
   */
  async recordTracking(orderNumber: string, note: string, signal?: AbortSignal): Promise<'written' | 'already'> {
    const type = this.p.orderType;
    const named = `sales order ${type} ${orderNumber}`;
    return inRounds<'written' | 'already'>({ key: orderNumber, settle: { ms: this.p.settleMs, clock: this.p.clock }, ...(signal ? { signal } : {}) }, async (n) => {
      const order = await this.readOrder(type, orderNumber, signal);
      if (!order) throw new ErpError(`Sales order ${type} ${orderNumber} is not in Acumatica, so Amazon's tracking cannot be noted on it.`, { system: SYSTEM, kind: 'validation', document: orderNumber, retryable: false });
      const next = noteWithTracking(text(this.p.valueOf(order, 'note')), note);
      if (next === null) return n === 0 ? 'already' : 'written';
      try {
        await this.p.call({
          operation: 'note Amazon tracking on sales order', method: 'PUT', url: `${this.p.root}/SalesOrder`, headers: { 'if-match': '*' },
          body: { id: order.id, OrderType: { value: type }, OrderNbr: { value: orderNumber }, note: { value: next } }, auditRequest: { order: orderNumber }, ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (!(err instanceof ErpError) || err.retryable) throw err;
        throw new ErpError(`Acumatica did not take Amazon's note "${note}" on ${named}: ${err.erpMessage ?? err.message}`, {
          system: SYSTEM, kind: err.kind, ...(err.httpStatus ? { httpStatus: err.httpStatus } : {}), erpMessage: err.erpMessage, operation: 'note Amazon tracking on sales order', document: orderNumber, retryable: false,
        });
      }
      return 'written';
    });
  }

  /** The order by its keys (SalesOrder/{type}/{nbr}, NOTES §4.1), its note with it; null on "No entity satisfies the condition" (NOTES §4.7). */
  private async readOrder(type: string, orderNbr: string, signal?: AbortSignal): Promise<Wrapped | null> {
    try {
      const url = `${this.p.root}/SalesOrder/${encodeURIComponent(type)}/${encodeURIComponent(orderNbr)}`;
      return (await this.p.call({ operation: 'read sales order', method: 'GET', url, ...(signal ? { signal } : {}) })).json<Wrapped>();
    } catch (err) {
      if (err instanceof ErpError && err.kind === 'not-found') return null;
      throw err;
    }
  }
}
