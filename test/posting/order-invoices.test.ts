import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { readOrdersUpdatedSince } from '../../core/amazon/orders';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { OrderPostingModes } from '../../core/connections/order-posting-mode';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { enqueueOrderInvoices, orderMappingsFrom, OrdersNotInvoiced, PostingOutbox, runPosting, type OrderInvoiceDecision } from '../../core/posting';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { AuditLog, Db } from '../../core/store';
import { harness, type Harness } from '../amazon/harness';
import { tempDir } from '../support/temp-workspace';
import { connectorFor, openPostingDb } from './posting-fixture';

const DAY = 86_400_000;
/** Where Amazon's and BC's clocks start: the orders' days and the invoices' dates are the same on any day the suite runs. */
const NOW = Date.parse('2026-06-20T12:00:00Z');
const C = 'bc-test';
const DE = 'A1PA6795UKMFR9';

let bc: BusinessCentralEmulator;
let amazon: Harness;
let dir: ReturnType<typeof tempDir>;
let db: Db;
let audit: AuditLog;
let outbox: PostingOutbox;

const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
const MAPPINGS = orderMappingsFrom([rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'STUHL-SCHWARZ', '1900-S'), rule('sku', 'CONTAINER', '1906-S')]);

/** An Amazon.de order as Orders v2026-01-01 gives it with includedData=FULFILLMENT. */
function order(orderId: string, updatedAt: number, status: string, items: Array<[sku: string, quantity: number, unitPrice: string]>) {
  return {
    orderId,
    createdTime: new Date(updatedAt - DAY).toISOString(),
    lastUpdatedTime: new Date(updatedAt).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId: DE, marketplaceName: 'Amazon.de' },
    fulfillment: { fulfillmentStatus: status, fulfilledBy: 'AMAZON' },
    orderItems: items.map(([sku, quantity, unitPrice], i) => ({
      orderItemId: `${orderId.replace(/-/g, '').slice(-10)}0${i + 1}`,
      quantityOrdered: quantity,
      product: { sellerSku: sku, title: `Artikel ${sku}`, price: { unitPrice: { amount: unitPrice, currencyCode: 'EUR' } } },
    })),
  };
}

function sellerWith(now: number): SeedSeller {
  const s = demoSeller(now);
  s.orders = [
    order('302-1000001-0000001', now - 3 * DAY, 'SHIPPED', [['STUHL-SCHWARZ', 2, '192.80'], ['CONTAINER', 1, '281.40']]),
    order('302-1000002-0000002', now - 2 * DAY, 'SHIPPED', [['STUHL-SCHWARZ', 1, '189.99']]),
    order('302-1000003-0000003', now - 2 * DAY + 3_600_000, 'CANCELLED', [['STUHL-SCHWARZ', 4, '192.80']]),
    order('302-1000004-0000004', now - DAY, 'UNSHIPPED', [['CONTAINER', 1, '281.40']]),
    order('302-1000005-0000005', now - DAY + 3_600_000, 'SHIPPED', [['LAMPE-ROT', 1, '49.95'], ['STUHL-SCHWARZ', 1, '192.80']]),
    order('302-1000006-0000006', now - DAY + 7_200_000, 'SHIPPED', [['CONTAINER', 3, '281.40']]),
  ];
  return s;
}

beforeEach(async () => {
  bc = await startBusinessCentralEmulator({ latencyMs: 1, clock: clockStartingAt(NOW) });
  amazon = await harness({ sellers: [sellerWith(NOW)], clock: clockStartingAt(NOW) });
  dir = tempDir();
  ({ db, audit } = openPostingDb(dir.dir));
  new ConnectionRepository(db).upsert({ id: C, kind: 'business-central', name: 'BC Cronus', settings: {} });
  outbox = new PostingOutbox(db, audit);
});
afterEach(async () => {
  db.close();
  dir.remove();
  await amazon.stop();
  await bc.stop();
});

/** Reads every order updated in the last four days from the Amazon emulator and queues the shipped ones. */
async function readAndQueue(): Promise<OrderInvoiceDecision[]> {
  const { orders } = await readOrdersUpdatedSince(amazon.client, {
    since: new Date(amazon.emulator.clock.now() - 4 * DAY), marketplaceIds: [DE], includedData: ['FULFILLMENT'],
  });
  return enqueueOrderInvoices({ db, audit, outbox, connectionId: C, connectionName: 'BC Cronus', mappings: MAPPINGS, actor: 'tester' }, orders);
}

const invoicesOf = (orderId: string) => bc.rows('salesInvoices').filter((r) => r.externalDocumentNumber === orderId);

describe('Amazon orders into Business Central as sales invoices, exactly once', () => {
  it('refuses to invoice orders while the connection books them from the settlement only', async () => {
    await expect(readAndQueue()).rejects.toThrow(OrdersNotInvoiced);
    await expect(readAndQueue()).rejects.toThrow(/BC Cronus books orders from the settlement only; switch it to "Orders as invoices"/);
    expect(outbox.list()).toHaveLength(0);
  });

  it('posts one invoice per shipped order through a drop after create, a 429 and an expired token; never the cancelled one', async () => {
    new OrderPostingModes(db, audit).set(C, 'orders-as-invoices', 'tester', new Date(NOW));
    const decisions = await readAndQueue();
    expect(decisions.map((d) => [d.orderId, d.outcome])).toEqual([
      ['302-1000001-0000001', 'enqueued'],
      ['302-1000002-0000002', 'enqueued'],
      ['302-1000003-0000003', 'cancelled'],
      ['302-1000004-0000004', 'not-shipped'],
      ['302-1000005-0000005', 'refused'],
      ['302-1000006-0000006', 'enqueued'],
    ]);
    expect(decisions[4]).toMatchObject({ reasons: ['SKU LAMPE-ROT is not mapped to an item; map it under Mappings.'] });
    expect(outbox.list().map((e) => e.naturalKey)).toEqual([`${DE}:302-1000001-0000001:invoice`, `${DE}:302-1000002-0000002:invoice`, `${DE}:302-1000006-0000006:invoice`]);

    // The connector holds a token that BC stops accepting; the first create reaches BC and its answer is lost;
    // then BC throttles.
    const calls: Array<{ operation: string; status: number | string }> = [];
    const connector = new BusinessCentralConnector({
      settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
      secrets: { clientSecret: bc.clientSecret },
      backoff: { baseMs: 5, capMs: 40, maxAttempts: 6 },
      audit: (c) => calls.push({ operation: c.operation, status: c.status }),
    });
    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesInvoices$/ });
    bc.faults.throttle(2, { path: /salesInvoices/ });
    const run1 = await runPosting(outbox, C, connector);
    expect(run1).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run1.posted).toHaveLength(3);
    expect(bc.stats.throttled).toBe(2);
    // Each fault was met: BC refused the old token once (a new one was fetched), the lost create was found
    // as a draft by its order id instead of created again, and BC throttled twice.
    expect(calls.filter((c) => c.status === 401)).toHaveLength(1);
    expect(bc.stats.tokenRequests).toBe(2);
    const creates = calls.filter((c) => c.operation === 'POST salesInvoices');
    expect(creates.map((c) => c.status).filter((s) => s !== 201)).toHaveLength(1);
    expect(creates.filter((c) => c.status === 201)).toHaveLength(2);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(2);

    for (const id of ['302-1000001-0000001', '302-1000002-0000002', '302-1000006-0000006']) {
      expect(invoicesOf(id), id).toHaveLength(1);
      expect(invoicesOf(id)[0], id).toMatchObject({ status: 'Open', customerNumber: 'AMZ-DE' });
    }
    expect(invoicesOf('302-1000003-0000003')).toHaveLength(0);
    expect(invoicesOf('302-1000005-0000005')).toHaveLength(0);
    expect(bc.rows('salesInvoices')).toHaveLength(3);
    // 2 x 192.80 + 281.40, in BC's decimals; the lines carry the mapped items.
    expect(invoicesOf('302-1000001-0000001')[0]).toMatchObject({ totalAmountExcludingTax: 667 });
    const lines = bc.rows('salesInvoiceLines').filter((l) => l.documentId === invoicesOf('302-1000001-0000001')[0]!.id);
    expect(lines.map((l) => [l.lineObjectNumber, l.quantity])).toEqual([['1900-S', 2], ['1906-S', 1]]);
    for (const e of outbox.list()) expect(e).toMatchObject({ state: 'posted', erpDocumentNumber: expect.stringMatching(/^PS-INV/) });

    // Reading the same orders again (the next sync, or after a crash) queues nothing and creates nothing.
    const again = await readAndQueue();
    expect(again.filter((d) => d.outcome === 'enqueued')).toHaveLength(0);
    expect(again.filter((d) => d.outcome === 'already-enqueued')).toHaveLength(3);
    const run2 = await runPosting(outbox, C, connector);
    expect(run2.posted).toHaveLength(0);
    expect(bc.rows('salesInvoices')).toHaveLength(3);
  });

  it('a crash after BC created the invoice ends with the one invoice, found by its order id', async () => {
    new OrderPostingModes(db, audit).set(C, 'orders-as-invoices', 'tester', new Date(NOW));
    await readAndQueue();
    const [first] = outbox.list();
    // The crash: the invoice reached BC and was posted, the outbox never heard back.
    outbox.begin(first!);
    if (first!.kind !== 'salesInvoice') throw new Error('expected an order invoice');
    const posted = await connectorFor(bc).postSalesInvoice(first!.document.invoice);
    const run = await runPosting(outbox, C, connectorFor(bc));
    expect(run.posted.find((p) => p.naturalKey === first!.naturalKey)).toEqual({ naturalKey: first!.naturalKey, erpDocumentNumber: posted.documentNumber, alreadyInErp: true });
    expect(invoicesOf(first!.document.orderId)).toHaveLength(1);
    expect(audit.list({}).filter((e) => e.operation === 'posting.found-in-erp').map((e) => e.subjectType)).toEqual(['order']);
  });

  it('an order queued after its SKU was mapped is not held again by a run still holding the older mappings', async () => {
    new OrderPostingModes(db, audit).set(C, 'orders-as-invoices', 'tester', new Date(NOW));
    const { orders } = await readOrdersUpdatedSince(amazon.client, {
      since: new Date(amazon.emulator.clock.now() - 4 * DAY), marketplaceIds: [DE], includedData: ['FULFILLMENT'],
    });
    const lamp = orders.filter((o) => o.orderId === '302-1000005-0000005');
    const fixed = orderMappingsFrom([rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'STUHL-SCHWARZ', '1900-S'), rule('sku', 'LAMPE-ROT', '1928-S')]);
    // The retry, with the SKU now mapped, queues the invoice.
    const retried = enqueueOrderInvoices({ db, audit, outbox, connectionId: C, connectionName: 'BC Cronus', mappings: fixed, actor: 'tester' }, lamp);
    expect(retried).toMatchObject([{ outcome: 'enqueued', naturalKey: `${DE}:302-1000005-0000005:invoice` }]);
    // The scheduled run read its mappings before the fix and meets the same order.
    const stale = enqueueOrderInvoices({ db, audit, outbox, connectionId: C, connectionName: 'BC Cronus', mappings: MAPPINGS, actor: 'sync' }, lamp);
    expect(stale).toEqual([{ orderId: '302-1000005-0000005', outcome: 'already-enqueued', naturalKey: `${DE}:302-1000005-0000005:invoice` }]);
    expect(audit.list({}).filter((e) => e.operation === 'order.invoice-refused')).toHaveLength(0);
    expect(outbox.list().map((e) => e.naturalKey)).toEqual([`${DE}:302-1000005-0000005:invoice`]);
  });

  it('an unmapped SKU is a refusal in plain words, audited, never a guessed item', async () => {
    new OrderPostingModes(db, audit).set(C, 'orders-as-invoices', 'tester', new Date(NOW));
    await readAndQueue();
    const refused = audit.list({}).filter((e) => e.operation === 'order.invoice-refused');
    expect(refused.map((e) => [e.subjectType, e.subjectId, JSON.parse(String(e.detail))])).toEqual([
      ['order', '302-1000005-0000005', { reasons: ['SKU LAMPE-ROT is not mapped to an item; map it under Mappings.'] }],
    ]);
  });
});
