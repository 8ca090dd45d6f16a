import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { OrderPostingModes } from '../../core/connections/order-posting-mode';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { orderMappingsFrom, PostingOutbox } from '../../core/posting';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import type { AuditLog, Db } from '../../core/store';
import { orderReadCursor, queueShippedOrders, type QueueShippedOrders } from '../../core/sync/order-invoicing';
import { harness, type Harness } from '../amazon/harness';
import { openPostingDb } from '../posting/posting-fixture';
import { tempDir } from '../support/temp-workspace';

const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });

let amazon: Harness;
let dir: ReturnType<typeof tempDir>;
let db: Db;
let audit: AuditLog;
/** Where Amazon's clock starts: the three days of orders are the same days on any day the suite runs. */
const start = Date.parse('2026-06-20T12:00:00Z');

beforeEach(async () => {
  const seller = demoSeller(start);
  // Two shipped orders on each of the last three days.
  seller.orders = [3, 2, 1].flatMap((daysAgo) => [0, 1].map((i) => ({
    orderId: `302-000000${daysAgo}-000000${i}`,
    createdTime: new Date(start - daysAgo * DAY).toISOString(),
    lastUpdatedTime: new Date(start - daysAgo * DAY + 3_600_000 + i * 60_000).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId: DE, marketplaceName: 'Amazon.de' },
    fulfillment: { fulfillmentStatus: 'SHIPPED' },
    orderItems: [{ orderItemId: `i${daysAgo}${i}`, quantityOrdered: 1, product: { sellerSku: 'CUP', price: { unitPrice: { amount: '19.99', currencyCode: 'EUR' } } } }],
  })));
  amazon = await harness({ sellers: [seller], clock: clockStartingAt(start) });
  dir = tempDir();
  ({ db, audit } = openPostingDb(dir.dir));
  const connections = new ConnectionRepository(db);
  connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: {} });
  connections.upsert({ id: 'bc', kind: 'business-central', name: 'BC Cronus', settings: {} });
  new OrderPostingModes(db, audit).set('bc', 'orders-as-invoices', 'tester', new Date(start));
});
afterEach(async () => {
  db.close();
  dir.remove();
  await amazon.stop();
});

function options(extra: Partial<QueueShippedOrders> = {}): QueueShippedOrders {
  return {
    db, audit, outbox: new PostingOutbox(db, audit), client: amazon.client, amazonConnectionId: 'amz', erpConnectionId: 'bc', erpName: 'BC Cronus',
    marketplaceIds: [DE], mappings: orderMappingsFrom([rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'CUP', '1900-S')]),
    actor: 'sync', firstReadFrom: new Date(start - 3 * DAY), now: () => new Date(amazon.emulator.clock.now()), ...extra,
  };
}

describe('queueing shipped orders window by window from a kept cursor', () => {
  it('a stop after two of three windows keeps what they queued, and the next run reads only the third', async () => {
    const stop = new AbortController();
    let seen = 0;
    const first = queueShippedOrders(options({ signal: stop.signal, onWindow: () => { if (++seen === 2) stop.abort(); } }));
    await expect(first).rejects.toThrow();
    const outbox = new PostingOutbox(db, audit);
    expect(outbox.list().map((e) => e.settlementId)).toEqual(['302-0000003-0000000', '302-0000003-0000001', '302-0000002-0000000', '302-0000002-0000001']);
    const cursor = orderReadCursor(db, 'amz', 'bc');
    expect(cursor).toBe(new Date(start - DAY).toISOString());
    const sentBefore = amazon.sent.length;

    const second = await queueShippedOrders(options());
    expect(second.windows).toBe(1);
    expect(second.decisions.map((d) => [d.orderId, d.outcome])).toEqual([['302-0000001-0000000', 'enqueued'], ['302-0000001-0000001', 'enqueued']]);
    expect(new URL(amazon.sent[sentBefore]!.url).searchParams.get('lastUpdatedAfter')).toBe(cursor);
    expect(outbox.list()).toHaveLength(6);
    expect(Date.parse(orderReadCursor(db, 'amz', 'bc')!)).toBeGreaterThan(Date.parse(cursor!));
  });
});
