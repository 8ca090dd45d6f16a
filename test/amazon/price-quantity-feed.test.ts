import { describe, expect, it } from 'vitest';
import { priceAndQuantityPatches } from '../../core/amazon/listings';
import { priceAndQuantityFeedDocument, type PriceAndQuantityMessage } from '../../core/amazon/price-quantity-feed';

const DE = 'A1PA6795UKMFR9';

describe('price and quantity feed document', () => {
  it('is the listings feed of the patches a patchListingsItem would send, message by message', () => {
    const messages: PriceAndQuantityMessage[] = [
      { messageId: 1, sku: 'CHAIR-1', marketplaceId: DE, productType: 'CHAIR', price: { amount: '221.99', currency: 'EUR' }, quantity: 38 },
      { messageId: 2, sku: 'PRICE "ONLY" \\ ü', marketplaceId: DE, productType: 'CHAIR', price: { amount: '200.00', currency: 'EUR' } },
      { messageId: 3, sku: 'QTY-ONLY', marketplaceId: DE, productType: 'DESK', quantity: 0 },
      { messageId: 4, sku: 'YEN', marketplaceId: 'A1VC38T7YXB528', productType: 'CHAIR', price: { amount: '1500', currency: 'JPY' }, quantity: 2 },
    ];
    const document = JSON.parse(priceAndQuantityFeedDocument('A2SELLER', messages).toString('utf8')) as unknown;
    expect(document).toEqual({
      header: { sellerId: 'A2SELLER', version: '2.0' },
      messages: messages.map((m) => ({ messageId: m.messageId, sku: m.sku, operationType: 'PATCH', productType: m.productType, patches: priceAndQuantityPatches(m) })),
    });
  });

  it('refuses a message that changes nothing, a price that is not a positive decimal and a quantity that is not whole', () => {
    const base = { messageId: 1, sku: 'CHAIR-1', marketplaceId: DE, productType: 'CHAIR' };
    expect(() => priceAndQuantityFeedDocument('S', [base])).toThrow(/Nothing to change for SKU CHAIR-1/);
    expect(() => priceAndQuantityFeedDocument('S', [{ ...base, price: { amount: '-1.00', currency: 'EUR' } }])).toThrow(/positive decimal string/);
    expect(() => priceAndQuantityFeedDocument('S', [{ ...base, price: { amount: '1e3', currency: 'EUR' } }])).toThrow(/positive decimal string/);
    expect(() => priceAndQuantityFeedDocument('S', [{ ...base, quantity: 1.5 }])).toThrow(/whole number/);
  });
});
