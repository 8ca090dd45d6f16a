import { describe, expect, it } from 'vitest';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { documentTotal, orderInvoiceDocument, orderMappingsFrom } from '../../core/posting/order-invoices';
import { chargedOrder, CHARGED_ORDERS, CHARGED_TOTALS } from '../erp/order-invoice-fixtures';

const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
const ENTRIES = [rule('marketplace', 'Amazon.com', 'C-US'), rule('sku', 'CHAIR-BLK', 'CHAIR'), rule('sku', 'BOX', 'BOX')];
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'item', target: 'SHIP' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '4090' },
  { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'VAT-ANY' },
  { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'US-TAX' },
];
const build = (order = CHARGED_ORDERS[0]!, charges = CHARGES) => orderInvoiceDocument(order, orderMappingsFrom(ENTRIES, charges));

describe('an order invoice carries shipping, gift wrap, promotions and tax as Amazon calculated them', () => {
  it('goods, then one line per charge as mapped, the promotion negative, each taxed line with the marketplace\'s tax code and Amazon\'s amount', () => {
    const doc = build();
    if ('reasons' in doc) throw new Error(doc.reasons.join(' '));
    expect(doc.invoice.lines).toEqual([
      { itemNumber: 'CHAIR', quantity: 2, unitPrice: 192_80, description: 'Item CHAIR-BLK', tax: { code: 'US-TAX', amount: 30_85 } },
      { lineType: 'item', itemNumber: 'SHIP', quantity: 1, unitPrice: 9_99, description: 'Shipping', tax: { code: 'US-TAX', amount: 80 } },
      { lineType: 'account', itemNumber: '4090', quantity: 1, unitPrice: -20_00, description: 'Promotions' },
    ]);
    const { net, tax } = CHARGED_TOTALS[doc.orderId]!;
    expect(documentTotal(doc.invoice.lines)).toBe(net + tax);
  });

  it('a discount Amazon writes as a positive amount still lowers the invoice', () => {
    const doc = build(chargedOrder('111-3000009-0000009', 'BOX', 1, '10.00', { shipping: '0.00', discount: '2.50', taxOnGoods: '0.00', taxOnShipping: '0.00' }));
    if ('reasons' in doc) throw new Error(doc.reasons.join(' '));
    expect(doc.invoice.lines.map((l) => l.unitPrice)).toEqual([10_00, -2_50]);
  });

  it('shipping with no mapping refuses the order, naming the amount, the marketplace and where to map it', () => {
    const doc = build(CHARGED_ORDERS[0], CHARGES.filter((c) => c.charge !== 'shipping'));
    expect(doc).toEqual({
      reasons: ['Order 111-3000001-0000001 carries shipping of $9.99, and shipping is not mapped to an item, account or freight code for Amazon.com; map it under Mappings, Order charges.'],
      unmapped: { skus: [], marketplaces: [], charges: ['shipping'] },
    });
  });

  it('tax with no tax code for the marketplace refuses the order rather than invoicing it without tax', () => {
    const doc = build(CHARGED_ORDERS[1], CHARGES.filter((c) => c.charge !== 'tax'));
    expect(doc).toMatchObject({
      reasons: ['Order 111-3000002-0000002 carries tax of $22.91 as Amazon calculated it, and no tax code is mapped for Amazon.com; map one under Mappings, Order charges.'],
      unmapped: { charges: ['tax'] },
    });
  });

  it('an order with no charges needs no charge mapping', () => {
    const doc = orderInvoiceDocument(chargedOrder('111-3000008-0000008', 'BOX', 1, '10.00', { shipping: '0.00', discount: '0.00', taxOnGoods: '0.00', taxOnShipping: '0.00' }), orderMappingsFrom(ENTRIES));
    if ('reasons' in doc) throw new Error(doc.reasons.join(' '));
    expect(doc.invoice.lines).toEqual([{ itemNumber: 'BOX', quantity: 1, unitPrice: 10_00, description: 'Item BOX' }]);
  });

  it('a COD fee is refused in words, never dropped from the invoice', () => {
    const order = chargedOrder('111-3000007-0000007', 'BOX', 1, '10.00', { shipping: '0.00', discount: '0.00', taxOnGoods: '0.00', taxOnShipping: '0.00' });
    (order.orderItems[0]!.proceeds as { breakdowns: unknown[] }).breakdowns.push({ type: 'COD_FEE', subtotal: { amount: '3.00', currencyCode: 'USD' } });
    const doc = build(order);
    expect('reasons' in doc && doc.reasons).toEqual([expect.stringMatching(/has a COD_FEE amount of 3.00 USD, which this app does not invoice yet/)]);
  });
});
