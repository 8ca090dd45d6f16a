// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { OrderPostingModes } from '../../../core/connections/order-posting-mode';
import type { Order } from '../../../core/amazon/orders';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox, runPosting } from '../../../core/posting';
import type { MappingEntry } from '../../../core/mapping/mapping-entry';
import { defaultSapB1Seed, type SapB1Account } from '../../../core/sandbox/sap-b1/emulator-seed';
import { startSapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';

const B1 = 'b1-demo';
type List = { items: ReviewItemView[] };
interface PreviewLine { account: string | null; dimensions: Record<string, string>; debit: number; credit: number; description: string }
type Preview = { documents: Array<{ period: string; currency: string; lines: PreviewLine[] }> };
const net = (lines: PreviewLine[]) => lines.reduce((s, l) => s + l.debit - l.credit, 0);
interface Run { outcome: string; posted: unknown[]; failed: unknown[] }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** The sample's orders: goods 474.49, shipping 7.99 on one, tax 10.40 on another: what their invoices booked, in cents. */
const GOODS = 474_49;
const ORDER_AMOUNTS = GOODS + 7_99 + 10_40;
/** The sample maps goods and shipping to sales, tax (and Amazon's facilitator VAT) to 6200. */
const SALES = '6100';

describe('SAP Business One: a settlement of a connection in "Orders as invoices" mode', () => {
  it('previews and posts what the orders\' invoices carry (goods, shipping, tax) against the Amazon customer, not to revenue; the entry balances and nothing is booked twice', async () => {
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

    // The accountant switches the connection to "Orders as invoices" and maps amazon.com to its customer.
    new OrderPostingModes(ws.db, ws.audit).set(B1, 'orders-as-invoices', 'tester', new Date(ws.clock.now()));
    // Until amazon.com has its customer, the review and the preview say that is what is missing, and where to map it.
    const missing = (await value<List>('review.list', { connectionId: B1, state: 'open' })).items.filter((i) => i.kind === 'unmapped-marketplace');
    expect(missing.map((i) => i.title)).toEqual([expect.stringMatching(/^Marketplace amazon\.com is not mapped to a customer: OEC Computers invoices its orders to that customer, and this settlement clears \d+ of its lines against it\. Map the marketplace to its customer under Mappings, Marketplaces$/)]);
    const unmappedPreview = await value<{ issues: string[] }>('settlements.preview', { versionId, connectionId: B1 });
    expect(unmappedPreview.issues).toEqual([expect.stringMatching(/^amazon\.com is not mapped to a customer, so \d+ lines of its invoiced orders cannot be cleared/)]);
    expect(unmappedPreview.issues.join(' ')).not.toMatch(/No account mapped for sales/);
    await value('mappings.save', { connectionId: B1, entry: { kind: 'marketplace', subject: 'amazon.com', target: 'C-AMZ-US', transactionType: '', amountType: '', amountDescription: '', dimensions: {} } });

    const preview = await value<Preview>('settlements.preview', { versionId, connectionId: B1 });
    const lines = preview.documents[0]!.lines;
    const toCustomer = lines.filter((l) => l.description.endsWith('of invoiced orders, customer C-AMZ-US'));
    expect(toCustomer.map((l) => l.description.replace(/^.* — /, '')).sort()).toEqual([
      'Sales of invoiced orders, customer C-AMZ-US', 'Shipping charged of invoiced orders, customer C-AMZ-US', 'Tax collected of invoiced orders, customer C-AMZ-US',
    ]);
    expect(net(toCustomer)).toBe(-ORDER_AMOUNTS);
    // Revenue keeps only what no invoice carries (the refund); it moved by exactly the orders' goods and shipping.
    // The drill-down from the customer's Sales line finds the sample's four order principal lines.
    const sales = toCustomer.find((l) => l.description.endsWith('Sales of invoiced orders, customer C-AMZ-US'))!;
    const doc = preview.documents[0]!;
    const behind = await value<{ total: number; amount: number }>('settlements.lines', { versionId, connectionId: B1, journalLine: { period: doc.period, currency: doc.currency, account: sales.account, dimensions: sales.dimensions, description: sales.description } });
    expect(behind).toMatchObject({ total: 4, amount: sales.credit - sales.debit });
    const salesAfter = net(lines.filter((l) => l.account === SALES));
    expect(salesAfter - salesBefore).toBe(GOODS + 7_99);
    expect(net(lines)).toBe(0);

    // The orders' invoices come first: a settlement cannot be approved while any of its orders is not invoiced.
    const before2 = (await value<List>('review.list', { connectionId: B1, state: 'open' })).items.map((i) => i.kind);
    expect(before2).toContain('orders-not-invoiced');
    const goods = ws.db.prepare(`SELECT order_id AS orderId, sku, quantity, amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_description = 'Principal' ORDER BY order_id, sku`)
      .all(versionId) as Array<{ orderId: string; sku: string; quantity: number; amount: number }>;
    // What Amazon's proceeds breakdowns give of each item: the settlement's shipping and tax of its order and SKU.
    const charged = (orderId: string, sku: string, description: string) => (ws.db.prepare(`SELECT COALESCE(SUM(amount), 0) AS a FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_type = 'ItemPrice' AND amount_description = ? AND order_id = ? AND sku = ?`)
      .get(versionId, description, orderId, sku) as { a: number }).a;
    const usd = (cents: number) => ({ amount: (cents / 100).toFixed(2), currencyCode: 'USD' });
    const orders = [...new Set(goods.map((g) => g.orderId))].map((orderId): Order => ({
      orderId,
      createdTime: '2024-03-01T10:00:00Z',
      lastUpdatedTime: '2024-03-02T10:00:00Z',
      salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
      orderItems: goods.filter((g) => g.orderId === orderId).map((g, i) => ({
        orderItemId: `${orderId.slice(-6)}${i}`, quantityOrdered: g.quantity,
        product: { sellerSku: g.sku, title: g.sku, price: { unitPrice: { amount: (g.amount / g.quantity / 100).toFixed(2), currencyCode: 'USD' } } },
        proceeds: { breakdowns: [{ type: 'ITEM', subtotal: usd(g.amount) }, { type: 'SHIPPING', subtotal: usd(charged(orderId, g.sku, 'Shipping')) }, { type: 'TAX', subtotal: usd(charged(orderId, g.sku, 'Tax')) }] },
      })),
    }) as Order);
    const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry => ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
    for (const sku of new Set(goods.map((g) => g.sku))) await value('mappings.save', { connectionId: B1, entry: rule('sku', sku, 'A00001') });
    const outbox = new PostingOutbox(ws.db, ws.audit);
    const mappings = orderMappingsFrom([rule('marketplace', 'amazon.com', 'C-AMZ-US'), ...[...new Set(goods.map((g) => g.sku))].map((sku) => rule('sku', sku, 'A00001'))], [
      { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' }, { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'CA' },
    ]);
    const decisions = enqueueOrderInvoices({ db: ws.db, audit: ws.audit, outbox, connectionId: B1, connectionName: 'OEC Computers', mappings, actor: 'tester' }, orders);
    expect(decisions.map((d) => d.outcome)).toEqual(['enqueued', 'enqueued', 'enqueued']);
    expect(await runPosting(outbox, B1, await ws.erp.connector(B1))).toMatchObject({ outcome: 'completed', failed: [] });
    expect(emu.invoices().reduce((s, i) => s + Math.round(Number(i.DocTotal) * 100), 0)).toBe(ORDER_AMOUNTS);
    // Revenue booked by the invoices (before tax) plus what the journal still books to sales is what the
    // settlement alone booked there: each order's revenue once.
    const invoiceRevenue = emu.invoices().flatMap((i) => [...i.DocumentLines, ...i.DocumentAdditionalExpenses]).reduce((s, l) => s + Math.round(Number(l.LineTotal) * 100), 0);
    expect(invoiceRevenue).toBe(GOODS + 7_99);
    expect(invoiceRevenue - (salesAfter - salesBefore)).toBe(0);

    expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: B1 })).status).toBe('approved');
    const run = await value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    const [entry] = emu.journalEntries();
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    const customerLines = entry!.JournalEntryLines.filter((l) => l.ShortName === 'C-AMZ-US');
    expect(customerLines.every((l) => l.AccountCode === '_SYS00000000015')).toBe(true);
    expect(customerLines.reduce((s, l) => s + cents(l.Credit) - cents(l.Debit), 0)).toBe(ORDER_AMOUNTS);
    expect(entry!.JournalEntryLines.filter((l) => l.AccountCode === SALES).reduce((s, l) => s + cents(l.Debit) - cents(l.Credit), 0)).toBe(salesAfter);
    expect(entry!.JournalEntryLines.reduce((s, l) => s + cents(l.Debit) - cents(l.Credit), 0)).toBe(0);
  });
});
