import { beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { RunView } from '../../core/api/calls/jobs';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import type { AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { Workspace } from '../../core/workspace/workspace';
import { apiCalls } from '../support/api-calls';
import { AMAZON_CONNECTION_ID } from './discovery-fixture';
import { deOrder, ordersWorld } from './orders-world';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-20T12:00:00Z');
const BC = 'bc-orders';
const ORDERS = ['302-3000001-0000001', '302-3000002-0000002', '302-3000003-0000003', '302-3000004-0000004'];

/** One shipped order on each of the four days before T0: the week's first read has a window per day. */
function seller(now: number): SeedSeller {
  const s = demoSeller(now);
  s.reports = [];
  s.orders = ORDERS.map((id, i) => deOrder(id, now - (4 - i) * DAY + 3_600_000, 'SHIPPED', [['STUHL-SCHWARZ', 1 + i, '192.80']]));
  return s;
}

/**
 * searchOrders as the job asks for it, except that one request (`hold.request`, counted from 1) waits until
 * `hold.until()` (checked as the event loop turns) before it leaves; `hold.gaveUp` says it never came.
 */
const hold = { request: 0, until: (): boolean | Promise<boolean> => true, sent: 0, held: false, gaveUp: false };
const holdingFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes('/orders/2026-01-01/orders') && ++hold.sent === hold.request) {
    hold.held = true;
    // A bound on the turns, not on time: a job that posts only after reading would hold here for ever.
    for (let turn = 0; !(await hold.until()); turn++) {
      if (turn > 20_000) {
        hold.gaveUp = true;
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
  }
  return fetch(input, init);
};

let ws: Workspace;
let amazon: AmazonEmulator;
let bc: BusinessCentralEmulator;
const world = ordersWorld(T0, BC, seller, holdingFetch);
beforeEach(() => {
  ({ ws, amazon, bc } = world);
  Object.assign(hold, { request: 0, until: () => true, sent: 0, held: false, gaveUp: false });
});

async function ordersAsInvoices(api: ReturnType<typeof apiCalls>) {
  await api.value('mappings.refreshReference', { connectionId: BC });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'marketplace', subject: 'Amazon.de', target: 'AMZ-DE' } });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'STUHL-SCHWARZ', target: '1900-S' } });
  await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
}

const postedInvoices = () => (ws.db.prepare(`SELECT COUNT(*) AS n FROM posting_outbox WHERE kind = 'salesInvoice' AND state = 'posted'`).get() as { n: number }).n;
const invoicesInBc = (orderId: string) => bc.rows('salesInvoices').filter((r) => r.externalDocumentNumber === orderId);

describe('order invoicing posts while it reads', () => {
  it('posts the first window\'s invoice while Amazon holds the next page, then the rest, each once', async () => {
    const api = apiCalls(createDispatcher(ws));
    await ordersAsInvoices(api);
    // The week's first read: windows 1–3 hold no order, window 4 the first one; window 5's page waits for its invoice.
    hold.request = 5;
    hold.until = () => postedInvoices() > 0;

    const run = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(hold).toMatchObject({ held: true, gaveUp: false });
    expect(run).toMatchObject({ status: 'succeeded', counts: { ordersRead: 4, invoicesQueued: 4, invoicesPosted: 4, invoicesFailed: 0 } });
    expect(run.error ?? null).toBeNull();
    for (const id of ORDERS) expect(invoicesInBc(id), id).toEqual([expect.objectContaining({ status: 'Open' })]);
    expect(amazon.stats.byOperation.searchOrders?.ok).toBe(7);
  });

  it('a cancel while the reader waits keeps what was posted, posts nothing twice, and the next run invoices the rest once', async () => {
    const api = apiCalls(createDispatcher(ws));
    await ordersAsInvoices(api);
    // Window 6's page waits until the two invoices queued so far are posted, then the run is cancelled.
    hold.request = 6;
    hold.until = async () => {
      if (postedInvoices() < 2) return false;
      const jobs = await api.value<Array<{ id: string; kind: string }>>('jobs.list', {});
      await api.value('jobs.cancel', { id: jobs.find((j) => j.kind === 'order-invoicing')!.id });
      return true;
    };

    const cancelled = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(hold).toMatchObject({ held: true, gaveUp: false });
    expect(cancelled.status).toBe('cancelled');
    expect(bc.rows('salesInvoices').map((r) => r.externalDocumentNumber).sort()).toEqual(ORDERS.slice(0, 2));

    hold.request = 0;
    const next = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(next.status).toBe('succeeded');
    for (const id of ORDERS) expect(invoicesInBc(id), id).toHaveLength(1);
    expect(bc.rows('salesInvoices')).toHaveLength(4);
    expect(postedInvoices()).toBe(4);
  });
});
