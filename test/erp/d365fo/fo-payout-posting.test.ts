// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import type { Order } from '../../../core/amazon/orders';
import { scaledClock } from '../../../core/clock/clock';
import { OrderPostingModes } from '../../../core/connections/order-posting-mode';
import { supports } from '../../../core/erp/erp-connector';
import type { MappingEntry } from '../../../core/mapping/mapping-entry';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, recheckAwaiting, runPosting } from '../../../core/posting';
import { enqueueOrderCreditNotes, refundsInSettlements } from '../../../core/posting/order-credit-notes';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { openWorkspace } from '../../../core/workspace/workspace';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempDir } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';
import { foEmulator, TODAY } from './fo-fixtures';

const FO = 'fo-demo';
/** The sample refunds 129.99 of an order an earlier settlement paid. */
const REFUNDED = '112-5561209-7742044';
const REFUND = 129_99;
type List = { items: ReviewItemView[] };
interface Run { outcome: string; posted: unknown[]; awaiting: Array<{ naturalKey: string; erpDocumentNumber: string }>; failed: Array<{ naturalKey: string; message: string }> }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/**
 * The sample settlement in a workspace with an F&O connection in "Orders as invoices" mode: amazon.com
 * mapped to US-AMZ, its three orders invoiced as free-text invoices (goods and shipping; the tax Amazon
 * collected stays on the clearing account, acknowledged) that a person posted in F&O; the refunded order
 * invoiced and paid earlier, and the refund's free-text credit note posted and open; the settlement approved.
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

  // The refunded order as F&O holds it: invoiced and paid by its own settlement's payment journal, then the refund's credit note, each posted by a person.
  const refunded: Order = { ...orders[0]!, orderId: REFUNDED, orderItems: [{ orderItemId: 'R1', quantityOrdered: 1, product: { sellerSku: 'NX-HD-1200', title: 'NX-HD-1200', price: { unitPrice: usd(REFUND) } } }] };
  const withRefunded = orderMappingsFrom([rule('marketplace', 'amazon.com', 'US-AMZ'), rule('sku', 'NX-HD-1200', '6100')]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: FO, connectionName: 'Contoso USMF', mappings: withRefunded, actor: 'tester' }, [refunded]);
  expect(await runPosting(outbox, FO, erp)).toMatchObject({ outcome: 'completed', failed: [] });
  const earlier = String(emu.rows('FreeTextInvoiceHeaders').find((h) => h.CustomerReference === REFUNDED)!.FreeTextNumber);
  emu.postFreeTextInvoice(earlier);
  expect((await recheckAwaiting(outbox, FO, erp)).posted).toHaveLength(1);
  if (!supports(erp, 'settlementPayments')) throw new Error('F&O applies payouts');
  const earlierPayout = await erp.postSettlementPayment({
    externalDocumentNumber: '28471000001-202606-PMT-V1', documentNumber: 'AMZ28471000001P', customerNumber: 'US-AMZ', postingDate: '2026-06-10', currency: 'USD',
    clearingAccountNumber: SAMPLE_ACCOUNTS.clearing!, description: 'Earlier payout', applications: [{ kind: 'invoice', documentNumber: earlier, amount: REFUND }],
  });
  emu.postPaymentJournal(earlierPayout.documentNumber);
  expect(emu.openAmount(earlier)).toBe(0);
  expect(enqueueOrderCreditNotes({ db: ws.db, audit: ws.audit, outbox, connectionId: FO, mappings: withRefunded, actor: 'tester' }, refundsInSettlements(ws.db)).map((d) => d.outcome)).toEqual(['enqueued']);
  expect(await runPosting(outbox, FO, erp)).toMatchObject({ outcome: 'completed', failed: [] });
  const [note] = creditNotes(emu);
  expect(note).toMatchObject({ CustomerAccount: 'US-AMZ', CustomerReference: expect.stringMatching(`^${REFUNDED}/`), IsPosted: 'No' });
  emu.postFreeTextInvoice(String(note!.FreeTextNumber));
  expect((await recheckAwaiting(outbox, FO, erp)).posted).toHaveLength(1);
  expect(emu.openAmount(String(note!.FreeTextNumber))).toBe(-REFUND);
  for (const item of (await value<List>('review.list', { connectionId: FO, state: 'open' })).items.filter((i) => i.severity === 'warning')) {
    await value('review.resolve', { itemId: item.id, connectionId: FO, resolution: { action: 'acknowledge' } });
  }
  expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: FO })).status).toBe('approved');
  return { emu, ws, value, versionId, outbox, erp };
}

/** The free-text credit notes (CustomerReference "order/refund"); the rest are invoices. */
const creditNotes = (emu: FoEmulator) => emu.rows('FreeTextInvoiceHeaders').filter((h) => String(h.CustomerReference).includes('/'));
/** The invoices of the settlement's own orders (not the earlier one it refunds). */
const settlementInvoices = (emu: FoEmulator) => emu.rows('FreeTextInvoiceHeaders').filter((h) => !String(h.CustomerReference).includes('/') && h.CustomerReference !== REFUNDED);
/** This settlement's payment journals (beside the earlier one that paid the refunded order). */
const settlementJournals = (emu: FoEmulator) => emu.rows('CustomerPaymentJournalHeaders').filter((h) => String(h.Description).startsWith('28471003921'));
const linesOf = (emu: FoEmulator, batch: unknown) => emu.rows('CustomerPaymentJournalLines').filter((l) => l.JournalBatchNumber === batch);
const cents = (v: unknown) => Math.round(Number(v) * 100);

/**
 * A person posts the journal and the payment journal in F&O; the app's check records both. The payment journal
 * credits the customer for every invoice and debits it for the open credit note, so once posted every invoice
 * and the credit note are settled.
 */
async function postedByAPerson(t: Awaited<ReturnType<typeof approvedInvoicedSettlement>>, run: Run) {
  expect(run).toMatchObject({ outcome: 'completed', failed: [] });
  expect(run.awaiting.map((a) => a.naturalKey)).toEqual([expect.stringMatching(/-JNL-V1$/), expect.stringMatching(/-PMT-V1$/)]);
  const emu: FoEmulator = t.emu;
  expect(settlementJournals(emu)).toHaveLength(1);
  const lines = linesOf(emu, settlementJournals(emu)[0]!.JournalBatchNumber);
  const credits = lines.filter((l) => Number(l.CreditAmount) > 0);
  const debits = lines.filter((l) => Number(l.DebitAmount) > 0);
  expect(credits.map((l) => l.MarkedInvoice).sort()).toEqual(settlementInvoices(emu).map((h) => h.InvoiceId).sort());
  expect(debits.map((l) => [l.MarkedInvoice, cents(l.DebitAmount), l.CreditAmount])).toEqual([[creditNotes(emu)[0]!.InvoiceId, REFUND, 0]]);
  expect(lines.every((l) => l.AccountType === 'Cust' && l.AccountDisplayValue === 'US-AMZ' && l.OffsetAccountType === 'Ledger' && l.CurrencyCode === 'USD')).toBe(true);
  // What the payout moves off the clearing account: every invoice, less the refund.
  const invoiced = settlementInvoices(emu).reduce((s, h) => s + emu.openAmount(String(h.FreeTextNumber)), 0);
  expect(credits.reduce((s, l) => s + cents(l.CreditAmount), 0) - debits.reduce((s, l) => s + cents(l.DebitAmount), 0)).toBe(invoiced - REFUND);
  emu.postJournal(run.awaiting[0]!.erpDocumentNumber);
  emu.postPaymentJournal(run.awaiting[1]!.erpDocumentNumber);
  expect((await recheckAwaiting(t.outbox, FO, t.erp)).posted.map((p) => p.naturalKey)).toEqual(run.awaiting.map((a) => a.naturalKey));
  expect(emu.rows('FreeTextInvoiceHeaders').map((h) => emu.openAmount(String(h.FreeTextNumber)))).toEqual([0, 0, 0, 0, 0]);
}

describe('Finance and Operations: the payout of a settlement in "Orders as invoices" mode, through the outbox', () => {
  it('creates the journal and one customer payment journal marking every invoice; once a person posts both, every invoice is settled, and posting again adds nothing', async () => {
    const t = await approvedInvoicedSettlement();
    await postedByAPerson(t, await t.value<Run>('posting.post', { versionId: t.versionId, connectionId: FO }));
    await t.value('posting.post', { versionId: t.versionId, connectionId: FO }).catch(() => undefined);
    expect(settlementJournals(t.emu)).toHaveLength(1);
    expect(linesOf(t.emu, settlementJournals(t.emu)[0]!.JournalBatchNumber)).toHaveLength(4);
    expect(t.emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(2);
  });

  it('one payment journal, each line once, through a lost answer after the header, throttling and an expired token', async () => {
    const t = await approvedInvoicedSettlement();
    t.emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/CustomerPaymentJournalHeaders$/ });
    t.emu.faults.throttle(2, { path: /^GET \/data\/CustomerPaymentJournalHeaders$/ });
    t.emu.faults.expireTokens();
    await postedByAPerson(t, await t.value<Run>('posting.post', { versionId: t.versionId, connectionId: FO }));
  });
});
