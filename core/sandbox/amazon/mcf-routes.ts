import type { OperationName } from '../../amazon/usage-plans';
import type { SeedSeller } from './seed-data';
import type { EmulatorState, FulfilmentRecord, FulfilmentStore, Reply } from './emulator-state';

/**
 * Multi-Channel Fulfillment in the emulator (fulfillmentOutbound_2020-07-01.json, amzn/selling-partner-api-models
 * @ 34dc93f, models/fulfillment-outbound-api-model/). That model is not in ../shared/reference/amazon/models
 * (NOTES.md names the API, no model file is there), so paths, payload shapes and status names follow the
 * upstream model as read at that commit, and fees, dates, carriers and error wording are the emulator's own
 * [UNVERIFIED against the reference folder]. An order is Received when created and ships, one
 * package per order, after SHIP_AFTER_MS of emulated time (the emulator's choice; Amazon takes days).
 */
export const SHIP_AFTER_MS = 60 * 60_000;
/** From then on picking has begun (Processing), and the seller can no longer cancel. */
export const PROCESSING_AFTER_MS = 30 * 60_000;
const DAY = 86_400_000;
/** Promised days in transit per speed (the emulator's; Amazon's vary by marketplace and address). */
const TRANSIT_DAYS: Record<string, [number, number]> = { Standard: [3, 5], Expedited: [2, 3], Priority: [1, 2], ScheduledDelivery: [1, 1] };

/** The order's status now, as FulfillmentOrderStatus describes each. */
export function orderStatus(o: FulfilmentRecord, now: number): { status: string; at: number } {
  if (o.cancelledAt !== undefined) return { status: 'Cancelled', at: o.cancelledAt };
  if (o.endedByAmazon) return { status: o.endedByAmazon.status, at: o.endedByAmazon.at };
  if (now - o.receivedAt >= SHIP_AFTER_MS) return { status: 'Complete', at: o.receivedAt + SHIP_AFTER_MS };
  if (now - o.receivedAt >= PROCESSING_AFTER_MS) return { status: 'Processing', at: o.receivedAt + PROCESSING_AFTER_MS };
  return { status: 'Received', at: o.receivedAt };
}

const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message, details: '' }] } });

function parse(body: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Address required fields: name, addressLine1, countryCode, postalCode; city "required in all countries except Japan". */
function addressProblem(a: unknown): string | null {
  if (!a || typeof a !== 'object') return 'destinationAddress is required.';
  const r = a as Record<string, unknown>;
  for (const f of ['name', 'addressLine1', 'postalCode', 'countryCode']) if (typeof r[f] !== 'string' || !(r[f] as string).trim()) return `Value for parameter DestinationAddress.${f} is invalid. Reason: Missing.`;
  if (!/^[A-Z]{2}$/.test(String(r.countryCode))) return `Value ${String(r.countryCode)} for parameter DestinationAddress.CountryCode is invalid. Reason: InvalidValue.`;
  if (r.countryCode !== 'JP' && (typeof r.city !== 'string' || !r.city.trim())) return 'Value for parameter DestinationAddress.City is invalid. Reason: Missing.';
  return null;
}

function itemsProblem(store: FulfilmentStore, items: unknown): string | null {
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) return 'items must hold 1 to 100 line items.';
  let units = 0;
  for (const i of items as Record<string, unknown>[]) {
    if (typeof i.sellerSku !== 'string' || typeof i.sellerFulfillmentOrderItemId !== 'string' || !Number.isInteger(i.quantity) || Number(i.quantity) < 1) return 'Each item needs sellerSku, sellerFulfillmentOrderItemId and a positive quantity.';
    // Wording as sellers report it (amzn/selling-partner-api-models#2979).
    if (store.knownSkus && !store.knownSkus.has(i.sellerSku)) return `the SellerSKU for Item Id: ${i.sellerFulfillmentOrderItemId} is invalid.`;
    units += Number(i.quantity);
  }
  // "Maximum of 100 line items with a maximum of 250 units per order" (CreateFulfillmentOrderRequest.items).
  return units > 250 ? 'An order holds at most 250 units.' : null;
}

function createOrder(state: EmulatorState, seller: SeedSeller, body: Buffer): Reply {
  const store = state.fulfilment;
  const req = parse(body);
  if (!req) return invalid('The request body is not valid JSON');
  const id = req.sellerFulfillmentOrderId;
  if (typeof id !== 'string' || !id || id.length > 40) return invalid('sellerFulfillmentOrderId must be 1 to 40 characters.');
  // "The sellerFulfillmentOrderId must be unique for each fulfillment order that a seller creates": a repeat
  // is refused (the wording is UNVERIFIED), so a client that resends after a drop must look first.
  if (store.orders.has(`${seller.sellerId}|${id}`)) return invalid(`A fulfillment order with SellerFulfillmentOrderId ${id} already exists.`);
  for (const f of ['displayableOrderId', 'displayableOrderDate', 'displayableOrderComment', 'shippingSpeedCategory']) if (typeof req[f] !== 'string' || !req[f]) return invalid(`${f} is required.`);
  if (!['Standard', 'Expedited', 'Priority', 'ScheduledDelivery'].includes(String(req.shippingSpeedCategory))) return invalid(`Value ${String(req.shippingSpeedCategory)} for parameter ShippingSpeedCategory is invalid.`);
  const problem = addressProblem(req.destinationAddress) ?? itemsProblem(store, req.items);
  if (problem) return invalid(problem);
  store.orders.set(`${seller.sellerId}|${id}`, { sellerId: seller.sellerId, request: req, receivedAt: state.clock.now() });
  // CreateFulfillmentOrderResponse: errors only; a success carries nothing else.
  return { status: 200, body: {} };
}

function getOrder(state: EmulatorState, seller: SeedSeller, id: string): Reply {
  const o = state.fulfilment.orders.get(`${seller.sellerId}|${id}`);
  if (!o) return { status: 404, body: { errors: [{ code: 'NotFound', message: `Fulfillment order ${id} not found.` }] } };
  const { status, at: changed } = orderStatus(o, state.clock.now());
  const shipped = status === 'Complete';
  const r = o.request;
  const at = new Date(changed).toISOString();
  const items = (r.items as Array<{ sellerSku: string; sellerFulfillmentOrderItemId: string; quantity: number }>);
  const tracking = `1Z${[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e10, 7).toString().padStart(10, '0')}`;
  return {
    status: 200,
    body: {
      payload: {
        fulfillmentOrder: {
          sellerFulfillmentOrderId: id, marketplaceId: r.marketplaceId ?? seller.marketplaceIds?.[0] ?? 'ATVPDKIKX0DER', displayableOrderId: r.displayableOrderId,
          displayableOrderDate: r.displayableOrderDate, displayableOrderComment: r.displayableOrderComment, shippingSpeedCategory: r.shippingSpeedCategory,
          destinationAddress: r.destinationAddress, receivedDate: new Date(o.receivedAt).toISOString(), fulfillmentOrderStatus: status, statusUpdatedDate: at,
        },
        fulfillmentOrderItems: items.map((i) => ({ sellerSku: i.sellerSku, sellerFulfillmentOrderItemId: i.sellerFulfillmentOrderItemId, quantity: i.quantity,
          cancelledQuantity: status === 'Cancelled' ? i.quantity : 0, unfulfillableQuantity: o.endedByAmazon ? i.quantity : 0 })),
        fulfillmentShipments: shipped ? [{
          amazonShipmentId: `D${tracking.slice(2, 10)}`, fulfillmentCenterId: 'PHX7', fulfillmentShipmentStatus: 'SHIPPED', shippingDate: at,
          fulfillmentShipmentItem: items.map((i) => ({ sellerSku: i.sellerSku, sellerFulfillmentOrderItemId: i.sellerFulfillmentOrderItemId, quantity: i.quantity, packageNumber: 1 })),
          // Carrier and tracking number are the emulator's (UPS-style); real values vary by carrier.
          fulfillmentShipmentPackage: [{ packageNumber: 1, carrierCode: 'UPS', trackingNumber: tracking }],
        }] : [],
        returnItems: [],
        returnAuthorizations: [],
      },
    },
  };
}

function preview(state: EmulatorState, seller: SeedSeller, body: Buffer): Reply {
  const req = parse(body);
  if (!req) return invalid('The request body is not valid JSON');
  const addressIssue = addressProblem(req.address);
  if (addressIssue) return invalid(addressIssue.replace('DestinationAddress', 'Address'));
  const itemIssue = itemsProblem({ ...state.fulfilment, knownSkus: null }, req.items);
  if (itemIssue) return invalid(itemIssue);
  const items = req.items as Array<{ sellerSku: string; quantity: number }>;
  const speeds = Array.isArray(req.shippingSpeedCategories) && req.shippingSpeedCategories.length ? (req.shippingSpeedCategories as string[]) : ['Standard', 'Expedited', 'Priority'];
  const units = items.reduce((s, i) => s + i.quantity, 0);
  const known = state.fulfilment.knownSkus;
  const unfulfillable = known ? items.filter((i) => !known.has(i.sellerSku)) : [];
  // Fee figures are the emulator's (a flat per-unit fee by speed), in the marketplace's currency.
  const perUnit: Record<string, number> = { Standard: 599, Expedited: 899, Priority: 1299, ScheduledDelivery: 1499 };
  const shipAt = state.clock.now() + SHIP_AFTER_MS;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    status: 200,
    body: {
      payload: {
        fulfillmentPreviews: speeds.map((s) => ({
          shippingSpeedCategory: s, isFulfillable: unfulfillable.length === 0, isCODCapable: false, marketplaceId: req.marketplaceId ?? seller.marketplaceIds?.[0] ?? 'ATVPDKIKX0DER',
          estimatedFees: [{ name: 'FBAPerUnitFulfillmentFee', amount: { currencyCode: 'USD', value: ((perUnit[s] ?? 599) * units / 100).toFixed(2) } }],
          ...(unfulfillable.length ? {} : {
            fulfillmentPreviewShipments: [{
              earliestShipDate: iso(shipAt), latestShipDate: iso(shipAt + DAY),
              earliestArrivalDate: iso(shipAt + (TRANSIT_DAYS[s] ?? [3, 5])[0] * DAY), latestArrivalDate: iso(shipAt + DAY + (TRANSIT_DAYS[s] ?? [3, 5])[1] * DAY),
              fulfillmentPreviewItems: items.map((i) => ({ sellerSku: i.sellerSku, quantity: i.quantity, sellerFulfillmentOrderItemId: (i as { sellerFulfillmentOrderItemId?: string }).sellerFulfillmentOrderItemId ?? '' })),
            }],
          }),
          ...(unfulfillable.length ? {
            unfulfillablePreviewItems: unfulfillable.map((i) => ({ sellerSku: i.sellerSku, quantity: i.quantity, sellerFulfillmentOrderItemId: (i as { sellerFulfillmentOrderItemId?: string }).sellerFulfillmentOrderItemId ?? '', itemUnfulfillableReasons: ['InvalidSKU'] })),
            orderUnfulfillableReasons: ['InvalidSKU'],
          } : {}),
        })),
      },
    },
  };
}

/**
 * cancelFulfillmentOrder: "The seller can cancel a fulfillment order that has a status of Received" (and
 * Planning); Processing "cannot". A refusal is a 400 whose wording is the emulator's [UNVERIFIED]; a second
 * cancel of a cancelled order answers 200 like the first [UNVERIFIED].
 */
function cancelOrder(state: EmulatorState, seller: SeedSeller, id: string): Reply {
  const o = state.fulfilment.orders.get(`${seller.sellerId}|${id}`);
  if (!o) return { status: 404, body: { errors: [{ code: 'NotFound', message: `Fulfillment order ${id} not found.` }] } };
  const { status } = orderStatus(o, state.clock.now());
  if (status === 'Cancelled') return { status: 200, body: {} };
  if (!['New', 'Received', 'Planning'].includes(status)) return invalid(`Fulfillment order ${id} cannot be cancelled: its status is ${status}.`);
  o.cancelledAt = state.clock.now();
  return { status: 200, body: {} };
}

export const MCF_ROUTES: Array<{ operation: OperationName; method: string; pattern: RegExp; handle(state: EmulatorState, seller: SeedSeller, url: URL, body: Buffer, match: RegExpExecArray): Reply }> = [
  { operation: 'getFulfillmentPreview', method: 'POST', pattern: /^\/fba\/outbound\/2020-07-01\/fulfillmentOrders\/preview$/, handle: (state, seller, _u, body) => preview(state, seller, body) },
  { operation: 'createFulfillmentOrder', method: 'POST', pattern: /^\/fba\/outbound\/2020-07-01\/fulfillmentOrders$/, handle: (state, seller, _u, body) => createOrder(state, seller, body) },
  { operation: 'cancelFulfillmentOrder', method: 'PUT', pattern: /^\/fba\/outbound\/2020-07-01\/fulfillmentOrders\/([^/]+)\/cancel$/, handle: (state, seller, _u, _b, m) => cancelOrder(state, seller, decodeURIComponent(m[1] ?? '')) },
  { operation: 'getFulfillmentOrder', method: 'GET', pattern: /^\/fba\/outbound\/2020-07-01\/fulfillmentOrders\/([^/]+)$/, handle: (state, seller, _u, _b, m) => getOrder(state, seller, decodeURIComponent(m[1] ?? '')) },
];
