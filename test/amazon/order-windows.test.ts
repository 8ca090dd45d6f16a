import { afterEach, describe, expect, it } from 'vitest';
import { invoiceStatusOf, readOrdersUpdatedSince } from '../../core/amazon/orders';
import { clockStartingAt } from '../../core/clock/clock';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { requestErrors } from './contract';
import { harness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** searchOrders' usage plan with a burst of 2, so the bucket runs dry after two calls and the rest must wait for its refill. */
const TIGHT = { searchOrders: { rate: 20, burst: 2 } };
/** Every test's emulator and seed start at the same instant, so day windows fall alike on any day the suite runs. */
const START = Date.parse('2026-06-16T08:14:22Z');
const pinned = () => clockStartingAt(START);

/** `perDay` orders updated on each of the last `days` days, every fifth one cancelled, every seventh still unshipped. */
function sellerWithOrders(now: number, days: number, perDay: number): SeedSeller {
  const s = demoSeller(now);
  const template = s.orders[0]!;
  s.orders = [];
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const n = d * perDay + i;
      const status = n % 5 === 4 ? 'CANCELLED' : n % 7 === 6 ? 'UNSHIPPED' : 'SHIPPED';
      s.orders.push({
        ...template,
        orderId: `111-${String(n).padStart(7, '0')}-0000042`,
        lastUpdatedTime: new Date(now - (days - d) * DAY + HOUR + i * 60_000).toISOString(),
        fulfillment: { fulfillmentStatus: status, fulfilledBy: 'AMAZON' },
      });
    }
  }
  return s;
}

describe('Orders v2026-01-01: every update window in turn', () => {
  it('reads each day window across its pages, not only the first, and stays inside the usage plan', async () => {
    const start = START;
    const seller = sellerWithOrders(start, 4, 130);
    h = await harness({ sellers: [seller], usagePlans: TIGHT, clock: pinned() }, { usagePlans: TIGHT });
    const since = new Date(start - 4 * DAY - 60_000);
    const read = await readOrdersUpdatedSince(h.client, { since, marketplaceIds: ['ATVPDKIKX0DER'], includedData: ['FULFILLMENT', 'PROCEEDS'] });

    expect(read.orders).toHaveLength(4 * 130);
    expect(new Set(read.orders.map((o) => o.orderId)).size).toBe(4 * 130);
    // Four windows of a day (the last one ends two minutes ago), each of 130 orders in two pages.
    expect(read.windows).toBe(4);
    // One second page per window (a throttled page is sent again with the same token, so distinct URLs count).
    expect(new Set(h.sent.filter((s) => s.url.includes('paginationToken=')).map((s) => s.url)).size).toBe(4);
    // Paced to the plan: at most one 429 where the client's and the emulator's buckets disagree by a few
    // milliseconds on a busy machine, retried, so eight pages cost at most nine requests.
    const { requests, throttled } = h.emulator.stats.byOperation.searchOrders!;
    expect(throttled).toBeLessThanOrEqual(1);
    expect(requests).toBe(8 + throttled);
    expect(Date.parse(read.cursor)).toBeGreaterThan(h.emulator.clock.now() - 3 * 60_000);
    for (const s of h.sent) expect(requestErrors('orders_2026-01-01.json', 'searchOrders', s.method, s.url)).toEqual([]);

    const status = (o: (typeof read.orders)[number]) => invoiceStatusOf(o);
    expect(read.orders.filter((o) => status(o) === 'never')).toHaveLength(104);
    expect(read.orders.filter((o) => status(o) === 'invoice').every((o) => (o.fulfillment as { fulfillmentStatus: string }).fulfillmentStatus === 'SHIPPED')).toBe(true);
  });

  it('resumes from the cursor of the last window and sees only what changed since', async () => {
    h = await harness({ sellers: [sellerWithOrders(START, 2, 3)], clock: pinned() });
    const first = await readOrdersUpdatedSince(h.client, { since: new Date(h.emulator.clock.now() - 3 * DAY), marketplaceIds: ['ATVPDKIKX0DER'] });
    expect(first.orders).toHaveLength(6);
    h.emulator.advanceTime(10 * 60_000);
    const seller = h.emulator.sellers[0]!;
    seller.orders[0] = { ...seller.orders[0]!, lastUpdatedTime: new Date(h.emulator.clock.now() - 5 * 60_000).toISOString(), fulfillment: { fulfillmentStatus: 'CANCELLED' } };
    const next = await readOrdersUpdatedSince(h.client, { since: new Date(first.cursor), marketplaceIds: ['ATVPDKIKX0DER'], includedData: ['FULFILLMENT'] });
    expect(next.orders.map((o) => [o.orderId, invoiceStatusOf(o)])).toEqual([[seller.orders[0]!.orderId, 'never']]);
  });

  it('an order read without its fulfillment status is never taken for shipped', async () => {
    h = await harness({ sellers: [sellerWithOrders(START, 1, 2)], clock: pinned() });
    const read = await readOrdersUpdatedSince(h.client, { since: new Date(h.emulator.clock.now() - 2 * DAY), marketplaceIds: ['ATVPDKIKX0DER'] });
    expect(read.orders.map(invoiceStatusOf)).toEqual(['wait', 'wait']);
  });
});

describe('Amazon emulator: searchOrders bounds as the model states them', () => {
  async function get(query: string): Promise<{ status: number; body: { errors?: { message: string; details?: string }[] } }> {
    const token = await h.client.tokens.getAccessToken();
    const res = await fetch(`${h.emulator.url}/orders/2026-01-01/orders?${query}`, { headers: { 'x-amz-access-token': token } });
    return { status: res.status, body: (await res.json()) as { errors?: { message: string }[] } };
  }

  it('refuses a lastUpdatedBefore within two minutes of the request, before lastUpdatedAfter, or mixed with createdAfter', async () => {
    h = await harness({ clock: pinned() });
    const now = h.emulator.clock.now();
    const iso = (t: number) => new Date(t).toISOString();
    expect((await get(`lastUpdatedAfter=${iso(now - DAY)}&lastUpdatedBefore=${iso(now - 30_000)}`)).body.errors?.[0]?.message).toMatch(/two minutes before the time of the request/);
    expect((await get(`lastUpdatedAfter=${iso(now - DAY)}&lastUpdatedBefore=${iso(now - 2 * DAY)}`)).body.errors?.[0]?.message).toMatch(/equal to or after lastUpdatedAfter/);
    expect((await get(`createdAfter=${iso(now - DAY)}&lastUpdatedBefore=${iso(now - HOUR)}`)).status).toBe(400);
    expect((await get(`lastUpdatedAfter=${iso(now - DAY)}&lastUpdatedBefore=${iso(now - HOUR)}`)).status).toBe(200);
  });

  it('lets a paginationToken expire after 24 hours', async () => {
    const seller = sellerWithOrders(START, 1, 3);
    h = await harness({ sellers: [seller], clock: pinned() });
    const after = new Date(h.emulator.clock.now() - 2 * DAY).toISOString();
    const first = (await get(`lastUpdatedAfter=${after}&maxResultsPerPage=1`)).body as { pagination?: { nextToken: string } };
    h.emulator.advanceTime(DAY + 60_000);
    const late = await get(`lastUpdatedAfter=${after}&maxResultsPerPage=1&paginationToken=${encodeURIComponent(first.pagination!.nextToken)}`);
    expect(late.body.errors?.[0]).toMatchObject({ message: 'Invalid paginationToken', details: 'The paginationToken has expired.' });
  });
});
