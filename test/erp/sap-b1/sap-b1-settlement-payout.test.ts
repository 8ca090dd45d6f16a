// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { OrderPostingModes } from '../../../core/connections/order-posting-mode';
import { supports } from '../../../core/erp/erp-connector';
import type { Order } from '../../../core/amazon/orders';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, runPosting } from '../../../core/posting';
import { enqueueOrderCreditNotes, refundsInSettlements } from '../../../core/posting/order-credit-notes';
import type { MappingEntry } from '../../../core/mapping/mapping-entry';
import { defaultSapB1Seed, type SapB1Account } from '../../../core/sandbox/sap-b1/emulator-seed';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';

const B1 = 'b1-demo';
type List = { items: ReviewItemView[] };
interface PreviewLine { account: string | null; dimensions: Record<string, string>; debit: number; credit: number; description: string }
type Preview = { documents: Array<{ period: string; currency: string; lines: PreviewLine[] }> };
const net = (lines: PreviewLine[]) => lines.reduce((s, l) => s + l.debit - l.credit, 0);
const cents = (v: unknown) => Math.round(Number(v) * 100);
interface Run { outcome: string; posted: Array<{ naturalKey: string; erpDocumentNumber: string }>; failed: Array<{ naturalKey: string; message: string }> }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** The sample's orders: goods 474.49, shipping 7.99 on one, tax 10.40 on another: what their invoices booked, in cents. */
const GOODS = 474_49;
const ORDER_AMOUNTS = GOODS + 7_99 + 10_40;
/** The sample refunds 129.99 of an order an earlier settlement paid. */
const REFUNDED = '112-5561209-7742044';
const REFUND = 129_99;
/** The sample maps goods and shipping to sales, tax to its own account. */
const SALES = '6100';
const CLEARING = SAMPLE_ACCOUNTS.clearing!;

/**
 * The sample settlement imported into a workspace with an SAP B1 connection in "Orders as invoices"
 * mode, amazon.com mapped to C-AMZ-US, its three orders invoiced in B1 (one priced `overprice` cents above
 * what the settlement paid, when asked), and the settlement approved.
 */
async function invoicedSettlement(o: { overprice?: number } = {}) {
  const seed = defaultSapB1Seed();
  const template = seed.accounts[1]!;
  const codes = [...new Set(Object.values(SAMPLE_ACCOUNTS)), '_SYS00000000015'];
  seed.accounts = codes.map((Code): SapB1Account => ({ ...template, Code, Name: `Account ${Code}` }));
  const emu = await startSapB1Emulator({ seed });
  cleanups.push(() => emu.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: B1, kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager' } });
  await ws.credentials.set(B1, 'password', 'B1Admin!');
  const { value } = apiCalls(createDispatcher(ws));

  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
  await value('mappings.refreshReference', { connectionId: B1 });
  for (const item of (await value<List>('review.list', { connectionId: B1, state: 'open' })).items) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: B1, resolution: { action: 'map', target } });
  }
  const before = await value<Preview>('settlements.preview', { versionId, connectionId: B1 });
  const salesBefore = net(before.documents[0]!.lines.filter((l) => l.account === SALES));

  new OrderPostingModes(ws.db, ws.audit).set(B1, 'orders-as-invoices', 'tester', new Date(ws.clock.now()));
  await value('mappings.save', { connectionId: B1, entry: { kind: 'marketplace', subject: 'amazon.com', target: 'C-AMZ-US', transactionType: '', amountType: '', amountDescription: '', dimensions: {} } });

  const goods = ws.db.prepare(`SELECT order_id AS orderId, sku, quantity, amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_description = 'Principal' ORDER BY order_id, sku`)
    .all(versionId) as Array<{ orderId: string; sku: string; quantity: number; amount: number }>;
  const orderIds = [...new Set(goods.map((g) => g.orderId))];
  // What Amazon's proceeds breakdowns give of each item: the settlement's shipping and tax of its order and SKU.
  const charged = (orderId: string, sku: string, description: string) => (ws.db.prepare(`SELECT COALESCE(SUM(amount), 0) AS a FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_type = 'ItemPrice' AND amount_description = ? AND order_id = ? AND sku = ?`)
    .get(versionId, description, orderId, sku) as { a: number }).a;
  const usd = (c: number) => ({ amount: (c / 100).toFixed(2), currencyCode: 'USD' });
  const orders = orderIds.map((orderId, n): Order => ({
    orderId,
    createdTime: '2024-03-01T10:00:00Z',
    lastUpdatedTime: '2024-03-02T10:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
    fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
    orderItems: goods.filter((g) => g.orderId === orderId).map((g, i) => {
      const goodsAmount = g.amount + (n === 0 && i === 0 ? (o.overprice ?? 0) * g.quantity : 0);
      return {
        orderItemId: `${orderId.slice(-6)}${i}`, quantityOrdered: g.quantity,
        product: { sellerSku: g.sku, title: g.sku, price: { unitPrice: { amount: (goodsAmount / g.quantity / 100).toFixed(2), currencyCode: 'USD' } } },
        proceeds: { breakdowns: [{ type: 'ITEM', subtotal: usd(goodsAmount) }, { type: 'SHIPPING', subtotal: usd(charged(orderId, g.sku, 'Shipping')) }, { type: 'TAX', subtotal: usd(charged(orderId, g.sku, 'Tax')) }] },
      };
    }),
  }) as Order);
  const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry => ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  for (const sku of new Set(goods.map((g) => g.sku))) await value('mappings.save', { connectionId: B1, entry: rule('sku', sku, 'A00001') });
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const mappings = orderMappingsFrom([rule('marketplace', 'amazon.com', 'C-AMZ-US'), ...[...new Set(goods.map((g) => g.sku))].map((sku) => rule('sku', sku, 'A00001'))], [
    { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' }, { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'CA' },
  ]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: B1, connectionName: 'OEC Computers', mappings, actor: 'tester' }, orders);
  expect(await runPosting(outbox, B1, await ws.erp.connector(B1))).toMatchObject({ outcome: 'completed', failed: [] });
  expect(emu.invoices()).toHaveLength(3);

  // The refunded order as B1 holds it: invoiced and paid by its own settlement's payout, then the refund's credit note copied from that invoice.
  const refunded: Order = { ...orders[0]!, orderId: REFUNDED, orderItems: [{ orderItemId: 'R1', quantityOrdered: 1, product: { sellerSku: 'NX-HD-1200', title: 'NX-HD-1200', price: { unitPrice: usd(REFUND) } } }] };
  const withRefunded = orderMappingsFrom([rule('marketplace', 'amazon.com', 'C-AMZ-US'), rule('sku', 'NX-HD-1200', 'A00001')]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: B1, connectionName: 'OEC Computers', mappings: withRefunded, actor: 'tester' }, [refunded]);
  expect(await runPosting(outbox, B1, await ws.erp.connector(B1))).toMatchObject({ outcome: 'completed', failed: [] });
  const earlier = emu.invoices().find((i) => i.NumAtCard === REFUNDED)!;
  const erp = await ws.erp.connector(B1);
  if (!supports(erp, 'settlementPayments')) throw new Error('B1 applies payouts');
  await erp.postSettlementPayment({
    externalDocumentNumber: '28471000001-202606-PMT-V1', documentNumber: 'AMZ28471000001P', customerNumber: 'C-AMZ-US', postingDate: '2026-06-10', currency: 'USD',
    clearingAccountNumber: CLEARING, description: 'Earlier payout', applications: [{ kind: 'invoice', documentNumber: String(earlier.DocNum), amount: REFUND }],
  });
  expect(enqueueOrderCreditNotes({ db: ws.db, audit: ws.audit, outbox, connectionId: B1, mappings: withRefunded, actor: 'tester' }, refundsInSettlements(ws.db)).map((d) => d.outcome)).toEqual(['enqueued']);
  expect(await runPosting(outbox, B1, await ws.erp.connector(B1))).toMatchObject({ outcome: 'completed', failed: [] });
  expect(emu.creditNotes()).toMatchObject([{ NumAtCard: expect.stringMatching(`^${REFUNDED}/`), DocumentStatus: 'bost_Open', DocTotal: REFUND / 100 }]);
  return { emu, ws, value, versionId, salesBefore, orderIds, outbox };
}

async function approve(value: ReturnType<typeof apiCalls>['value'], versionId: number) {
  expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: B1 })).status).toBe('approved');
}

/** The invoices of the settlement's own orders (not the earlier one it refunds). */
const settlementInvoices = (emu: SapB1Emulator) => emu.invoices().filter((i) => i.NumAtCard !== REFUNDED);

/** One payment of this settlement (beside the earlier one): every order's invoice, less the refund's open credit note. */
function expectPaidOnce(emu: SapB1Emulator, total = ORDER_AMOUNTS - REFUND) {
  const mine = emu.incomingPayments().filter((p) => p.Remarks?.startsWith('28471003921'));
  expect(mine).toHaveLength(1);
  const [payment] = mine;
  expect(payment).toMatchObject({ CardCode: 'C-AMZ-US', TransferAccount: CLEARING, DocCurrency: 'USD' });
  expect(cents(payment!.TransferSum)).toBe(total);
  const applied = (type: string) => payment!.PaymentInvoices.filter((p) => p.InvoiceType === type).map((p) => p.DocEntry).sort();
  expect(applied('it_Invoice')).toEqual(settlementInvoices(emu).map((i) => i.DocEntry).sort());
  expect(payment!.PaymentInvoices.filter((p) => p.InvoiceType === 'it_CredItnote').map((p) => [p.DocEntry, p.SumApplied])).toEqual([[emu.creditNotes()[0]!.DocEntry, -REFUND / 100]]);
  expect(emu.creditNotes()[0]).toMatchObject({ DocumentStatus: 'bost_Close' });
  return payment!;
}

describe('SAP Business One: the payout of a settlement in "Orders as invoices" mode', () => {
  it('books what the orders\' invoices carry (goods, shipping, tax) on the clearing account and pays every invoice with one incoming payment; revenue is booked once', async () => {
    const { emu, value, versionId, salesBefore } = await invoicedSettlement();
    const preview = await value<Preview>('settlements.preview', { versionId, connectionId: B1 });
    const lines = preview.documents[0]!.lines;
    // No customer line: the incoming payment is what reaches the customer, so a customer line would pay the invoices twice.
    const cleared = lines.filter((l) => l.description.endsWith('of invoiced orders, cleared'));
    expect(cleared.map((l) => l.account)).toEqual([CLEARING, CLEARING, CLEARING]);
    expect(net(cleared)).toBe(-ORDER_AMOUNTS);
    // The refund is the credit note's to book, no longer the journal's.
    const salesAfter = net(lines.filter((l) => l.account === SALES));
    expect(salesAfter - salesBefore).toBe(GOODS + 7_99 - REFUND);

    await approve(value, versionId);
    const run = await value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted.map((p) => p.naturalKey)).toEqual([expect.stringMatching(/-JNL-V1$/), expect.stringMatching(/-PMT-V1$/)]);
    const payment = expectPaidOnce(emu);
    expect(run.posted[1]!.erpDocumentNumber).toBe(String(payment.DocNum));
    expect(payment.Remarks).toBe(run.posted[1]!.naturalKey);
    expect(emu.invoices().every((i) => i.DocumentStatus === 'bost_Close' && cents(i.PaidToDate) === cents(i.DocTotal))).toBe(true);

    // Nothing booked twice: the invoices carry the goods' and shipping's revenue (before tax) and the credit
    // note takes the refund's back, the journal the rest of what the settlement booked to sales before.
    const [entry] = emu.journalEntries();
    expect(settlementInvoices(emu).reduce((s, i) => s + cents(i.DocTotal), 0)).toBe(ORDER_AMOUNTS);
    const revenue = (docs: readonly { DocumentLines: Array<Record<string, unknown>>; DocumentAdditionalExpenses: Array<Record<string, unknown>> }[]) =>
      docs.flatMap((i) => [...i.DocumentLines, ...i.DocumentAdditionalExpenses]).reduce((s, l) => s + cents(l.LineTotal), 0);
    const invoiceRevenue = revenue(settlementInvoices(emu));
    expect(invoiceRevenue).toBe(GOODS + 7_99);
    expect(revenue(emu.creditNotes())).toBe(REFUND);
    const journalSales = entry!.JournalEntryLines.filter((l) => l.AccountCode === SALES).reduce((s, l) => s + cents(l.Debit) - cents(l.Credit), 0);
    expect(journalSales).toBe(salesAfter);
    expect(-journalSales + invoiceRevenue - REFUND).toBe(-salesBefore);
    // The clearing account ends holding the deposit: the journal's net on it plus what the payment took off it.
    const clearingNet = entry!.JournalEntryLines.filter((l) => l.AccountCode === CLEARING).reduce((s, l) => s + cents(l.Debit) - cents(l.Credit), 0);
    const deposit = net(lines.filter((l) => l.account === CLEARING && !/(invoiced|credited) orders/.test(l.description)));
    expect(clearingNet + cents(payment.TransferSum)).toBe(deposit);

    // Posting again changes nothing in B1 (the earlier settlement's payment beside this one).
    await value('posting.post', { versionId, connectionId: B1 }).catch(() => undefined);
    expect(emu.incomingPayments()).toHaveLength(2);
    expect(emu.journalEntries()).toHaveLength(1);
  });

  it('pays once when B1 took the payment but the answer was lost', async () => {
    const { emu, value, versionId } = await invoicedSettlement();
    await approve(value, versionId);
    emu.faults.dropAfterProcessing(1, { path: /^POST IncomingPayments$/ });
    const run = await value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    const payment = expectPaidOnce(emu);
    expect(run.posted[1]!.erpDocumentNumber).toBe(String(payment.DocNum));
    expect(emu.invoices().every((i) => i.DocumentStatus === 'bost_Close')).toBe(true);
  });

  it('pays once through throttling (429 with Retry-After) and an expired session', async () => {
    const { emu, value, versionId } = await invoicedSettlement();
    await approve(value, versionId);
    emu.faults.failNext(2, 429, { path: /^POST IncomingPayments$/, retryAfterSeconds: 0 });
    emu.faults.expireTokens();
    const run = await value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expectPaidOnce(emu);
    expect(emu.stats.expiredRejections).toBeGreaterThan(0);
    expect(emu.invoices().every((i) => i.DocumentStatus === 'bost_Close')).toBe(true);
  });

  it('shows an invoice for more than the settlement paid as a review item, pays what was paid and leaves the rest open', async () => {
    const { emu, value, versionId, orderIds } = await invoicedSettlement({ overprice: 100 });
    const items = (await value<List>('review.list', { connectionId: B1, state: 'open' })).items.filter((i) => i.kind === 'payout-difference');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ severity: 'warning', amount: -100 });
    expect(items[0]!.title).toContain(`Order ${orderIds[0]}`);
    expect(items[0]!.title).toContain('1.00 USD stays open on the invoice');
    await value('review.resolve', { itemId: items[0]!.id, connectionId: B1, resolution: { action: 'acknowledge' } });
    await approve(value, versionId);
    expect(await value<Run>('posting.post', { versionId, connectionId: B1 })).toMatchObject({ outcome: 'completed', failed: [] });
    expectPaidOnce(emu);
    const open = emu.invoices().filter((i) => i.DocumentStatus === 'bost_Open');
    expect(open.map((i) => i.NumAtCard)).toEqual([orderIds[0]]);
    expect(cents(open[0]!.DocTotal) - cents(open[0]!.PaidToDate)).toBe(100);
  });

  it('refuses the payout, naming the invoice, when one was already paid in B1; nothing is paid and a replay after the fix pays once', async () => {
    const { emu, ws, value, versionId, orderIds } = await invoicedSettlement();
    await approve(value, versionId);
    const closed = emu.invoices().find((i) => i.NumAtCard === orderIds[1])!;
    (closed as { DocumentStatus: string }).DocumentStatus = 'bost_Close';
    const run = await value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]!.message).toContain(`invoice ${closed.DocNum} is already closed`);
    expect(emu.incomingPayments().filter((p) => p.Remarks?.startsWith('28471003921'))).toHaveLength(0);
    expect(emu.journalEntries()).toHaveLength(1);
    const entry = new PostingOutbox(ws.db, ws.audit).get({ connectionId: B1, naturalKey: run.failed[0]!.naturalKey, kind: 'settlementPayment' });
    expect(entry).toMatchObject({ state: 'failed', retryable: false });

    // The person reopens the invoice in B1 (cancels the other payment) and replays.
    (closed as { DocumentStatus: string }).DocumentStatus = 'bost_Open';
    await value('posting.replay', { naturalKey: run.failed[0]!.naturalKey, connectionId: B1 });
    expectPaidOnce(emu);
  });
});
