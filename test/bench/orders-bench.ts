/**
 * Orders-as-invoices benchmark (not part of the test run), run by `npm run bench` (issue 19).
 *   orders.invoicesPerMinute = shipped demo orders (10,000) read from Amazon and posted as Business Central
 *     sales invoices, per minute of the run's time at the real limits.
 *   orders.ratio = that time ÷ the least time the limits allow (goal <= 1.3).
 * The run is what the order invoicing job does: read every update window (queueShippedOrders) and, alongside,
 * post what is queued through the outbox (runPosting, a pass whenever a window is queued; postWhileReading).
 * Real time: the reader's line is its waits at full length plus its measured time (which here also holds
 * the posting passes that ran between its steps: an overstatement); the poster's line starts a window's
 * invoices once that window is queued and the poster is free, each invoice taking the stage's posting time
 * (below) ÷ invoices. The run ends at the later of the two.
 * Amazon: searchOrders' usage plan (0.0056 requests/s, burst 20, usage-plans.ts). A page every three minutes
 *   would take hours, so the Amazon emulator and client share a clock that moves only while the client
 *   waits on it (rate-limit pacing, backoff), at once. The stage's real-time figure is those waits at their
 *   real length plus the stage's measured time (reading, queueing and storing at this machine's speed); the
 *   bucket refills only in the waits, so this is at most what a real run takes. Least: (pages − burst) ÷ rate,
 *   with pages the fewest that can carry the orders (100 a page, searchOrders' maxResultsPerPage), not the
 *   pages our reader made: a reader that spends more pages (a window a day ends on a part page) must not
 *   make its own least longer.
 * Business Central: 6,000 requests per 5-minute window (NOTES §1.6), which at 10,000 invoices is the slower of
 *   BC's limits. The emulator runs in a worker thread without its window (the stage then runs as fast as the
 *   client and the emulator can on this machine) and counts the requests; the stage's real-time figure is the
 *   larger of its measured time and our requests ÷ 20 per second, what the window allows. Least: the requests
 *   no client can do without, ÷ 20/s: per invoice one create (header and lines in one deep insert, NOTES §1.4)
 *   and one Microsoft.NAV.post, each a request of its own (how a $batch counts against the window is not in
 *   the reference). Our look-up before creating and the read of the posted number are ours to pay for.
 *   The connector audits every call to the store, as the app's does.
 * The least time of the whole is the larger of the two leasts: a reader that posts while it waits for
 * Amazon's next page can come that close.
 * Orders are seeded from a pinned clock, never the wall clock.
 *   node .tmp/bench/orders-bench.mjs [--json] [--orders-count 10000] [--orders-days 30]
 * (a month of 10,000 orders starts with a day's window of about 4 pages; the reader then sizes its busy windows to
 * about ten pages each (nextWindowMs, core/amazon/orders.ts); a seller with under a page a day still reads a day at a time.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { SpApiClient } from '../../core/amazon/sp-api-client';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import type { Clock } from '../../core/clock/clock';
import { OrderPostingModes } from '../../core/connections/order-posting-mode';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { orderMappingsFrom, PostingOutbox, runPosting } from '../../core/posting';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { startBusinessCentralEmulator, type EmulatorStats } from '../../core/sandbox/business-central/emulator';
import { AuditLog, openDatabase } from '../../core/store';
import { queueShippedOrders } from '../../core/sync/order-invoicing';
import { postWhileReading } from '../../core/sync/post-while-reading';

interface BcInfo { url: string; tenantId: string; environment: string; clientId: string; clientSecret: string }
type FromWorker = { type: 'ready'; info: BcInfo } | { type: 'stats'; stats: EmulatorStats; invoices: number; open: number };

/** The pinned instant the demo orders are seeded from and the Amazon emulator's clock starts at. */
const NOW = Date.parse('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
/** BC: 6,000 OData requests per 5-minute sliding window per user (NOTES §1.6). */
const BC_REQUESTS_PER_SECOND = 6_000 / 300;
/** What an invoice needs of BC at the least: its create (a deep insert) and its post action. */
const BC_LEAST_REQUESTS_PER_INVOICE = 2;
/** searchOrders' maxResultsPerPage (orders_2026-01-01.json). */
const ORDERS_PER_PAGE = 100;

/** Time that passes only while someone waits on it, and at once: the waits are counted, not spent. */
function waitingClock(start: number): Clock & { waited(): number } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      now += Math.max(0, ms);
      await new Promise((r) => setImmediate(r));
    },
    waited: () => now - start,
  };
}

if (!isMainThread) {
  const bc = await startBusinessCentralEmulator({ rateLimit: { requests: 100_000_000, windowMs: 300_000 } });
  const port = parentPort!;
  port.postMessage({ type: 'ready', info: { url: bc.url, tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, clientSecret: bc.clientSecret } } satisfies FromWorker);
  port.on('message', (m: { type: 'stats' | 'stop' }) => {
    if (m.type === 'stats') {
      const invoices = bc.rows('salesInvoices').filter((i) => String(i.externalDocumentNumber).startsWith('113-'));
      port.postMessage({ type: 'stats', stats: { ...bc.stats }, invoices: new Set(invoices.map((i) => i.externalDocumentNumber)).size, open: invoices.filter((i) => i.status !== 'Open').length } satisfies FromWorker);
    } else void bc.stop().then(() => port.close());
  });
} else {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  // Own flag names: `npm run bench` passes every argument to every bench.
  const count = arg('--orders-count', 10_000);
  const days = arg('--orders-days', 30);

  // Shipped Amazon.com orders of one SKU, spread evenly over the days before the pinned instant.
  const seller = demoSeller(NOW);
  seller.orders = Array.from({ length: count }, (_, i) => {
    const updated = NOW - days * DAY + Math.floor(((i + 0.5) * days * DAY) / count);
    const orderId = `113-${String(Math.floor(i / 10_000)).padStart(7, '0')}-${String(i % 10_000).padStart(7, '0')}`;
    return {
      orderId, createdTime: new Date(updated - 3_600_000).toISOString(), lastUpdatedTime: new Date(updated).toISOString(),
      salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
      orderItems: [{ orderItemId: `${orderId.replace(/-/g, '').slice(-12)}01`, quantityOrdered: 1 + (i % 3), product: { sellerSku: 'MUG-BLUE', title: 'Blue mug', price: { unitPrice: { amount: '12.50', currencyCode: 'USD' } } } }],
    };
  });
  const clock = waitingClock(NOW);
  const amazon = await startAmazonEmulator({ clock, sellers: [seller] });
  const worker = new Worker(new URL(import.meta.url));
  const next = () => new Promise<FromWorker>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('the Business Central emulator worker did not start');
  try {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-orders-bench-')), 'ws.sqlite'));
    const audit = new AuditLog(db, () => new Date(amazon.clock.now()));
    const outbox = new PostingOutbox(db, audit, () => new Date(amazon.clock.now()));
    const at = new Date(NOW).toISOString();
    for (const [id, kind] of [['amz', 'amazon'], ['bc', 'business-central']] as const) {
      db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', at, at);
    }
    new OrderPostingModes(db, audit).set('bc', 'orders-as-invoices', 'bench', new Date(NOW));
    const client = new SpApiClient({
      region: 'NA', endpoint: amazon.url, lwaTokenUrl: amazon.lwaUrl, clock, backoff: { baseMs: 100, capMs: 5_000, maxAttempts: 8 },
      credentials: { clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.refreshToken },
    });
    const b = ready.info;
    const erp = new BusinessCentralConnector({
      settings: { deployment: 'online', tenantId: b.tenantId, environment: b.environment, clientId: b.clientId, endpointOverride: b.url },
      secrets: { clientSecret: b.clientSecret }, backoff: { baseMs: 1, capMs: 10, maxAttempts: 8 }, audit, connectionId: 'bc',
    });
    const mappings = orderMappingsFrom([
      { kind: 'marketplace', subject: 'amazon.com', target: 'AMZ-DE', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
      { kind: 'sku', subject: 'MUG-BLUE', target: '1900-S', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
    ]);
    await client.tokens.getAccessToken();

    // The job's pipeline: the reader queues window by window, a posting pass runs whenever it has queued.
    const readStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    /** Per window: when its invoices were queued on the real-time line (its waits at full length) and how many. */
    const windows: Array<{ readyMs: number; invoices: number }> = [];
    let readMs = 0;
    let postedMs = 0;
    const tried = new Set<string>();
    const run = { posted: [] as string[], failed: [] as Array<{ message: string }> };
    const both = await postWhileReading({
      read: async (queued) => {
        const r = await queueShippedOrders({
          db, audit, outbox, client, amazonConnectionId: 'amz', erpConnectionId: 'bc', erpName: 'BC', marketplaceIds: ['ATVPDKIKX0DER'], mappings,
          actor: 'bench', firstReadFrom: new Date(NOW - days * DAY - DAY), now: () => new Date(amazon.clock.now()),
          onWindow: (w) => {
            windows.push({ readyMs: clock.waited() + (performance.now() - readStarted), invoices: w.enqueued });
            queued();
          },
        });
        readMs = clock.waited() + (performance.now() - readStarted);
        return r;
      },
      post: async () => {
        const keys = new Set(outbox.workList('bc').map((e) => e.naturalKey).filter((k) => !tried.has(k)));
        if (!keys.size) return 'idle';
        for (const k of keys) tried.add(k);
        const started = performance.now();
        const pass = await runPosting(outbox, 'bc', erp, { only: keys });
        postedMs += performance.now() - started;
        run.posted.push(...pass.posted.map((p) => p.naturalKey));
        run.failed.push(...pass.failed);
        return pass.outcome === 'completed' ? 'posted' : 'stop';
      },
    });
    if (both.read.status === 'rejected') throw both.read.reason;
    if (both.post.status === 'rejected') throw both.post.reason;
    const read = both.read.value;
    const queued = read.decisions.filter((d) => d.outcome === 'enqueued').length;
    // The process's CPU time (reader, client, store and the emulators alike): on a loaded machine, what the run cost.
    const cpu = process.cpuUsage(cpuBefore);
    worker.postMessage({ type: 'stats' });
    const reply = await next();
    if (reply.type !== 'stats') throw new Error('no stats from the Business Central emulator');
    if (queued !== count || run.posted.length !== count || reply.invoices !== count || reply.open !== 0) {
      throw new Error(`Not every order became one posted invoice: ${count} orders, ${queued} queued, ${run.posted.length} posted, ${reply.invoices} in BC, ${reply.open} not open, ${run.failed.length} failed (${run.failed[0]?.message ?? ''})`);
    }

    const { rate, burst } = OPERATIONS.searchOrders;
    const pages = amazon.stats.byOperation.searchOrders?.requests ?? 0;
    const readLeastMs = (Math.max(0, Math.ceil(count / ORDERS_PER_PAGE) - burst) / rate) * 1000;
    const bcRequests = reply.stats.apiRequests;
    const postLeastMs = ((count * BC_LEAST_REQUESTS_PER_INVOICE) / BC_REQUESTS_PER_SECOND) * 1000;
    const postMs = Math.max(postedMs, (bcRequests / BC_REQUESTS_PER_SECOND) * 1000);
    // The poster on the real-time line: a window's invoices start once it is queued and the poster is free,
    // each taking the larger of its share of our posting time and of BC's requests at 20/s.
    const perInvoiceMs = postMs / count;
    const postEndMs = windows.reduce((end, w) => Math.max(end, w.readyMs) + w.invoices * perInvoiceMs, 0);
    const totalMs = Math.max(readMs, postEndMs);
    const leastMs = Math.max(readLeastMs, postLeastMs);
    const metrics = {
      'orders.invoicesPerMinute': Number((count / (totalMs / 60_000)).toFixed(1)),
      'orders.ratio': Number((totalMs / leastMs).toFixed(3)),
      'orders.count': count,
      'orders.readMs': Math.round(readMs),
      'orders.readLeastMs': Math.round(readLeastMs),
      'orders.readRatio': readLeastMs ? Number((readMs / readLeastMs).toFixed(3)) : null,
      'orders.readWaitedMs': Math.round(clock.waited()),
      'orders.readMeasuredMs': Math.round(readMs - clock.waited()),
      'orders.searchOrdersRequests': pages,
      'orders.throttled': amazon.stats.throttled,
      'orders.postMs': Math.round(postMs),
      'orders.postMeasuredMs': Math.round(postedMs),
      'orders.cpuMsPerInvoice': Number(((cpu.user + cpu.system) / 1000 / count).toFixed(2)),
      'orders.postAfterReadMs': Math.round(totalMs - readMs),
      'orders.postLeastMs': Math.round(postLeastMs),
      'orders.bcRequests': bcRequests,
      'orders.bcRequestsPerInvoice': Number((bcRequests / count).toFixed(2)),
    };
    if (json) console.log(JSON.stringify(metrics));
    else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
  } finally {
    worker.postMessage({ type: 'stop' });
    await new Promise((r) => worker.once('exit', r));
    await amazon.stop();
  }
}
