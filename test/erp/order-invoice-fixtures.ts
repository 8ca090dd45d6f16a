import { join } from 'node:path';
import type { Order } from '../../core/amazon/orders';
import { scaledClock } from '../../core/clock/clock';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { ConnectionKind } from '../../core/connections/connection-kinds';
import { OrderPostingModes } from '../../core/connections/order-posting-mode';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, type OrderInvoiceDecision } from '../../core/posting';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { tempDir } from '../support/temp-workspace';

/** Amazon.com, whose orders are priced in USD. */
export const US = 'ATVPDKIKX0DER';
const T0 = Date.parse('2026-06-01T10:00:00Z');

/** An Amazon.com order as Orders v2026-01-01 gives it with includedData=FULFILLMENT, last updated on 1 June 2026. */
export function usOrder(orderId: string, status: 'SHIPPED' | 'CANCELLED' | 'UNSHIPPED', items: Array<[sku: string, quantity: number, unitPrice: string]>): Order {
  return {
    orderId,
    createdTime: new Date(T0 - 86_400_000).toISOString(),
    lastUpdatedTime: new Date(T0).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId: US, marketplaceName: 'Amazon.com' },
    fulfillment: { fulfillmentStatus: status, fulfilledBy: 'AMAZON' },
    orderItems: items.map(([sku, quantity, unitPrice], i) => ({
      orderItemId: `${orderId.replace(/-/g, '').slice(-10)}0${i + 1}`,
      quantityOrdered: quantity,
      product: { sellerSku: sku, title: `Item ${sku}`, price: { unitPrice: { amount: unitPrice, currencyCode: 'USD' } } },
    })),
  };
}

/**
 * A shipped Amazon.com order of one SKU whose proceeds (includedData=PROCEEDS) carry shipping, a promotion
 * and tax on the goods and on the shipping, as ItemProceedsBreakdown gives them.
 */
export function chargedOrder(orderId: string, sku: string, quantity: number, unitPrice: string, c: { shipping: string; discount: string; taxOnGoods: string; taxOnShipping: string }): Order {
  const usd = (amount: string) => ({ amount, currencyCode: 'USD' });
  const order = usOrder(orderId, 'SHIPPED', [[sku, quantity, unitPrice]]);
  const tax = (Number(c.taxOnGoods) + Number(c.taxOnShipping)).toFixed(2);
  order.orderItems[0]!.proceeds = {
    breakdowns: [
      { type: 'ITEM', subtotal: usd((Number(unitPrice) * quantity).toFixed(2)) },
      { type: 'SHIPPING', subtotal: usd(c.shipping) },
      { type: 'DISCOUNT', subtotal: usd(c.discount) },
      { type: 'TAX', subtotal: usd(tax), detailedBreakdowns: [{ subtype: 'ITEM', value: usd(c.taxOnGoods) }, { subtype: 'SHIPPING', value: usd(c.taxOnShipping) }] },
    ],
  };
  return order;
}

/** Two orders with shipping, a promotion and tax, and what each invoice comes to with its tax, in cents. */
export const CHARGED_ORDERS: Order[] = [
  chargedOrder('111-3000001-0000001', 'CHAIR-BLK', 2, '192.80', { shipping: '9.99', discount: '-20.00', taxOnGoods: '30.85', taxOnShipping: '0.80' }),
  chargedOrder('111-3000002-0000002', 'BOX', 1, '281.40', { shipping: '4.99', discount: '-5.00', taxOnGoods: '22.51', taxOnShipping: '0.40' }),
];
export const CHARGED_TOTALS: Record<string, { net: number; tax: number }> = {
  '111-3000001-0000001': { net: 385_60 + 9_99 - 20_00, tax: 30_85 + 80 },
  '111-3000002-0000002': { net: 281_40 + 4_99 - 5_00, tax: 22_51 + 40 },
};

/** Five orders: three shipped and invoiced (the first two share a SKU), one cancelled, one not yet shipped. */
export const US_ORDERS: Order[] = [
  usOrder('111-2000001-0000001', 'SHIPPED', [['CHAIR-BLK', 2, '192.80'], ['BOX', 1, '281.40']]),
  usOrder('111-2000002-0000002', 'SHIPPED', [['CHAIR-BLK', 1, '189.99']]),
  usOrder('111-2000003-0000003', 'CANCELLED', [['CHAIR-BLK', 4, '192.80']]),
  usOrder('111-2000004-0000004', 'UNSHIPPED', [['BOX', 1, '281.40']]),
  usOrder('111-2000005-0000005', 'SHIPPED', [['BOX', 3, '281.40']]),
];
export const INVOICED = ['111-2000001-0000001', '111-2000002-0000002', '111-2000005-0000005'];
/** What each invoiced order comes to, in cents. */
export const ORDER_TOTALS: Record<string, number> = { '111-2000001-0000001': 667_00, '111-2000002-0000002': 189_99, '111-2000005-0000005': 844_20 };

/** A workspace database with one ERP connection in "Orders as invoices" mode, its outbox and a pinned clock. */
export function ordersWorkspace(connection: { id: string; kind: ConnectionKind; name: string }) {
  const dir = tempDir();
  const db: Db = openDatabase(join(dir.dir, 'ws.sqlite'));
  const audit = new AuditLog(db);
  // Fifty times quicker, so a connector's settle delay after a dropped answer takes milliseconds.
  const clock = scaledClock(50, T0 + 3_600_000);
  new ConnectionRepository(db).upsert({ id: connection.id, kind: connection.kind, name: connection.name, settings: {} });
  new OrderPostingModes(db, audit).set(connection.id, 'orders-as-invoices', 'tester', new Date(clock.now()));
  const outbox = new PostingOutbox(db, audit);
  return {
    db, audit, outbox, clock,
    /** Queues the orders with the ERP's customer for Amazon.com and its items for the two SKUs. */
    enqueue(customer: string, items: { chair: string; box: string }, orders: readonly Order[] = US_ORDERS, charges: readonly OrderChargeMapping[] = []): OrderInvoiceDecision[] {
      const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
        ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
      const mappings = orderMappingsFrom([rule('marketplace', 'Amazon.com', customer), rule('sku', 'CHAIR-BLK', items.chair), rule('sku', 'BOX', items.box)], charges);
      return enqueueOrderInvoices({ db, audit, outbox, connectionId: connection.id, connectionName: connection.name, mappings, actor: 'tester' }, orders);
    },
    close() { db.close(); dir.remove(); },
  };
}
