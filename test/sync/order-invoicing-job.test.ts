import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { OrderView } from '../../core/api/calls/orders';
import type { RunView } from '../../core/api/calls/jobs';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import type { AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { Workspace } from '../../core/workspace/workspace';
import { apiCalls } from '../support/api-calls';
import { AMAZON_CONNECTION_ID } from './discovery-fixture';
import { deOrder, ordersWorld } from './orders-world';

const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const T0 = Date.parse('2026-06-20T12:00:00Z');
const BC = 'bc-orders';

function seller(now: number): SeedSeller {
  const s = demoSeller(now);
  s.reports = [];
  s.orders = [
    deOrder('302-2000001-0000001', now - 3 * DAY, 'SHIPPED', [['STUHL-SCHWARZ', 2, '192.80'], ['CONTAINER', 1, '281.40']]),
    deOrder('302-2000002-0000002', now - 2 * DAY, 'SHIPPED', [['STUHL-SCHWARZ', 1, '189.99']]),
    deOrder('302-2000003-0000003', now - 2 * DAY + 3_600_000, 'CANCELLED', [['STUHL-SCHWARZ', 4, '192.80']]),
    deOrder('302-2000004-0000004', now - DAY, 'SHIPPED', [['LAMPE-ROT', 1, '49.95']]),
    deOrder('302-2000005-0000005', now - DAY + 3_600_000, 'SHIPPED', [['CONTAINER', 3, '281.40']]),
  ];
  return s;
}

let ws: Workspace;
let amazon: AmazonEmulator;
let bc: BusinessCentralEmulator;
const world = ordersWorld(T0, BC, seller);
beforeEach(() => ({ ws, amazon, bc } = world));

async function mapped(api: ReturnType<typeof apiCalls>) {
  await api.value('mappings.refreshReference', { connectionId: BC });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'marketplace', subject: 'Amazon.de', target: 'AMZ-DE' } });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'STUHL-SCHWARZ', target: '1900-S' } });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'CONTAINER', target: '1906-S' } });
}

const invoicesOf = (orderId: string) => bc.rows('salesInvoices').filter((r) => r.externalDocumentNumber === orderId);

describe('order invoicing job', () => {
  it('says so and reads nothing while no ERP connection takes orders as invoices', async () => {
    const api = apiCalls(createDispatcher(ws));
    const run = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(run).toMatchObject({ status: 'succeeded', counts: {} });
    expect(run.error).toMatch(/^No ERP connection books orders as invoices/);
    expect(amazon.stats.byOperation.searchOrders?.ok ?? 0).toBe(0);
    // The call added the Amazon connection's job, off until a person enables it.
    const jobs = await api.value<Array<{ kind: string; enabled: boolean; amazonConnectionId: string }>>('jobs.list', {});
    expect(jobs).toEqual([expect.objectContaining({ kind: 'order-invoicing', enabled: false, amazonConnectionId: AMAZON_CONNECTION_ID })]);
  });

  it('invoices each shipped order once through a drop after create, a 429 and an expired token; a second run adds nothing', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mapped(api);
    await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesInvoices$/ });
    bc.faults.throttle(2, { path: /salesInvoices/ });

    const first = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(first.status).toBe('succeeded');
    expect(first.counts).toEqual({ ordersRead: 5, invoicesQueued: 3, refused: 1, invoicesPosted: 3, invoicesFailed: 0, creditNotesQueued: 0, creditNotesRefused: 0, creditNotesPosted: 0 });
    expect(first.error).toMatch(/1 order was refused \(an unmapped SKU or marketplace\)/);
    expect(bc.stats.throttled).toBe(2);
    for (const id of ['302-2000001-0000001', '302-2000002-0000002', '302-2000005-0000005']) {
      expect(invoicesOf(id), id).toHaveLength(1);
      expect(invoicesOf(id)[0], id).toMatchObject({ status: 'Open', customerNumber: 'AMZ-DE' });
    }
    expect(bc.rows('salesInvoices')).toHaveLength(3);

    // Seven days of windows read once; the next run starts at the kept cursor and creates nothing.
    const searches = amazon.stats.byOperation.searchOrders?.ok ?? 0;
    expect(searches).toBe(7);
    const second = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(second.counts).toMatchObject({ invoicesQueued: 0, invoicesPosted: 0 });
    expect(bc.rows('salesInvoices')).toHaveLength(3);

    // The Orders screen's search: by order id, with its BC number; by SKU; the refusal in plain words.
    const [one] = await api.value<OrderView[]>('orders.find', { query: '302-2000001' });
    expect(one).toMatchObject({
      orderId: '302-2000001-0000001', status: 'invoiced',
      amazon: { marketplaceName: 'Amazon.de', fulfillmentStatus: 'SHIPPED', items: [expect.objectContaining({ sku: 'STUHL-SCHWARZ', quantityOrdered: 2, unitPrice: '192.80' }), expect.anything()] },
      documents: [{ kind: 'salesInvoice', state: 'posted', erpDocumentNumber: expect.stringMatching(/^PS-INV/), total: 66700, currency: 'EUR', connectionName: 'BC Cronus' }],
    });
    expect(one!.statusText).toBe(`Invoiced: ${one!.documents[0]!.erpDocumentNumber} in BC Cronus.`);
    const bySku = await api.value<OrderView[]>('orders.find', { query: 'container' });
    expect(bySku.map((o) => o.orderId)).toEqual(['302-2000005-0000005', '302-2000001-0000001']);
    const [refused] = await api.value<OrderView[]>('orders.find', { query: '302-2000004-0000004' });
    expect(refused).toMatchObject({ status: 'refused', decisions: [{ outcome: 'refused', unmapped: { skus: ['LAMPE-ROT'], marketplaces: [] } }] });
    expect(refused!.statusText).toBe('Not invoiced in BC Cronus: SKU LAMPE-ROT is not mapped to an item; map it under Mappings.');
    const [cancelled] = await api.value<OrderView[]>('orders.find', { query: '302-2000003-0000003' });
    expect(cancelled).toMatchObject({ status: 'cancelled', documents: [] });
    // Who bought is not kept.
    const stored = ws.db.prepare('SELECT data FROM amazon_order').all() as { data: string }[];
    expect(stored.map((r) => r.data).join()).not.toMatch(/Mustermann|erika@/);
  });

  it('holds a refused order under Needs attention with what to map; after the mapping one retry (of two at once) queues it once and the next run invoices it', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mapped(api);
    await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    const held = await api.value<Array<{ id: number; flow: string; summary: string; error: string; fix: string }>>('attention.list', { flow: 'order-invoices' });
    expect(held).toEqual([expect.objectContaining({
      summary: 'Amazon order 302-2000004-0000004 as a sales invoice in BC Cronus',
      error: 'SKU LAMPE-ROT is not mapped to an item; map it under Mappings.', fix: 'Map SKU LAMPE-ROT to an item under Mappings, then retry.',
    })]);
    // Retried before the fix it stays; after it, one of two retries at once queues the order.
    expect(await api.value('attention.retry', { id: held[0]!.id })).toMatchObject({ outcome: 'failed' });
    await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'LAMPE-ROT', target: '1908-S' } });
    const outcomes = await Promise.all([api.value<{ outcome: string }>('attention.retry', { id: held[0]!.id }), api.value<{ outcome: string }>('attention.retry', { id: held[0]!.id })]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['busy', 'resolved']);
    expect(await api.value('attention.list', {})).toEqual([]);
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(invoicesOf('302-2000004-0000004')).toHaveLength(1);
    const flows = await api.value<Array<{ flow: string; moved: number; failed: number }>>('attention.flows', {});
    expect(flows).toEqual(expect.arrayContaining([expect.objectContaining({ flow: 'order-invoices', moved: 4, failed: 0 })]));
  });
  it('a retry from Needs attention while a run is under way queues the order once; the run or the next one invoices it once', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mapped(api);
    await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    const [held] = await api.value<Array<{ id: number }>>('attention.list', { flow: 'order-invoices' });
    await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'LAMPE-ROT', target: '1908-S' } });

    // The retry lands while a run is under way; the retry only queues (one transaction), the run's posting sends.
    const run = api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(await api.value('attention.retry', { id: held!.id })).toMatchObject({ outcome: 'resolved' });
    expect((await run).status).toBe('succeeded');
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(invoicesOf('302-2000004-0000004')).toHaveLength(1);
    expect(bc.rows('salesInvoices')).toHaveLength(4);
    expect(await api.value('attention.list', {})).toEqual([]);
  });

  it('an invoice BC could not take for throttling is not held for a person: the next run sends it again by itself, once', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mapped(api);
    await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
    // More 429s than the connector's attempts and rounds: the first invoice fails as retryable and the run stops there.
    bc.faults.throttle(1000, { path: /salesInvoices/ });
    const first = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(first.counts).toMatchObject({ invoicesQueued: 3, invoicesPosted: 0, invoicesFailed: 1 });
    expect(first.error).toMatch(/Posting to BC Cronus stopped/);
    expect(bc.rows('salesInvoices')).toHaveLength(0);
    expect(await api.value('attention.list', { flow: 'order-documents' })).toEqual([]);

    bc.faults.clear();
    const second = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(second.counts).toMatchObject({ invoicesPosted: 3, invoicesFailed: 0 });
    for (const id of ['302-2000001-0000001', '302-2000002-0000002', '302-2000005-0000005']) expect(invoicesOf(id), id).toHaveLength(1);
    expect(await api.value('attention.list', { flow: 'order-documents' })).toEqual([]);
  });
});
