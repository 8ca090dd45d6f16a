import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { orderMappingsFrom } from '../../core/posting';
import { enqueueOrderCreditNotes, type CreditNoteDecision, type OrderRefund } from '../../core/posting/order-credit-notes';
import type { ordersWorkspace } from './order-invoice-fixtures';

const refund = (orderId: string, refundId: string, r: Pick<OrderRefund, 'skus' | 'charges'>): OrderRefund =>
  ({ orderId, refundId, marketplaceName: 'Amazon.com', currency: 'USD', postedDate: '2026-06-15', ...r });

/**
 * Refunds of the two CHARGED_ORDERS (fixture order-invoice-fixtures), in cents given back: the first
 * order's two chairs one at a time, with their tax (the first with the shipping and its tax, and the
 * promotion taken back), which credits its invoice in full; then a goodwill 5.00 on the chair once no
 * unit is left to credit; a partial 50.00 on the second order's box, under a refund id made of
 * settlement and day.
 */
export const CHARGED_REFUNDS: OrderRefund[] = [
  refund('111-3000001-0000001', 'amzn1.adj.0001', {
    skus: [{ sku: 'CHAIR-BLK', amount: 192_80, quantity: 1, tax: 15_43 }],
    charges: { shipping: { amount: 9_99, tax: 80 }, promotion: { amount: -20_00, tax: 0 } },
  }),
  refund('111-3000001-0000001', 'amzn1.adj.0002', { skus: [{ sku: 'CHAIR-BLK', amount: 192_80, quantity: 1, tax: 15_42 }] }),
  refund('111-3000001-0000001', 'amzn1.adj.0003', { skus: [{ sku: 'CHAIR-BLK', amount: 5_00, quantity: 1 }] }),
  refund('111-3000002-0000002', 'S24137000009-20260615', { skus: [{ sku: 'BOX', amount: 50_00, quantity: 1 }] }),
];

/** What each refund's credit note comes to with its tax, in cents. */
export const REFUND_TOTALS: Record<string, number> = {
  'amzn1.adj.0001': 192_80 + 15_43 + 9_99 + 80 - 20_00,
  'amzn1.adj.0002': 192_80 + 15_42,
  'amzn1.adj.0003': 5_00,
  'S24137000009-20260615': 50_00,
};

/** Queues the refunds as credit notes against the connection's posted invoices, with the mappings its invoices had. */
export function enqueueRefunds(
  ws: ReturnType<typeof ordersWorkspace>, connectionId: string, customer: string, items: { chair: string; box: string }, charges: readonly OrderChargeMapping[], refunds: readonly OrderRefund[] = CHARGED_REFUNDS,
): CreditNoteDecision[] {
  const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
    ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  const mappings = orderMappingsFrom([rule('marketplace', 'Amazon.com', customer), rule('sku', 'CHAIR-BLK', items.chair), rule('sku', 'BOX', items.box)], charges);
  return enqueueOrderCreditNotes({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, mappings, actor: 'tester' }, refunds);
}
