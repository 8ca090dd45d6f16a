import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';
import type { VendorItemQuantity } from './vendor-acknowledgements';

/**
 * A ShipmentConfirmation of vendorShipments.json (required: sellingParty, shipFromParty, shipToParty,
 * shipmentConfirmationDate, shipmentConfirmationType, shipmentIdentifier, shippedItems); the optional parts
 * this app fills are typed, the model has more (cartons, pallets, transportation details).
 */
export interface ShipmentConfirmation {
  /** "Unique shipment ID (not used over the last 365 days)." */
  shipmentIdentifier: string;
  shipmentConfirmationType: 'Original' | 'Replace';
  shipmentConfirmationDate: string;
  shippedDate?: string;
  sellingParty: { partyId: string };
  shipFromParty: { partyId: string };
  shipToParty: { partyId: string };
  shippedItems: Array<{
    itemSequenceNumber: string;
    amazonProductIdentifier?: string;
    vendorProductIdentifier?: string;
    shippedQuantity: VendorItemQuantity;
    itemDetails: { purchaseOrderNumber: string };
  }>;
}

/**
 * SubmitShipmentConfirmations (POST /vendor/shipping/v1/shipmentConfirmations, vendorShipments.json, 10/s
 * burst 10): processed asynchronously, its outcome read with getTransaction. Not resent after a dropped
 * connection, as acknowledgements and invoices are not: Amazon may hold it already.
 */
export async function submitShipmentConfirmations(client: SpApiClient, confirmations: ShipmentConfirmation[], signal?: AbortSignal): Promise<string> {
  const res = await client.request({
    operation: 'SubmitShipmentConfirmations', method: 'POST', path: '/vendor/shipping/v1/shipmentConfirmations', body: { shipmentConfirmations: confirmations }, ...(signal ? { signal } : {}),
  });
  // TransactionReference.transactionId is optional in the model; without it there is nothing to follow.
  return parseBody(z.object({ payload: z.object({ transactionId: z.string() }) }), res.body, 'SubmitShipmentConfirmations').payload.transactionId;
}
