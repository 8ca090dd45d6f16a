import { afterEach, describe, expect, it } from 'vitest';
import { createFulfillmentOrder, getFulfillmentOrder, getFulfillmentPreview, type CreateFulfillmentOrderRequest } from '../../core/amazon/fulfillment-outbound';
import { AmazonError } from '../../core/amazon/errors';
import { harness, type Harness } from './harness';

let h: Harness;
afterEach(async () => { await h?.stop(); });

const request = (id: string): CreateFulfillmentOrderRequest => ({
  sellerFulfillmentOrderId: id, displayableOrderId: id, displayableOrderDate: '2026-11-20T00:00:00Z', displayableOrderComment: 'Thank you',
  shippingSpeedCategory: 'Standard', destinationAddress: { name: 'Jane Doe', addressLine1: '1 Main St', city: 'Seattle', postalCode: '98101', countryCode: 'US' },
  items: [{ sellerSku: 'SKU-1', sellerFulfillmentOrderItemId: '1', quantity: 1 }],
});

describe('Fulfillment Outbound 2020-07-01 against the emulator', () => {
  it('refuses a second order with the same sellerFulfillmentOrderId, and the first one is found by it', async () => {
    h = await harness();
    expect(await getFulfillmentOrder(h.client, 'MLC-1')).toBeNull();
    await createFulfillmentOrder(h.client, request('MLC-1'));
    const again = await createFulfillmentOrder(h.client, request('MLC-1')).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AmazonError);
    expect((again as AmazonError).message).toMatch(/MLC-1 already exists/);
    expect(await getFulfillmentOrder(h.client, 'MLC-1')).toMatchObject({ sellerFulfillmentOrderId: 'MLC-1', status: 'Received', packages: [] });
    expect(h.emulator.fulfilment.orders.size).toBe(1);
  });

  it('does not resend a create whose connection dropped (Amazon may have the order), but retries a 429', async () => {
    h = await harness();
    h.emulator.faults.throttle(2, { operation: 'createFulfillmentOrder' });
    await createFulfillmentOrder(h.client, request('MLC-2'));
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFulfillmentOrder' });
    await expect(createFulfillmentOrder(h.client, request('MLC-3'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(h.emulator.stats.byOperation.createFulfillmentOrder).toMatchObject({ requests: 4, throttled: 2 });
    expect(await getFulfillmentOrder(h.client, 'MLC-3')).not.toBeNull();
  });

  it('previews fees per speed, and marks SKUs Amazon does not hold unfulfillable', async () => {
    h = await harness();
    h.emulator.fulfilment.knownSkus = new Set(['SKU-1']);
    const { destinationAddress: address, items } = request('x');
    const previews = await getFulfillmentPreview(h.client, { address, items: [...items, { sellerSku: 'SKU-404', sellerFulfillmentOrderItemId: '2', quantity: 1 }] });
    expect(previews.map((p) => p.shippingSpeedCategory)).toEqual(['Standard', 'Expedited', 'Priority']);
    expect(previews[0]).toMatchObject({ isFulfillable: false, orderUnfulfillableReasons: ['InvalidSKU'], estimatedFees: [{ name: 'FBAPerUnitFulfillmentFee', amount: { value: '11.98' } }] });
  });
});
