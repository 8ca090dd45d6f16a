// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import type { Order } from '../../../core/amazon/orders';
import { scaledClock } from '../../../core/clock/clock';
import { OrderPostingModes } from '../../../core/connections/order-posting-mode';
import type { MappingEntry } from '../../../core/mapping/mapping-entry';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, recheckAwaiting, runPosting } from '../../../core/posting';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { openWorkspace } from '../../../core/workspace/workspace';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempDir } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';
import { foEmulator, TODAY } from './fo-fixtures';

const FO = 'fo-demo';
type List = { items: ReviewItemView[] };
interface Run { outcome: string; posted: unknown[]; awaiting: Array<{ naturalKey: string; erpDocumentNumber: string }>; failed: Array<{ naturalKey: string; message: string }> }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/**
 * The sample settlement in a workspace with an F&O connection in "Orders as invoices" mode: amazon.com
 * mapped to US-AMZ, its three orders invoiced as free-text invoices (goods and shipping; the tax Amazon
 * collected stays on the clearing account, acknowledged) that a person posted in F&O, the settlement approved.
 */
async function approvedInvoicedSettlement() {
  const emu = await foEmulator();
  cleanups.push(() => emu.stop());
  const dir = tempDir();
  cleanups.push(dir.remove);
  // Fifty times quicker, so the settle wait after a lost answer takes milliseconds.
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock: scaledClock(50, TODAY) });
  cleanups.push(() => ws.close());
  ws.connections.upsert({ id: FO, kind: 'd365fo', name: 'Contoso USMF', settings: { environmentUrl: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, legalEntity: 'USMF', signInOverride: emu.url } });
  await ws.credentials.set(FO, 'clientSecret', emu.clientSecret);
  const { value } = apiCalls(createDispatcher(ws));

  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
  await value('mappings.refreshReference', { connectionId: FO });
  for (const item of (await value<List>('review.list', { connectionId: FO, state: 'open' })).items) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: FO, resolution: { action: 'map', target } });
  }
  new OrderPostingModes(ws.db, ws.audit).set(FO, 'orders-as-invoices', 'tester', new Date(ws.clock.now()));
  const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry => ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  await value('mappings.save', { connectionId: FO, entry: rule('marketplace', 'amazon.com', 'US-AMZ') });
  const goods = ws.db.prepare(`SELECT order_id AS orderId, sku, quantity, amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_description = 'Principal' ORDER BY order_id, sku`)
    .all(versionId) as Array<{ orderId: string; sku: string; quantity: number; amount: number }>;
  const skus = [...new Set(goods.map((g) => g.sku))];
  for (const sku of skus) await value('mappings.save', { connectionId: FO, entry: rule('sku', sku, '6100') });
  const shipping = (orderId: string, sku: string) => (ws.db.prepare(`SELECT COALESCE(SUM(amount), 0) AS a FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_type = 'ItemPrice' AND amount_description = 'Shipping' AND order_id = ? AND sku = ?`)
    .get(versionId, orderId, sku) as { a: number }).a;
  const usd = (c: number) => ({ amount: (c / 100).toFixed(2), currencyCode: 'USD' });
  const orders = [...new Set(goods.map((g) => g.orderId))].map((orderId): Order => ({
    orderId, createdTime: '2024-03-01T10:00:00Z', lastUpdatedTime: '2024-03-02T10:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
    fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
    orderItems: goods.filter((g) => g.orderId === orderId).map((g, i) => ({
      orderItemId: `${orderId.slice(-6)}${i}`, quantityOrdered: g.quantity,
      product: { sellerSku: g.sku, title: g.sku, price: { unitPrice: { amount: (g.amount / g.quantity / 100).toFixed(2), currencyCode: 'USD' } } },
      proceeds: { breakdowns: [{ type: 'ITEM', subtotal: usd(g.amount) }, { type: 'SHIPPING', subtotal: usd(shipping(orderId, g.sku)) }] },
    })),
  }) as Order);
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const mappings = orderMappingsFrom([rule('marketplace', 'amazon.com', 'US-AMZ'), ...skus.map((sku) => rule('sku', sku, '6100'))], [{ charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' }]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: FO, connectionName: 'Contoso USMF', mappings, actor: 'tester' }, orders);
  const erp = await ws.erp.connector(FO);
  expect(await runPosting(outbox, FO, erp)).toMatchObject({ outcome: 'completed', failed: [] });
  // A person posts the free-text invoices in F&O; the app's check records them.
  for (const h of emu.rows('FreeTextInvoiceHeaders')) emu.postFreeTextInvoice(String(h.FreeTextNumber));
  expect((await recheckAwaiting(outbox, FO, erp)).posted).toHaveLength(3);
  for (const item of (await value<List>('review.list', { connectionId: FO, state: 'open' })).items.filter((i) => i.severity === 'warning')) {
    await value('review.resolve', { itemId: item.id, connectionId: FO, resolution: { action: 'acknowledge' } });
  }
  expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: FO })).status).toBe('approved');
  return { emu, ws, value, versionId, outbox, erp };
}

/** A person posts the journal and the payment journal in F&O; the app's check records both, and every invoice is settled. */
async function postedByAPerson(t: Awaited<ReturnType<typeof approvedInvoicedSettlement>>, run: Run) {
  expect(run).toMatchObject({ outcome: 'completed', failed: [] });
  expect(run.awaiting.map((a) => a.naturalKey)).toEqual([expect.stringMatching(/-JNL-V1$/), expect.stringMatching(/-PMT-V1$/)]);
  const emu: FoEmulator = t.emu;
  expect(emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(1);
  const invoiceIds = emu.rows('FreeTextInvoiceHeaders').map((h) => h.InvoiceId).sort();
  expect(emu.rows('CustomerPaymentJournalLines').map((l) => l.MarkedInvoice).sort()).toEqual(invoiceIds);
  emu.postJournal(run.awaiting[0]!.erpDocumentNumber);
  emu.postPaymentJournal(run.awaiting[1]!.erpDocumentNumber);
  expect((await recheckAwaiting(t.outbox, FO, t.erp)).posted.map((p) => p.naturalKey)).toEqual(run.awaiting.map((a) => a.naturalKey));
  expect(emu.rows('FreeTextInvoiceHeaders').map((h) => emu.openAmount(String(h.FreeTextNumber)))).toEqual([0, 0, 0]);
}

describe('Finance and Operations: the payout of a settlement in "Orders as invoices" mode, through the outbox', () => {
  it('creates the journal and one customer payment journal marking every invoice; once a person posts both, every invoice is settled, and posting again adds nothing', async () => {
    const t = await approvedInvoicedSettlement();
    await postedByAPerson(t, await t.value<Run>('posting.post', { versionId: t.versionId, connectionId: FO }));
    await t.value('posting.post', { versionId: t.versionId, connectionId: FO }).catch(() => undefined);
    expect(t.emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(1);
    expect(t.emu.rows('CustomerPaymentJournalLines')).toHaveLength(3);
  });

  it('one payment journal, each line once, through a lost answer after the header, throttling and an expired token', async () => {
    const t = await approvedInvoicedSettlement();
    t.emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/CustomerPaymentJournalHeaders$/ });
    t.emu.faults.throttle(2, { path: /^GET \/data\/CustomerPaymentJournalHeaders$/ });
    t.emu.faults.expireTokens();
    await postedByAPerson(t, await t.value<Run>('posting.post', { versionId: t.versionId, connectionId: FO }));
  });
});
