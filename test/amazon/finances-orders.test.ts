import { afterEach, describe, expect, it } from 'vitest';
import { listFinancialEventGroups, listFinancialEventsByGroupId, listTransactions } from '../../core/amazon/finances';
import { DEFAULT_WINDOW_MS, getOrder, nextWindowMs, ordersUpdatedByWindow, searchOrdersUpdated } from '../../core/amazon/orders';
import { dec } from '../../core/sandbox/amazon/decimal-json';
import { demoSeller, shipmentEvent, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { requestErrors, responseErrors } from './contract';
import { AMAZON_TEST_NOW as NOW, harness, pinnedClock, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const DAY = 86_400_000;

function sellerWithEvents(count: number): SeedSeller {
  const s = demoSeller(NOW);
  const group = s.eventGroups[0]!;
  group.events = Array.from({ length: count }, (_, i) =>
    shipmentEvent(`111-${String(i).padStart(7, '0')}-0000001`, new Date(NOW - 10 * DAY).toISOString(), `SKU-${i}`, i % 2 ? '0.10' : '19.99', '-1.20', 'USD', 'Amazon.com'),
  );
  return s;
}

/** Calls the emulator directly (with the client's token) to check a raw body against the model. */
async function rawBody(path: string): Promise<unknown> {
  const token = await h.client.tokens.getAccessToken();
  return (await fetch(h.emulator.url + path, { headers: { 'x-amz-access-token': token } })).json();
}

describe('Finances', () => {
  it('lists financial event groups with amounts kept as exact decimal strings', async () => {
    h = await harness({ clock: pinnedClock() });
    const groups = await listFinancialEventGroups(h.client, { startedAfter: new Date(NOW - 60 * DAY) });
    expect(groups).toHaveLength(1);
    expect(groups[0]?.OriginalTotal).toEqual({ CurrencyCode: 'USD', CurrencyAmount: '979.33' });
    expect(groups[0]?.BeginningBalance?.CurrencyAmount).toBe('0.00');
    for (const s of h.sent) expect(requestErrors('financesV0.json', 'listFinancialEventGroups', s.method, s.url)).toEqual([]);
  });

  it('pages a group of 250 events, resending the same arguments with each NextToken', async () => {
    h = await harness({ sellers: [sellerWithEvents(250)], clock: pinnedClock() });
    const pages = [];
    for await (const page of listFinancialEventsByGroupId(h.client, 'FEG-demo-0001')) pages.push(page);
    expect(pages.map((p) => p.ShipmentEventList?.length)).toEqual([100, 100, 50]);
    const first = pages[0]?.ShipmentEventList?.[1] as { ShipmentItemList: { ItemChargeList: { ChargeAmount: unknown }[] }[] };
    expect(first.ShipmentItemList[0]?.ItemChargeList[0]?.ChargeAmount).toEqual({ CurrencyCode: 'USD', CurrencyAmount: '0.10' });
    for (const s of h.sent) expect(requestErrors('financesV0.json', 'listFinancialEventsByGroupId', s.method, s.url)).toEqual([]);
    expect(responseErrors('financesV0.json', 'listFinancialEventsByGroupId', 200, await rawBody('/finances/v0/financialEventGroups/FEG-demo-0001/financialEvents?MaxResultsPerPage=5'))).toEqual([]);
  });

  it('lists 2024-06-19 transactions for a financial event group', async () => {
    h = await harness({ clock: pinnedClock() });
    const txs = await listTransactions(h.client, { relatedIdentifier: { name: 'FINANCIAL_EVENT_GROUP_ID', value: 'FEG-demo-0001' } });
    expect(txs.map((t) => t.totalAmount)).toEqual([{ currencyCode: 'USD', currencyAmount: '1049.32' }]);
    for (const s of h.sent) expect(requestErrors('finances_2024-06-19.json', 'listTransactions', s.method, s.url)).toEqual([]);
    expect(responseErrors('finances_2024-06-19.json', 'listTransactions', 200, await rawBody('/finances/2024-06-19/transactions?postedAfter=2020-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('Orders v2026-01-01', () => {
  function sellerWithOrders(count: number): SeedSeller {
    const s = demoSeller(NOW);
    const template = s.orders[0]!;
    s.orders = Array.from({ length: count }, (_, i) => ({
      ...template,
      orderId: `111-${String(i).padStart(7, '0')}-0000009`,
      lastUpdatedTime: new Date(NOW - (i + 1) * 60_000 - 5 * 60_000).toISOString(),
    }));
    return s;
  }

  it('searches an update window across pages with paginationToken', async () => {
    h = await harness({ sellers: [sellerWithOrders(230)], clock: pinnedClock() });
    const { orders, lastUpdatedBefore } = await searchOrdersUpdated(h.client, { lastUpdatedAfter: new Date(NOW - DAY), marketplaceIds: ['ATVPDKIKX0DER'] });
    expect(orders).toHaveLength(230);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(230);
    expect(lastUpdatedBefore).toBeDefined();
    expect(h.sent).toHaveLength(3);
    for (const s of h.sent) expect(requestErrors('orders_2026-01-01.json', 'searchOrders', s.method, s.url)).toEqual([]);
    expect(responseErrors('orders_2026-01-01.json', 'searchOrders', 200, await rawBody(`/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=2&includedData=BUYER,RECIPIENT`))).toEqual([]);
  });

  it('sizes a busy window from the orders the one before held: fewer part-full pages, while a quiet seller keeps a window a day', async () => {
    // 600 orders, one every six minutes (240 a day), the newest five minutes before now.
    const seller = sellerWithOrders(600);
    seller.orders.forEach((o, i) => { o.lastUpdatedTime = new Date(NOW - 5 * 60_000 - i * 6 * 60_000).toISOString(); });
    const read = async (sizeToOrders: boolean) => {
      h = await harness({ sellers: [seller], clock: pinnedClock() });
      const windows: number[] = [];
      for await (const w of ordersUpdatedByWindow(h.client, { since: new Date(NOW - 3 * DAY), marketplaceIds: ['ATVPDKIKX0DER'], sizeToOrders })) windows.push(w.orders.length);
      const pages = h.sent.length;
      await h.stop();
      return { windows, pages };
    };
    // A day at a time: 240, 240 and 120 orders, each window ending on a part-full page (3 + 3 + 2 pages).
    expect(await read(false)).toEqual({ windows: [120, 240, 240], pages: 8 });
    // Sized: the first day's 240 orders make the next window four days (capped), reading the other 480 in 5 pages.
    const sized = await read(true);
    expect(sized.windows.reduce((a, b) => a + b, 0)).toBe(600);
    expect(sized).toMatchObject({ windows: [120, 480], pages: 7 });
    // The rule itself: more than a page sizes the window to ten pages' orders, within 4x growth and a week; under a page, back to the base.
    expect(nextWindowMs(DAY, 2_000, DEFAULT_WINDOW_MS)).toBe(DAY / 2);
    expect(nextWindowMs(DAY, 240, DEFAULT_WINDOW_MS)).toBe(4 * DAY);
    expect(nextWindowMs(4 * DAY, 300, DEFAULT_WINDOW_MS)).toBe(7 * DAY);
    expect(nextWindowMs(4 * DAY, 99, DEFAULT_WINDOW_MS)).toBe(DEFAULT_WINDOW_MS);
  });

  it('gets an order with buyer data and keeps the buyer out of the audit log', async () => {
    h = await harness({ clock: pinnedClock() });
    const order = await getOrder(h.client, '111-0000001-0000001', ['BUYER', 'RECIPIENT', 'PROCEEDS']);
    expect((order.buyer as { buyerName: string }).buyerName).toBe('Pat Example');
    expect((order.proceeds as { grandTotal: unknown }).grandTotal).toEqual({ amount: '1234.50', currencyCode: 'USD' });
    const row = h.audit.list({ system: 'amazon' }).find((r) => r.operation === 'getOrder');
    expect(row?.response).toContain('1234.50');
    expect(row?.response).not.toContain('Pat Example');
    expect(row?.response).not.toContain('1 Main St');
    expect(row?.response).not.toContain('pat@marketplace');
    for (const s of h.sent) expect(requestErrors('orders_2026-01-01.json', 'getOrder', s.method, s.url)).toEqual([]);
  });

  it('gives no buyer data unless asked for', async () => {
    h = await harness({ clock: pinnedClock() });
    const order = await getOrder(h.client, '111-0000001-0000001');
    expect(order.buyer).toBeUndefined();
    expect(order.recipient).toBeUndefined();
  });
});

// Keep the decimal helper honest: a malformed literal is refused rather than written as invalid JSON.
describe('emulator decimal literals', () => {
  it('refuses a value that is not a decimal', () => {
    expect(() => dec('1,5')).toThrow(/Not a decimal literal/);
  });
});
