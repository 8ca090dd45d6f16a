import { describe, expect, it } from 'vitest';
import type { Order } from '../../core/amazon/orders';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { orderInvoiceDocument, orderMappingsFrom } from '../../core/posting/order-invoices';

const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
const mappings = orderMappingsFrom([rule('marketplace', 'amazon.co.jp', 'AMZ-JP'), rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'CUP', '1900-S'), rule('sku', 'PEDESTAL', '1906-S')]);

function order(marketplaceId: string, marketplaceName: string | undefined, items: Array<{ sku: string; ordered: number; fulfilled?: number; price: string; currency: string }>): Order {
  return {
    orderId: '503-0000001-0000001',
    createdTime: '2026-11-18T09:00:00Z',
    lastUpdatedTime: '2026-11-19T23:30:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId, ...(marketplaceName ? { marketplaceName } : {}) },
    fulfillment: { fulfillmentStatus: 'SHIPPED' },
    orderItems: items.map((i, n) => ({
      orderItemId: `item-${n + 1}`,
      quantityOrdered: i.ordered,
      product: { sellerSku: i.sku, price: { unitPrice: { amount: i.price, currencyCode: i.currency } } },
      ...(i.fulfilled !== undefined ? { fulfillment: { quantityFulfilled: i.fulfilled } } : {}),
    })),
  };
}

describe('an Amazon order as a sales invoice document', () => {
  it('bills what shipped at Amazon\'s unit price in the currency\'s minor units, to the marketplace\'s customer', () => {
    const doc = orderInvoiceDocument(order('A1VC38T7YXB528', undefined, [
      { sku: 'CUP', ordered: 3, fulfilled: 2, price: '1980', currency: 'JPY' },
      { sku: 'PEDESTAL', ordered: 1, fulfilled: 0, price: '5000', currency: 'JPY' },
    ]), mappings);
    expect(doc).toEqual({
      marketplaceId: 'A1VC38T7YXB528', orderId: '503-0000001-0000001',
      invoice: { externalDocumentNumber: '503-0000001-0000001', customerNumber: 'AMZ-JP', invoiceDate: '2026-11-19', currency: 'JPY', lines: [{ itemNumber: '1900-S', quantity: 2, unitPrice: 1980 }] },
    });
  });

  it('finds the customer by the marketplace name the settlement uses, whatever its case', () => {
    const doc = orderInvoiceDocument(order('A1PA6795UKMFR9', 'amazon.DE', [{ sku: 'CUP', ordered: 1, price: '19.99', currency: 'EUR' }]), mappings);
    expect(doc).toMatchObject({ invoice: { customerNumber: 'AMZ-DE', currency: 'EUR', lines: [{ unitPrice: 1999, quantity: 1 }] } });
  });

  it('refuses with every reason, guessing nothing', () => {
    const doc = orderInvoiceDocument(order('A13V1IB3VIYZZH', 'Amazon.fr', [
      { sku: 'CUP', ordered: 1, price: '19.99', currency: 'EUR' },
      { sku: 'LAMP', ordered: 1, price: '5.00', currency: 'EUR' },
      { sku: 'PEDESTAL', ordered: 1, price: '4.999', currency: 'EUR' },
    ]), mappings);
    expect(doc).toEqual({ reasons: [
      'Marketplace Amazon.fr is not mapped to a customer; map it under Mappings.',
      'SKU LAMP is not mapped to an item; map it under Mappings.',
      'Order 503-0000001-0000001, item item-3 has a unit price "4.999" that is not an amount in EUR.',
    ], unmapped: { skus: ['LAMP'], marketplaces: ['Amazon.fr'] } });
    expect(orderInvoiceDocument(order('A1PA6795UKMFR9', 'Amazon.de', [
      { sku: 'CUP', ordered: 1, price: '19.99', currency: 'EUR' }, { sku: 'PEDESTAL', ordered: 1, price: '20.00', currency: 'GBP' },
    ]), mappings)).toEqual({ reasons: ['Order 503-0000001-0000001 has prices in EUR and GBP; an invoice is in one currency.'], unmapped: { skus: [], marketplaces: [] } });
  });
});
