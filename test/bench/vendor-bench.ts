/**
 * Vendor Central benchmark (not part of the test run), run by `npm run bench`.
 *   vendor.duplicates = ERP and Amazon documents created more than once over a fault run of 1,000 purchase
 *   orders: Business Central sales orders (counted by their posted invoices and open orders per PO number) and
 *   customer payments (per remittance and invoice, a deduction's on its own key), acknowledgements, invoices
 *   and shipment confirmations Amazon received per PO, invoice and shipment number. Goal 0 (issue 21).
 *   vendor.ratio = the run's time ÷ the least time the Amazon and ERP limits allow for it. Goal ≤ 1.3.
 * The least time, from the limits alone:
 *   Amazon: every vendor operation has its own usage plan, a token bucket (../shared/reference/amazon/NOTES.md
 *   §2: getPurchaseOrders and submitAcknowledgement 10/s burst 10, vendorOrders.json; submitInvoices 10/s
 *   burst 10, vendorInvoices.json; SubmitShipmentConfirmations 10/s burst 10, vendorShipments.json; getTransaction
 *   10/s burst 20, vendorTransactionStatus.json; getInvoiceHeaders states none, usage-plans.ts assumes 0.5/s burst
 *   10), so n calls take (n − burst) ÷ rate. The job's steps run one after another (a PO's sales order before its
 *   acknowledgement, the answers read once everything is sent), so the steps' least times add up; the least
 *   the buckets would allow with every step overlapped is reported beside it (vendor.leastOverlappedMs).
 *   Business Central: 6,000 requests per 5-minute sliding window per user (../shared/reference/erp/NOTES.md
 *   §1.6). A step's fewest calls (a look and a create per sales order; a look for each posted shipment, and
 *   for each posted invoice; a journal and a payment, each looked for and made, per payment) come to at most
 *   4,000, which one window takes without a wait, so a step adds a window's length only for each further 6,000;
 *   its other limit, 5 requests at once, bounds how fast BC answers, which no limit states.
 * The run's time: the client and both emulators share a clock (idle-skipping-clock.ts) pinned at
 * 2026-06-16T08:14:22Z, so the run is repeatable on any day. It moves at the wall clock's pace while anything
 * works and jumps over the waits the limits impose, so those count at their full length and our processing
 * once (a sped-up clock counted this machine's processing, and its other load, that many times over).
 * The run does what the daily job does, a person's part included: sends each posted shipment's confirmation
 * (once the acknowledgements were read back), accepts and approves the shortages Amazon withholds (one PO in 50).
 * Faults: Amazon drops the answer of one acknowledgement, invoice and shipment confirmation in ten after taking
 * it and throttles a storm of 5 in a row; Business Central drops the answer of one sales order and one customer
 * payment in ten after making it and throttles a storm of 5 reads in a row each run.
 * `--orders N` shrinks the run.
 */
import { mkdtempSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpApiClient } from '../../core/amazon/sp-api-client';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { DEMO_VENDOR_CODE, vendorPurchaseOrder } from '../../core/sandbox/amazon/vendor-seed';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { AuditLog, openDatabase } from '../../core/store';
import { proposeAcknowledgements, setAcknowledgeMode } from '../../core/vendor/acknowledgement-proposal';
import { pollAcknowledgementTransactions, submitQueuedAcknowledgements } from '../../core/vendor/acknowledgement-sending';
import { pollInvoiceTransactions, queuePostedInvoices, submitQueuedInvoices } from '../../core/vendor/invoice-submission';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { matchRemittances, postVendorPayments, releaseApprovedPayments } from '../../core/vendor/remittance';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { proposeShipmentConfirmations, sendShipmentConfirmation, type ShipmentIntent } from '../../core/vendor/shipment-confirmation';
import { pollShipmentTransactions, submitQueuedShipmentConfirmations } from '../../core/vendor/shipment-confirmation-sending';
import { VendorMappings } from '../../core/vendor/vendor-mappings';
import { VendorOutbox, type VendorDocumentKind } from '../../core/vendor/vendor-outbox';
import { VendorReviews } from '../../core/vendor/vendor-reviews';
import { idleSkippingClock } from './idle-skipping-clock';

const args = process.argv.slice(2);
const json = args.includes('--json');
const arg = (name: string, fallback: number) => (args.indexOf(name) >= 0 ? Number(args[args.indexOf(name) + 1]) : fallback);
const ORDERS = arg('--orders', 1_000);
const START = Date.parse('2026-06-16T08:14:22Z');
const DAY = 86_400_000;
const ERP = 'bc-bench';
const AMAZON = 'amz-bench';
const FAST = { baseMs: 50, capMs: 2_000, maxAttempts: 8 };
const BC_LIMIT = { requests: 6_000, windowMs: 300_000 };
/** A storm of 429s in a row: fewer than the retries, so it is waited out, not given up on. */
const STORM = 5;
/** Where the demo vendor code's remittances are read (core/demo/demo-vendor.ts). */
const MARKETPLACE = 'ATVPDKIKX0DER';

const clock = idleSkippingClock(START);
const seller = demoSeller(START);
const items = [{ vendorSku: '1900-S', asin: 'B0DEMO1900', netCost: '150.40' }, { vendorSku: '1906-S', asin: 'B0DEMO1906', netCost: '219.50' }, { vendorSku: '1896-S', asin: 'B0DEMO1896', netCost: '780.70' }];
const poNumber = (i: number) => `B${String(i).padStart(7, '0')}`;
seller.purchaseOrders = Array.from({ length: ORDERS }, (_, i) => vendorPurchaseOrder(poNumber(i), DEMO_VENDOR_CODE, START - 20 * DAY + Math.floor((i * 19 * DAY) / ORDERS), [{ ...items[i % 3]!, quantity: 1 + (i % 4) }]));
// Amazon pays each accepted invoice; one PO in fifty (of 2 units) is paid short of one unit.
seller.vendorPayments = { plantedShortages: Object.fromEntries(Array.from({ length: Math.ceil(ORDERS / 50) }, (_, k) => [poNumber(k * 50 + 1), 1])) };
const amazon = await startAmazonEmulator({ sellers: [seller], clock });
const bc = await startBusinessCentralEmulator({ clock, rateLimit: BC_LIMIT, shipAndInvoiceSalesOrders: true });
const erp = new BusinessCentralConnector({
  settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
  secrets: { clientSecret: bc.clientSecret }, backoff: FAST, clock, fetch: clock.fetch,
});
try {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-vendor-bench-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  const now = () => new Date(clock.now());
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
  }
  const mappings = new VendorMappings(db, ERP, now);
  mappings.set('vendor-code', DEMO_VENDOR_CODE, 'AMZ-DE');
  for (const i of items) mappings.set('vendor-sku', i.vendorSku, i.vendorSku);
  mappings.set('deduction', 'shortage', '8440');
  setAcknowledgeMode(db, ERP, DEMO_VENDOR_CODE, 'from-availability', now());
  const client = new SpApiClient({
    region: 'EU', endpoint: amazon.url, lwaTokenUrl: amazon.lwaUrl, clock, fetch: clock.fetch, backoff: FAST,
    credentials: { clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.refreshToken },
  });
  const outbox = new VendorOutbox(db, audit, now);
  const reviews = new VendorReviews(db, audit, now);
  const base = { db, audit, outbox, reviews, erp, client, mappings, erpConnectionId: ERP, amazonConnectionId: AMAZON, now };
  const tenth = Math.ceil(ORDERS / 10);
  let faults = 0;
  const started = clock.now();
  const wallStarted = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => { phases[name] = Math.round(clock.now() - mark); mark = clock.now(); };

  await readPurchaseOrders({ ...base, vendorCodes: [DEMO_VENDOR_CODE], firstReadFrom: new Date(START - 30 * DAY) });
  phase('read');
  for (let run = 0; run < 10 && outbox.workList(ERP, 'sales-order').length; run++) {
    bc.faults.dropAfterProcessing(tenth, { path: /POST .*\/salesOrders$/ });
    bc.faults.throttle(STORM, { path: /GET .*\/salesOrders/ });
    faults += tenth + STORM;
    await sendSalesOrders(outbox, reviews, ERP, erp);
  }
  phase('salesOrders');
  await proposeAcknowledgements({ ...base, erp });
  amazon.faults.dropAfterProcessing(tenth, { operation: 'submitAcknowledgement' });
  amazon.faults.throttle(STORM, { operation: 'submitAcknowledgement' });
  faults += tenth + STORM;
  for (let run = 0; run < 10 && outbox.workList(AMAZON, 'acknowledgement').length; run++) await submitQueuedAcknowledgements(base);
  phase('acknowledgements');
  // A person sends the confirmation of each shipment BC posted, from the demo warehouse.
  await proposeShipmentConfirmations(base);
  for (const e of outbox.list<ShipmentIntent>({ connectionId: AMAZON, kind: 'shipment', state: 'held' })) {
    sendShipmentConfirmation({ outbox, amazonConnectionId: AMAZON, vendorCode: e.document.vendorCode, shipmentNumber: e.document.erpShipment.number, shipFromPartyId: 'MLCW1', now });
  }
  phase('shipmentsProposed');
  await queuePostedInvoices(base);
  phase('invoicesQueued');
  amazon.faults.dropAfterProcessing(tenth, { operation: 'submitInvoices' });
  amazon.faults.throttle(STORM, { operation: 'submitInvoices' });
  faults += tenth + STORM;
  for (let run = 0; run < 10 && outbox.workList(AMAZON, 'invoice').length; run++) await submitQueuedInvoices(base);
  phase('invoicesSent');
  // Amazon answers a transaction 10 emulated seconds after it took it; the last ones are read once that passed.
  for (let run = 0; run < 10; run++) {
    const [acks, invoices] = await Promise.all([pollAcknowledgementTransactions(base), pollInvoiceTransactions(base)]);
    if (!acks.processing && !invoices.processing) break;
    await clock.sleep(10_000);
  }
  phase('transactionsRead');
  // As the job does: a shipment is confirmed once its PO's acknowledgement was read back.
  amazon.faults.dropAfterProcessing(tenth, { operation: 'SubmitShipmentConfirmations' });
  amazon.faults.throttle(STORM, { operation: 'SubmitShipmentConfirmations' });
  faults += tenth + STORM;
  for (let run = 0; run < 10 && outbox.workList(AMAZON, 'shipment').length; run++) await submitQueuedShipmentConfirmations(base);
  for (let run = 0; run < 10 && (await pollShipmentTransactions(base)).processing; run++) await clock.sleep(10_000);
  phase('shipmentsSent');
  await matchRemittances({ ...base, marketplaceId: MARKETPLACE });
  // The shortages a person accepts and another approves, each to the mapped account.
  for (const r of reviews.list({ erpConnectionId: ERP, state: 'open' }).filter((x) => x.kind === 'shortage')) {
    reviews.resolve(r.id, { action: 'accept', note: 'Carrier lost a unit; claimed with the carrier' }, 'bench-clerk');
    reviews.approve(r.id, 'bench-controller');
  }
  releaseApprovedPayments(base);
  for (let run = 0; run < 10 && outbox.workList(ERP, 'payment').length; run++) {
    bc.faults.dropAfterProcessing(tenth, { path: /POST .*\/customerPayments$/ });
    bc.faults.throttle(STORM, { path: /GET .*\/customerPayments/ });
    faults += tenth + STORM;
    await postVendorPayments(base);
  }
  phase('payments');
  const elapsed = clock.now() - started;
  const wallMs = performance.now() - wallStarted;

  // Counted in the emulators, by what identifies one document.
  const excess = (keys: string[]) => keys.length - new Set(keys).size;
  const erpOrders = [...bc.rows('salesInvoices').map((r) => String(r.externalDocumentNumber)), ...bc.rows('salesOrders').map((r) => String(r.externalDocumentNumber))];
  const acknowledged = [...amazon.vendor.acknowledgements.entries()];
  const invoiceIds = [...amazon.vendor.transactions.values()].flatMap((t) => t.invoices.map((i) => String(i.id)));
  const confirmed = [...amazon.vendor.shipmentConfirmations.entries()];
  const payments = bc.rows('customerPayments').map((r) => String(r.externalDocumentNumber));
  const overCount = (counts: Array<[string, number]>) => counts.filter(([, n]) => n > 1).reduce((s, [, n]) => s + n - 1, 0);
  const duplicates = excess(erpOrders) + overCount(acknowledged) + excess(invoiceIds) + overCount(confirmed) + excess(payments);

  // The least time the limits allow (see the top of this file).
  const ops = amazon.stats.byOperation;
  const atPlan = (op: keyof typeof OPERATIONS, calls: number) => Math.max(0, calls - OPERATIONS[op].burst) / OPERATIONS[op].rate * 1000;
  const amazonSteps = [
    atPlan('getPurchaseOrders', ops.getPurchaseOrders?.ok ?? 0), atPlan('submitAcknowledgement', ORDERS), atPlan('submitInvoices', ORDERS),
    atPlan('getTransaction', 2 * ORDERS), atPlan('SubmitShipmentConfirmations', ORDERS), atPlan('getTransaction', ORDERS), atPlan('getInvoiceHeaders', Math.ceil(ORDERS / 100)),
  ];
  const amazonLeast = amazonSteps.reduce((a, b) => a + b, 0);
  // A BC step's calls past one window's worth wait for the window to slide.
  const bcWindow = (calls: number) => Math.max(0, Math.ceil(calls / BC_LIMIT.requests) - 1) * BC_LIMIT.windowMs;
  const bcSteps = [bcWindow(2 * ORDERS), bcWindow(ORDERS), bcWindow(ORDERS), bcWindow(4 * ORDERS)];
  const bcLeast = bcSteps.reduce((a, b) => a + b, 0);
  const least = amazonLeast + bcLeast;
  const leastOverlapped = Math.max(atPlan('getTransaction', 3 * ORDERS), ...amazonSteps, bcWindow(8 * ORDERS));
  const byState = (conn: string, kind: VendorDocumentKind) => Object.fromEntries(
    (db.prepare('SELECT state, COUNT(*) AS n FROM vendor_outbox WHERE connection_id = ? AND kind = ? GROUP BY state').all(conn, kind) as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
  const metrics = {
    'vendor.duplicates': duplicates,
    'vendor.ratio': Number((elapsed / least).toFixed(2)),
    'vendor.orders': ORDERS,
    'vendor.salesOrders': new Set(erpOrders).size,
    'vendor.acknowledged': acknowledged.length,
    'vendor.invoicesReceived': new Set(invoiceIds).size,
    'vendor.salesOrderStates': JSON.stringify(byState(ERP, 'sales-order')),
    'vendor.acknowledgementStates': JSON.stringify(byState(AMAZON, 'acknowledgement')),
    'vendor.invoiceStates': JSON.stringify(byState(AMAZON, 'invoice')),
    'vendor.shipmentStates': JSON.stringify(byState(AMAZON, 'shipment')),
    'vendor.paymentStates': JSON.stringify(byState(ERP, 'payment')),
    'vendor.shipmentsConfirmed': confirmed.length,
    'vendor.paymentsPosted': new Set(payments).size,
    'vendor.reviews': JSON.stringify(reviews.list({ erpConnectionId: ERP }).reduce<Record<string, number>>((m, r) => ({ ...m, [`${r.kind} ${r.state}`]: (m[`${r.kind} ${r.state}`] ?? 0) + 1 }), {})),
    'vendor.faultsPlanned': faults,
    'vendor.emulatedMs': Math.round(elapsed),
    'vendor.phasesMs': JSON.stringify(phases),
    'vendor.leastMs': Math.round(least),
    'vendor.leastAmazonMs': Math.round(amazonLeast),
    'vendor.leastErpMs': Math.round(bcLeast),
    'vendor.leastOverlappedMs': Math.round(leastOverlapped),
    'vendor.skippedMs': Math.round(clock.skipped()),
    'vendor.bcRequests': bc.stats.apiRequests,
    'vendor.amazonRequests': amazon.stats.requests,
    'vendor.wallMs': Math.round(wallMs),
    // One-minute load average at the start and the end of the run, on this many cores.
    'vendor.loadAverage': `${loadAtStart.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)} (${os.cpus().length} cores)`,
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(30)} ${v}`);
} finally {
  await amazon.stop();
  await bc.stop();
}
