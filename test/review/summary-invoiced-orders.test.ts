import { afterEach, expect, it } from 'vitest';
import type { ReviewItemView, VersionStatusView } from '../../core/api/calls/review';
import { PostingOutbox } from '../../core/posting/outbox';
import { refundsInSettlements } from '../../core/posting/order-credit-notes';
import { addSummaryMember, closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import { matchPayout } from '../../core/review/payout-match';
import { INVOICED_ORDER_CATEGORIES } from '../../core/mapping/journal-mapping';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type List = { items: ReviewItemView[] };
const US = 'ATVPDKIKX0DER';

it('orders on a summary invoice: the settlement waits for the day\'s summary, then its order lines find their invoice, the payout applies each order\'s share to it, and it is approved', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  const open = async () => (await t.value<List>('review.list', { state: 'open' })).items;
  for (const item of await open()) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
  }
  const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
  const post = (kind: 'salesInvoice' | 'salesCreditNote', naturalKey: string, number: string) => {
    const key = { connectionId: BC, naturalKey, kind };
    outbox.begin(key);
    outbox.posted(key, number, 'created');
  };
  // The sample's refund is credited already, as in the one-invoice-per-order case.
  for (const r of refundsInSettlements(t.ws.db)) {
    outbox.enqueueOrderCreditNote(BC, { marketplaceId: US, orderId: r.orderId, refundId: r.refundId, creditNote: { externalDocumentNumber: `${r.orderId}/R`, invoiceNumber: 'PS-SUM1', customerNumber: 'AMZ-US', creditNoteDate: r.postedDate, currency: r.currency, lines: r.skus.map((s) => ({ itemNumber: '1900-S', quantity: s.quantity, unitPrice: s.amount / s.quantity })) } });
    post('salesCreditNote', `${US}:${r.orderId}:${r.refundId}:credit-note`, `PS-CM${r.orderId.slice(-4)}`);
  }
  await t.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
  setOrderInvoiceGrouping({ db: t.ws.db, audit: t.ws.audit, outbox, connectionId: BC, actor: 'tester', now: new Date(t.ws.clock.now()) }, 'daily-summary');

  // Each order's own invoice for what the settlement paid for it, put aside for the day's summary.
  const paid = t.ws.db.prepare(`SELECT order_id, SUM(amount) AS amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND order_id <> ''
    AND category IN (${INVOICED_ORDER_CATEGORIES.map((c) => `'${c}'`).join(', ')}) GROUP BY order_id ORDER BY order_id`).all(versionId) as { order_id: string; amount: number }[];
  expect(paid.length).toBeGreaterThan(1);
  for (const p of paid) {
    addSummaryMember(t.ws.db, BC, { marketplaceId: US, orderId: p.order_id, invoice: { externalDocumentNumber: p.order_id, customerNumber: 'AMZ-US', invoiceDate: '2026-06-01', currency: 'USD', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: p.amount }] } }, new Date(t.ws.clock.now()));
  }
  const [waiting] = await open();
  expect(waiting).toMatchObject({ kind: 'orders-not-invoiced', severity: 'blocking', lineCount: paid.length });
  expect((waiting!.facts.orders as Array<{ state: string; reasons: string[] }>).map((o) => [o.state, o.reasons[0]])).toEqual(paid.map(() => ['queued', expect.stringMatching(/waits for the summary invoice of its marketplace for 2026-06-01/)]));

  expect(closeSummaryDays({ db: t.ws.db, audit: t.ws.audit, outbox, connectionId: BC, actor: 'tester' }, '2026-06-02')).toEqual([`${US}:2026-06-01:USD:summary-invoice:V1`]);
  post('salesInvoice', `${US}:2026-06-01:USD:summary-invoice:V1`, 'PS-SUM1');

  const match = matchPayout(t.ws.db, versionId, BC, true);
  expect(match.differences).toEqual([]);
  expect(match.applications.filter((a) => a.kind === 'invoice').map((a) => [a.orderId, a.documentNumber, a.amount])).toEqual(paid.map((p) => [p.order_id, 'PS-SUM1', p.amount]));
  expect(await open()).toEqual([]);
  // Each order shows the summary among its documents, with its own share of it.
  type Views = Array<{ orderId: string; documents: Array<{ erpDocumentNumber: string | null; total: number; orderAmount?: number }> }>;
  for (const p of paid) {
    const view = (await t.value<Views>('orders.find', { query: p.order_id })).find((v) => v.orderId === p.order_id)!;
    expect(view.documents.find((d) => d.erpDocumentNumber === 'PS-SUM1'), p.order_id).toMatchObject({ orderAmount: p.amount, total: paid.reduce((s, x) => s + x.amount, 0) });
  }
  expect(await t.value<VersionStatusView>('review.approve', { versionId })).toMatchObject({ status: 'approved' });
});
