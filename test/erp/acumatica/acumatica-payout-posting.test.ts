// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import type { Order } from '../../../core/amazon/orders';
import { OrderPostingModes } from '../../../core/connections/order-posting-mode';
import { supports } from '../../../core/erp/erp-connector';
import type { MappingEntry } from '../../../core/mapping/mapping-entry';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, runPosting } from '../../../core/posting';
import { enqueueOrderCreditNotes, refundsInSettlements } from '../../../core/posting/order-credit-notes';
import { SEED_ACCOUNTS } from '../../../core/sandbox/acumatica/emulator-seed';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { scaledClock } from '../../../core/clock/clock';
import { openWorkspace } from '../../../core/workspace/workspace';
import { tempDir } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';
import { CLIENT_ID, emulator, SECRETS, START } from './acumatica-fixtures';

const ACU = 'acu-demo';
type List = { items: ReviewItemView[] };
interface PreviewLine { account: string | null; debit: number; credit: number; description: string }
type Preview = { documents: Array<{ lines: PreviewLine[] }> };
interface Run { outcome: string; posted: Array<{ naturalKey: string; erpDocumentNumber: string }>; failed: Array<{ naturalKey: string; message: string }> }
const net = (lines: PreviewLine[]) => lines.reduce((s, l) => s + l.debit - l.credit, 0);
const cents = (v: number) => Math.round(v * 100);

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** The sample's orders: goods 474.49, shipping 7.99 on one, tax 10.40 on another, in cents. */
const GOODS = 474_49;
const ORDER_AMOUNTS = GOODS + 7_99 + 10_40;
/** The sample refunds 129.99 of an order an earlier settlement paid. */
const REFUNDED = '112-5561209-7742044';
const REFUND = 129_99;
const SALES = '6100';
const CLEARING = SAMPLE_ACCOUNTS.clearing!;

/**
 * The sample settlement in a workspace with an Acumatica connection in "Orders as invoices" mode:
 * amazon.com mapped to AMZUS, its three orders invoiced and released in Acumatica, the refunded order
 * invoiced and paid earlier with the refund's credit memo released and open, the settlement approved.
 */
async function approvedInvoicedSettlement() {
  const codes = [...new Set(Object.values(SAMPLE_ACCOUNTS))];
  const emu = await emulator({ accounts: [...SEED_ACCOUNTS, ...codes.map((AccountCD) => ({ AccountCD, Description: `Account ${AccountCD}`, Type: 'Asset' as const, Active: true }))], cashAccounts: [CLEARING] });
  cleanups.push(() => emu.stop());
  const dir = tempDir();
  cleanups.push(dir.remove);
  // Fifty times quicker, so the release polls and the settle wait after a lost answer take milliseconds.
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock: scaledClock(50, START) });
  cleanups.push(() => ws.close());
  ws.connections.upsert({ id: ACU, kind: 'acumatica', name: 'Acumatica demo', settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin' } });
  for (const [field, value] of Object.entries(SECRETS)) await ws.credentials.set(ACU, field, value!);
  const { value } = apiCalls(createDispatcher(ws));

  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
  await value('mappings.refreshReference', { connectionId: ACU });
  for (const item of (await value<List>('review.list', { connectionId: ACU, state: 'open' })).items) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: ACU, resolution: { action: 'map', target } });
  }
  const salesBefore = net((await value<Preview>('settlements.preview', { versionId, connectionId: ACU })).documents[0]!.lines.filter((l) => l.account === SALES));

  new OrderPostingModes(ws.db, ws.audit).set(ACU, 'orders-as-invoices', 'tester', new Date(ws.clock.now()));
  const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry => ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  await value('mappings.save', { connectionId: ACU, entry: rule('marketplace', 'amazon.com', 'AMZUS') });
  const goods = ws.db.prepare(`SELECT order_id AS orderId, sku, quantity, amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_description = 'Principal' ORDER BY order_id, sku`)
    .all(versionId) as Array<{ orderId: string; sku: string; quantity: number; amount: number }>;
  const skus = [...new Set(goods.map((g) => g.sku))];
  for (const sku of skus) await value('mappings.save', { connectionId: ACU, entry: rule('sku', sku, 'CHAIR01') });
  // What Amazon's proceeds breakdowns give of each item: the settlement's shipping and tax of its order and SKU.
  const charged = (orderId: string, sku: string, description: string) => (ws.db.prepare(`SELECT COALESCE(SUM(amount), 0) AS a FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_type = 'ItemPrice' AND amount_description = ? AND order_id = ? AND sku = ?`)
    .get(versionId, description, orderId, sku) as { a: number }).a;
  const usd = (c: number) => ({ amount: (c / 100).toFixed(2), currencyCode: 'USD' });
  const orders = [...new Set(goods.map((g) => g.orderId))].map((orderId): Order => ({
    orderId, createdTime: '2024-03-01T10:00:00Z', lastUpdatedTime: '2024-03-02T10:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
    fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
    orderItems: goods.filter((g) => g.orderId === orderId).map((g, i) => ({
      orderItemId: `${orderId.slice(-6)}${i}`, quantityOrdered: g.quantity,
      product: { sellerSku: g.sku, title: g.sku, price: { unitPrice: { amount: (g.amount / g.quantity / 100).toFixed(2), currencyCode: 'USD' } } },
      proceeds: { breakdowns: [{ type: 'ITEM', subtotal: usd(g.amount) }, { type: 'SHIPPING', subtotal: usd(charged(orderId, g.sku, 'Shipping')) }, { type: 'TAX', subtotal: usd(charged(orderId, g.sku, 'Tax')) }] },
    })),
  }) as Order);
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const mappings = orderMappingsFrom([rule('marketplace', 'amazon.com', 'AMZUS'), ...skus.map((sku) => rule('sku', sku, 'CHAIR01'))], [
    { charge: 'shipping', marketplace: '', lineType: 'account', target: SALES }, { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'CASALES' },
  ]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: ACU, connectionName: 'Acumatica demo', mappings, actor: 'tester' }, orders);
  expect(await runPosting(outbox, ACU, await ws.erp.connector(ACU))).toMatchObject({ outcome: 'completed', failed: [] });
  expect(emu.salesInvoices).toHaveLength(3);

  // The refunded order as Acumatica holds it: invoiced and paid by its own settlement's payout, then the refund's credit memo, left open since the invoice has nothing open to take it.
  const refunded: Order = { ...orders[0]!, orderId: REFUNDED, orderItems: [{ orderItemId: 'R1', quantityOrdered: 1, product: { sellerSku: 'NX-HD-1200', title: 'NX-HD-1200', price: { unitPrice: usd(REFUND) } } }] };
  const withRefunded = orderMappingsFrom([rule('marketplace', 'amazon.com', 'AMZUS'), rule('sku', 'NX-HD-1200', 'CHAIR01')]);
  enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: ACU, connectionName: 'Acumatica demo', mappings: withRefunded, actor: 'tester' }, [refunded]);
  expect(await runPosting(outbox, ACU, await ws.erp.connector(ACU))).toMatchObject({ outcome: 'completed', failed: [] });
  const earlier = emu.salesInvoices.find((i) => i.CustomerOrder === REFUNDED)!;
  const erp = await ws.erp.connector(ACU);
  if (!supports(erp, 'settlementPayments')) throw new Error('Acumatica applies payouts');
  await erp.postSettlementPayment({
    externalDocumentNumber: '28471000001-202606-PMT-V1', documentNumber: 'AMZ28471000001P', customerNumber: 'AMZUS', postingDate: '2026-06-10', currency: 'USD',
    clearingAccountNumber: CLEARING, description: 'Earlier payout', applications: [{ kind: 'invoice', documentNumber: earlier.ReferenceNbr, amount: REFUND }],
  });
  expect(earlier).toMatchObject({ Status: 'Closed', Balance: 0 });
  expect(enqueueOrderCreditNotes({ db: ws.db, audit: ws.audit, outbox, connectionId: ACU, mappings: withRefunded, actor: 'tester' }, refundsInSettlements(ws.db)).map((d) => d.outcome)).toEqual(['enqueued']);
  expect(await runPosting(outbox, ACU, await ws.erp.connector(ACU))).toMatchObject({ outcome: 'completed', failed: [] });
  expect(creditMemos(emu)).toMatchObject([{ CustomerID: 'AMZUS', Status: 'Open', Amount: REFUND / 100, Balance: REFUND / 100, Applications: [] }]);
  expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: ACU })).status).toBe('approved');
  return { emu, ws, value, versionId, salesBefore };
}

const creditMemos = (emu: AcumaticaEmulator) => emu.salesInvoices.filter((i) => i.Type === 'Credit Memo');
/** The invoices of the settlement's own orders (not the earlier one it refunds). */
const settlementInvoices = (emu: AcumaticaEmulator) => emu.salesInvoices.filter((i) => i.Type === 'Invoice' && i.CustomerOrder !== REFUNDED);
/** This settlement's payments (beside the earlier one that paid the refunded order). */
const settlementPayments = (emu: AcumaticaEmulator) => emu.payments.filter((p) => p.PaymentRef?.startsWith('28471003921'));

/** One released payment of this settlement: every order's invoice, less the refund's open credit memo; all of them closed. */
function expectPaidOnce(emu: AcumaticaEmulator) {
  expect(settlementPayments(emu)).toHaveLength(1);
  const [payment] = settlementPayments(emu);
  expect(payment).toMatchObject({ CustomerID: 'AMZUS', CashAccount: CLEARING, CurrencyID: 'USD', Status: 'Closed' });
  expect(cents(payment!.PaymentAmount)).toBe(ORDER_AMOUNTS - REFUND);
  const applied = (type: string) => payment!.DocumentsToApply.filter((d) => d.DocType === type);
  expect(applied('Invoice').map((d) => d.ReferenceNbr).sort()).toEqual(settlementInvoices(emu).map((i) => i.ReferenceNbr).sort());
  expect(applied('Credit Memo').map((d) => [d.ReferenceNbr, cents(d.AmountPaid)])).toEqual([[creditMemos(emu)[0]!.ReferenceNbr, REFUND]]);
  expect(settlementInvoices(emu).every((i) => i.Status === 'Closed' && i.Balance === 0)).toBe(true);
  expect(creditMemos(emu)).toMatchObject([{ Status: 'Closed', Balance: 0 }]);
  return payment!;
}

describe('Acumatica: the payout of a settlement in "Orders as invoices" mode, through the outbox', () => {
  it('posts the journal and one released payment that closes every invoice; revenue is booked once, and posting again adds nothing', async () => {
    const { emu, value, versionId, salesBefore } = await approvedInvoicedSettlement();
    const run = await value<Run>('posting.post', { versionId, connectionId: ACU });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted.map((p) => p.naturalKey)).toEqual([expect.stringMatching(/-JNL-V1$/), expect.stringMatching(/-PMT-V1$/)]);
    const payment = expectPaidOnce(emu);
    expect(run.posted[1]!.erpDocumentNumber).toBe(payment.ReferenceNbr);
    expect(payment.PaymentRef).toBe(run.posted[1]!.naturalKey);

    // Nothing booked twice: the invoices carry goods and shipping and the credit memo takes the refund's back,
    // the journal the rest of what the settlement booked to sales.
    const [batch] = emu.journals;
    const revenue = (docs: ReturnType<typeof settlementInvoices>) => docs.flatMap((i) => i.Details).reduce((s, l) => s + cents(l.Amount), 0);
    const invoiceRevenue = revenue(settlementInvoices(emu));
    expect(invoiceRevenue).toBe(GOODS + 7_99);
    expect(revenue(creditMemos(emu))).toBe(REFUND);
    const journalSales = batch!.Details.filter((l) => l.Account === SALES).reduce((s, l) => s + cents(l.DebitAmount) - cents(l.CreditAmount), 0);
    expect(-journalSales + invoiceRevenue - REFUND).toBe(-salesBefore);

    // Posting again changes nothing in Acumatica (the earlier settlement's payment beside this one).
    await value('posting.post', { versionId, connectionId: ACU }).catch(() => undefined);
    expect(emu.payments).toHaveLength(2);
    expect(emu.journals).toHaveLength(1);
  });

  it('one payment through a lost answer after the create, throttling and an expired token', async () => {
    const { emu, value, versionId } = await approvedInvoicedSettlement();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/Payment$/ });
    emu.faults.throttle(2, { path: /^PUT \/Payment$/ });
    emu.faults.expireTokens();
    const run = await value<Run>('posting.post', { versionId, connectionId: ACU });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted[1]!.erpDocumentNumber).toBe(expectPaidOnce(emu).ReferenceNbr);
  });
});
