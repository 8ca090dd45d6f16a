import { z } from 'zod';
import { AmazonError } from './errors';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Multi-Channel Fulfillment: Fulfillment Outbound API v2020-07-01 (amzn/selling-partner-api-models @ 34dc93f,
 * models/fulfillment-outbound-api-model/fulfillmentOutbound_2020-07-01.json; the model is not in the shared
 * reference folder). createFulfillmentOrder, getFulfillmentOrder, getFulfillmentPreview and cancelFulfillmentOrder
 * share the usage plan 2 requests/s, burst 30 (each operation's description).
 */
const PATH = '/fba/outbound/2020-07-01/fulfillmentOrders';

export type ShippingSpeedCategory = 'Standard' | 'Expedited' | 'Priority' | 'ScheduledDelivery';

/** Address of the model: name, addressLine1, countryCode and postalCode required; city in every country but JP. */
export interface FulfillmentAddress {
  name: string;
  addressLine1: string;
  addressLine2?: string;
  city?: string;
  stateOrRegion?: string;
  postalCode: string;
  countryCode: string;
  phone?: string;
}

export interface CreateFulfillmentOrderRequest {
  marketplaceId?: string;
  /** "Must be unique for each fulfillment order that a seller creates", at most 40 characters. */
  sellerFulfillmentOrderId: string;
  displayableOrderId: string;
  displayableOrderDate: string;
  displayableOrderComment: string;
  shippingSpeedCategory: ShippingSpeedCategory;
  destinationAddress: FulfillmentAddress;
  fulfillmentAction?: 'Ship' | 'Hold';
  items: Array<{ sellerSku: string; sellerFulfillmentOrderItemId: string; quantity: number }>;
}

const PackageSchema = z.object({ packageNumber: z.number().int(), carrierCode: z.string(), trackingNumber: z.string().optional() }).passthrough();
const ShipmentSchema = z.object({
  amazonShipmentId: z.string(),
  fulfillmentShipmentStatus: z.enum(['PENDING', 'SHIPPED', 'CANCELLED_BY_FULFILLER', 'CANCELLED_BY_SELLER']),
  fulfillmentShipmentPackage: z.array(PackageSchema).optional(),
}).passthrough();
const FulfillmentOrderResult = z.object({
  payload: z.object({
    fulfillmentOrder: z.object({
      sellerFulfillmentOrderId: z.string(),
      fulfillmentOrderStatus: z.enum(['New', 'Received', 'Planning', 'Processing', 'Cancelled', 'Complete', 'CompletePartialled', 'Unfulfillable', 'Invalid']),
      statusUpdatedDate: z.string(),
    }).passthrough(),
    fulfillmentShipments: z.array(ShipmentSchema).optional(),
  }).passthrough(),
});
export type FulfillmentOrderStatus = z.infer<typeof FulfillmentOrderResult>['payload']['fulfillmentOrder']['fulfillmentOrderStatus'];
export interface FulfillmentOrderView {
  sellerFulfillmentOrderId: string;
  status: FulfillmentOrderStatus;
  /** Packages of shipments Amazon marked SHIPPED. */
  packages: Array<{ amazonShipmentId: string; packageNumber: number; carrierCode: string; trackingNumber: string | null }>;
}

/**
 * Creates the fulfillment order. The POST is never resent by the transport (a dropped connection may have
 * created it); the caller asks getFulfillmentOrder with the same id before trying again.
 */
export async function createFulfillmentOrder(client: SpApiClient, request: CreateFulfillmentOrderRequest, signal?: AbortSignal): Promise<void> {
  await client.request({ operation: 'createFulfillmentOrder', method: 'POST', path: PATH, body: request, ...(signal ? { signal } : {}) });
}

/** The order with its shipped packages, or null when Amazon knows no order of this id (404). */
export async function getFulfillmentOrder(client: SpApiClient, sellerFulfillmentOrderId: string, signal?: AbortSignal): Promise<FulfillmentOrderView | null> {
  try {
    const res = await client.request({ operation: 'getFulfillmentOrder', method: 'GET', path: `${PATH}/${encodeURIComponent(sellerFulfillmentOrderId)}`, ...(signal ? { signal } : {}) });
    const p = parseBody(FulfillmentOrderResult, res.body, 'getFulfillmentOrder').payload;
    return {
      sellerFulfillmentOrderId: p.fulfillmentOrder.sellerFulfillmentOrderId,
      status: p.fulfillmentOrder.fulfillmentOrderStatus,
      packages: (p.fulfillmentShipments ?? []).filter((s) => s.fulfillmentShipmentStatus === 'SHIPPED').flatMap((s) =>
        (s.fulfillmentShipmentPackage ?? []).map((k) => ({ amazonShipmentId: s.amazonShipmentId, packageNumber: k.packageNumber, carrierCode: k.carrierCode, trackingNumber: k.trackingNumber ?? null }))),
    };
  } catch (err) {
    if (err instanceof AmazonError && err.detail.status === 404) return null;
    throw err;
  }
}

const Timestamp = z.string();
const PreviewResult = z.object({
  payload: z.object({
    fulfillmentPreviews: z.array(z.object({
      shippingSpeedCategory: z.enum(['Standard', 'Expedited', 'Priority', 'ScheduledDelivery']),
      isFulfillable: z.boolean(),
      estimatedFees: z.array(z.object({ name: z.string(), amount: z.object({ currencyCode: z.string(), value: z.string() }) })).optional(),
      fulfillmentPreviewShipments: z.array(z.object({
        earliestShipDate: Timestamp.optional(), latestShipDate: Timestamp.optional(), earliestArrivalDate: Timestamp.optional(), latestArrivalDate: Timestamp.optional(),
        shippingNotes: z.array(z.string()).optional(),
      }).passthrough()).optional(),
      unfulfillablePreviewItems: z.array(z.object({
        sellerSku: z.string(), quantity: z.number().int(), sellerFulfillmentOrderItemId: z.string(), itemUnfulfillableReasons: z.array(z.string()).optional(),
      }).passthrough()).optional(),
      orderUnfulfillableReasons: z.array(z.string()).optional(),
    }).passthrough()).optional(),
  }),
});
export type FulfillmentPreview = NonNullable<z.infer<typeof PreviewResult>['payload']['fulfillmentPreviews']>[number];

/**
 * Fees (Money.value is a Decimal string, kept as given), promised ship and arrival dates, and fulfillability
 * per shipping speed (GetFulfillmentPreviewResponse; FulfillmentPreview, FulfillmentPreviewShipment).
 */
export async function getFulfillmentPreview(
  client: SpApiClient,
  request: { marketplaceId?: string; address: FulfillmentAddress; items: Array<{ sellerSku: string; sellerFulfillmentOrderItemId: string; quantity: number }>; shippingSpeedCategories?: ShippingSpeedCategory[] },
  signal?: AbortSignal,
): Promise<FulfillmentPreview[]> {
  // A preview creates nothing, so resending it after a dropped connection is safe.
  const res = await client.request({ operation: 'getFulfillmentPreview', method: 'POST', path: `${PATH}/preview`, body: request, idempotent: true, ...(signal ? { signal } : {}) });
  return parseBody(PreviewResult, res.body, 'getFulfillmentPreview').payload.fulfillmentPreviews ?? [];
}

/**
 * Fulfillment order statuses the seller may still cancel: "The seller can cancel a fulfillment order that has a
 * status of Received" / "of Planning"; Processing "cannot" (FulfillmentOrderStatus). New is "not yet validated":
 * the model does not say whether it can be cancelled [UNVERIFIED: taken as cancellable].
 */
export const CANCELLABLE_STATUSES: ReadonlySet<FulfillmentOrderStatus> = new Set(['New', 'Received', 'Planning']);

/**
 * Asks Amazon to stop fulfilling the order (PUT .../{sellerFulfillmentOrderId}/cancel, no body; a success
 * carries errors only, CancelFulfillmentOrderResponse). Not resent after a drop: the caller reads the order.
 */
export async function cancelFulfillmentOrder(client: SpApiClient, sellerFulfillmentOrderId: string, signal?: AbortSignal): Promise<void> {
  await client.request({ operation: 'cancelFulfillmentOrder', method: 'PUT', path: `${PATH}/${encodeURIComponent(sellerFulfillmentOrderId)}/cancel`, idempotent: false, ...(signal ? { signal } : {}) });
}
