const DE = 'A1PA6795UKMFR9';

const offer = (price: number) => [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: price }] }] }];

/**
 * The demo seller's Amazon.de offers of the demo Business Central company's items (emulator-seed.ts), with
 * the prices and quantities Amazon shows before the listings rule runs. The pedestal is fulfilled by Amazon
 * (AMAZON_EU), so it never takes a quantity from the ERP; its FBA stock differs from the ERP's on purpose.
 */
export function demoDeListings(): Record<string, { productType: string; attributes: Record<string, unknown[]> }> {
  return {
    'DE-ATHENS-DESK': { productType: 'DESK', attributes: { purchasable_offer: offer(1099), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 10 }] } },
    'DE-PARIS-CHAIR': { productType: 'CHAIR', attributes: { purchasable_offer: offer(219.99), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 35 }] } },
    'DE-ATHENS-PEDESTAL': { productType: 'CABINET', attributes: { purchasable_offer: offer(309.99), fulfillment_availability: [{ fulfillment_channel_code: 'AMAZON_EU' }] } },
    'DE-LONDON-CHAIR': { productType: 'CHAIR', attributes: { purchasable_offer: offer(199), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }] } },
  };
}

/** FBA inventory on Amazon.de: the pedestal has 5 fulfillable where the ERP holds 7. */
export function demoDeInventory(lastUpdatedTime: string): Record<string, unknown>[] {
  return [
    { asin: 'B0DEMOPED1', fnSku: 'X0DEMOPED1', sellerSku: 'DE-ATHENS-PEDESTAL', condition: 'NewItem', productName: 'ATHENS Mobile Pedestal', totalQuantity: 6, lastUpdatedTime,
      inventoryDetails: { fulfillableQuantity: 5, inboundWorkingQuantity: 0, inboundShippedQuantity: 1, inboundReceivingQuantity: 0, reservedQuantity: { totalReservedQuantity: 0 }, unfulfillableQuantity: { totalUnfulfillableQuantity: 0 } } },
  ];
}
