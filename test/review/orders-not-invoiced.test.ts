import { afterEach, expect, it } from 'vitest';
import type { ReviewItemView, VersionStatusView } from '../../core/api/calls/review';
import { recordDecision } from '../../core/posting/order-book';
import { PostingOutbox } from '../../core/posting/outbox';
import { refundsInSettlements } from '../../core/posting/order-credit-notes';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type List = { items: ReviewItemView[] };

it('a settlement for a connection on "Orders as invoices" cannot be approved until each of its orders is invoiced; the blocking item lists them and a refusal\'s reasons', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  const open = async () => (await t.value<List>('review.list', { state: 'open' })).items;
  for (const item of await open()) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
  }
  expect(await open()).toEqual([]);
  const orders = (t.ws.db.prepare(`SELECT DISTINCT order_id FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' ORDER BY order_id`).all(versionId) as { order_id: string }[]).map((r) => r.order_id);
  expect(orders.length).toBeGreaterThan(1);

  // The sample's refund is credited already (BC takes credit notes), so only the orders' invoices are missing.
  const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
  for (const r of refundsInSettlements(t.ws.db)) {
    outbox.enqueueOrderCreditNote(BC, { marketplaceId: 'ATVPDKIKX0DER', orderId: r.orderId, refundId: r.refundId, creditNote: { externalDocumentNumber: `${r.orderId}/R`, invoiceNumber: 'PS-INV0', customerNumber: 'AMZ-US', creditNoteDate: r.postedDate, currency: r.currency, lines: r.skus.map((s) => ({ itemNumber: '1900-S', quantity: s.quantity, unitPrice: s.amount / s.quantity })) } });
    const key = { connectionId: BC, naturalKey: `ATVPDKIKX0DER:${r.orderId}:${r.refundId}:credit-note` };
    outbox.begin(key);
    outbox.posted(key, `PS-CM${r.orderId.slice(-4)}`, 'created');
  }

  await t.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
  const [item] = await open();
  expect(item).toMatchObject({ kind: 'orders-not-invoiced', severity: 'blocking', actions: [], lineCount: orders.length });
  expect(item!.title).toContain(`${orders.length} orders of this settlement are not invoiced in BC test, which books orders as invoices: ${orders.slice(0, 5).join(', ')}`);
  expect((item!.facts.orders as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual(orders);
  expect(await t.call('review.approve', { versionId })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Settlement 28471003921 cannot be approved yet: 1 blocking item open.' } });

  // All but the last invoiced (posted through the outbox); the last refused for an unmapped SKU.
  for (const orderId of orders.slice(0, -1)) {
    outbox.enqueueOrderInvoice(BC, { marketplaceId: 'ATVPDKIKX0DER', orderId, invoice: { externalDocumentNumber: orderId, customerNumber: 'AMZ-US', invoiceDate: '2026-06-01', currency: 'USD', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 100 }] } });
    const key = { connectionId: BC, naturalKey: `ATVPDKIKX0DER:${orderId}:invoice` };
    outbox.begin(key);
    outbox.posted(key, `PS-INV${orderId.slice(-4)}`, 'created');
  }
  const last = orders.at(-1)!;
  recordDecision(t.ws.db, BC, { orderId: last, outcome: 'refused', reasons: ['SKU CUP-9 is not mapped to an item; map it under Mappings.'], unmapped: { skus: ['CUP-9'], marketplaces: [] } }, new Date('2026-06-02T00:00:00Z'));
  const [still] = await open();
  expect(still).toMatchObject({ kind: 'orders-not-invoiced', lineCount: 1, facts: { orders: [{ orderId: last, state: 'refused', reasons: ['SKU CUP-9 is not mapped to an item; map it under Mappings.'] }] } });
  expect(still!.title).toMatch(/^1 order of this settlement is not invoiced in BC test/);

  // Invoiced at last: nothing blocks, and it is approved.
  outbox.enqueueOrderInvoice(BC, { marketplaceId: 'ATVPDKIKX0DER', orderId: last, invoice: { externalDocumentNumber: last, customerNumber: 'AMZ-US', invoiceDate: '2026-06-01', currency: 'USD', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 100 }] } });
  const key = { connectionId: BC, naturalKey: `ATVPDKIKX0DER:${last}:invoice` };
  outbox.begin(key);
  outbox.posted(key, 'PS-INV9999', 'created');
  // What remains are warnings: these invoices are for 1.00, not what the settlement paid for each order.
  expect((await open()).filter((i) => i.severity === 'blocking')).toEqual([]);
  expect(new Set((await open()).map((i) => i.kind))).toEqual(new Set(['payout-difference']));
  for (const w of await open()) await t.value('review.resolve', { itemId: w.id, resolution: { action: 'acknowledge' } });
  expect(await t.value<VersionStatusView>('review.approve', { versionId })).toMatchObject({ status: 'approved' });
});
