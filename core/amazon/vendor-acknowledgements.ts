import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/** ItemQuantity of vendorOrders.json: "This value should not be zero." */
export interface VendorItemQuantity { amount: number; unitOfMeasure: 'Cases' | 'Eaches'; unitSize?: number }

export type AcknowledgementCode = 'Accepted' | 'Backordered' | 'Rejected';
export type RejectionReason = 'TemporarilyUnavailable' | 'InvalidProductIdentifier' | 'ObsoleteProduct';

/** An OrderAcknowledgement of vendorOrders.json (required: purchaseOrderNumber, sellingParty, acknowledgementDate, items). */
export interface OrderAcknowledgement {
  purchaseOrderNumber: string;
  sellingParty: { partyId: string };
  acknowledgementDate: string;
  items: Array<{
    itemSequenceNumber: string;
    amazonProductIdentifier?: string;
    vendorProductIdentifier?: string;
    orderedQuantity: VendorItemQuantity;
    // "The net cost of an item ... This is a required field. If left blank, Amazon systems will reject the file."
    netCost: { currencyCode: string; amount: string };
    itemAcknowledgements: Array<{
      acknowledgementCode: AcknowledgementCode;
      acknowledgedQuantity: VendorItemQuantity;
      scheduledShipDate?: string;
      rejectionReason?: RejectionReason;
    }>;
  }>;
}

/**
 * submitAcknowledgement (POST /vendor/orders/v1/acknowledgements, 10/s): processed asynchronously, its
 * outcome read with getTransaction. Not resent after a dropped connection, as invoices are not.
 */
export async function submitAcknowledgement(client: SpApiClient, acknowledgements: OrderAcknowledgement[], signal?: AbortSignal): Promise<string> {
  const res = await client.request({ operation: 'submitAcknowledgement', method: 'POST', path: '/vendor/orders/v1/acknowledgements', body: { acknowledgements }, ...(signal ? { signal } : {}) });
  return parseBody(z.object({ payload: z.object({ transactionId: z.string() }) }), res.body, 'submitAcknowledgement').payload.transactionId;
}
