/**
 * Fulfilment benchmark (not part of the test run), run by `npm run bench`.
 *   fulfilment.duplicates = fulfilment orders, tracking writes and return documents created more than once
 *   over a fault run of 1,000 ERP orders shipped by Amazon (Multi-Channel Fulfillment, Business Central) and
 *   200 FBA returns credited in Business Central. Goal 0 (issue 22).
 * Faults: Amazon drops the answer of one create in ten after taking the order and throttles others; Business
 * Central drops the answer of one tracking note in ten and one return credit memo in ten after making it;
 * one return in ten waits under Needs attention for its reason, then all are retried twice.
 * `--orders N --returns M` shrink the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import { SpApiClient } from '../../core/amazon/sp-api-client';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { McfFlow } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { ReturnDocuments } from '../../core/returns/return-documents';
import { ReturnReasonMap } from '../../core/returns/return-reason-map';
import { ReturnsFlow } from '../../core/returns/returns-flow';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { AuditLog, openDatabase } from '../../core/store';

const args = process.argv.slice(2);
const json = args.includes('--json');
const arg = (name: string, fallback: number) => (args.indexOf(name) >= 0 ? Number(args[args.indexOf(name) + 1]) : fallback);
const ORDERS = arg('--orders', 1_000);
const RETURNS = arg('--returns', 200);
const ERP = 'bc-bench';
const AMAZON = 'amz-bench';
const FAST = { baseMs: 1, capMs: 10, maxAttempts: 8 };
const WIDE = { rate: 1_000, burst: 1_000 };

const amazon = await startAmazonEmulator({ usagePlans: { createFulfillmentOrder: WIDE, getFulfillmentOrder: WIDE, getFulfillmentPreview: WIDE } });
const bc = await startBusinessCentralEmulator({ rateLimit: { requests: 10_000_000, windowMs: 300_000 } });
const erp = new BusinessCentralConnector({
  settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
  secrets: { clientSecret: bc.clientSecret }, backoff: FAST,
});
try {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-fulfilment-bench-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  const now = () => new Date(amazon.clock.now());
  const at = now().toISOString();
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', at, at);
  }
  db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', 'SKU-1900', '1900-S', ?, 'bench')").run(ERP, at);
  const client = new SpApiClient({
    region: 'NA', endpoint: amazon.url, lwaTokenUrl: amazon.lwaUrl, clock: amazon.clock, backoff: FAST,
    // Amazon's 2/s for these would make the run 10 minutes of waiting; duplicates, not pacing, are measured here.
    usagePlans: { createFulfillmentOrder: WIDE, getFulfillmentOrder: WIDE, getFulfillmentPreview: WIDE },
    credentials: { clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.refreshToken },
  });
  const letters = new DeadLetterStore(db, now);
  const started = performance.now();
  let faults = 0;

  // 1. Multi-Channel Fulfillment: ERP orders at the Amazon location to Amazon, tracking back.
  const mcf = new McfFlow(db, letters, skuOfItem(db, audit), now);
  mcf.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: 'AMAZON-FBA' }, defaultSpeed: 'Standard' });
  mcf.settings.approveFirstOrders(ERP, 'bench');
  const fba = bc.rows('locations').find((l) => l.code === 'AMAZON-FBA')!.id;
  for (let i = 0; i < ORDERS; i++) {
    const created = await erp.syncSalesOrder({ externalDocumentNumber: `MCF-${i}`, customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 19280 }] });
    bc.salesOrders.edit(created.documentNumber, { shipToName: `Buyer ${i}`, shipToAddressLine1: '1 Main St', shipToCity: 'Seattle', shipToState: 'WA', shipToPostCode: '98101', shipToCountry: 'US' }, { locationId: fba });
  }
  const ordersMs = performance.now() - started;
  const links = { erp, amazon: client };
  for (let run = 0; run < 20; run++) {
    const drops = Math.ceil(ORDERS / 10);
    amazon.faults.dropAfterProcessing(drops, { operation: 'createFulfillmentOrder' });
    amazon.faults.throttle(drops, { operation: 'createFulfillmentOrder' });
    faults += 2 * drops;
    await mcf.run(ERP, links);
    if (mcf.outbox.count(['pending']) === 0) break;
  }
  amazon.faults.clear();
  amazon.advanceTime(SHIP_AFTER_MS);
  for (let run = 0; run < 20 && mcf.outbox.count(['submitted']) > 0; run++) {
    const drops = Math.ceil(ORDERS / 10);
    bc.faults.dropAfterProcessing(drops, { path: /POST .*\/salesOrderLines$/ });
    faults += drops;
    try {
      await mcf.run(ERP, links);
    } catch {
      // A run that gives up on a dropped answer leaves the rest for the next run, as the scheduler would.
    }
  }

  const mcfMs = performance.now() - started;

  // 2. Returns: each credits its order's posted invoice once; one in ten waits for its reason first.
  const docs = new ReturnDocuments(db, letters, audit, now);
  const returns = new ReturnsFlow(db, letters, new ReturnReasonMap(db, audit, now), now, (r, signal) => docs.deliver(r, async () => erp, signal));
  const flows = new AttentionFlows(letters, audit).register(returns.attentionFlow(() => null));
  docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'bench');
  returns.map.set('reason', 'DEFECTIVE', 'DEFECTIVE', 'bench');
  db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', 'SKU-1896', '1896-S', ?, 'bench')").run(ERP, at);
  const lines = [];
  for (let i = 0; i < RETURNS; i++) {
    const orderId = `302-${String(i).padStart(7, '0')}-0000001`;
    const invoice = { externalDocumentNumber: orderId, customerNumber: 'AMZ-DE', invoiceDate: '2026-11-10', currency: 'EUR', lines: [{ itemNumber: '1896-S', quantity: 1, unitPrice: 100080 }] };
    const posted = await erp.postSalesInvoice(invoice);
    db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at) VALUES (?, 'salesInvoice', ?, ?, ?, 'posted', ?, ?, ?)`)
      .run(ERP, `A1PA6795UKMFR9:${orderId}:invoice`, orderId, JSON.stringify({ marketplaceId: 'A1PA6795UKMFR9', orderId, invoice }), posted.documentNumber, at, at);
    lines.push({
      line: i + 2, orderId, sku: 'SKU-1896', asin: '', fnsku: '', productName: 'Desk', quantity: 1, fulfillmentCenterId: 'FRA7', disposition: 'SELLABLE',
      reason: i % 10 === 0 ? 'DAMAGED_BY_CUSTOMER' : 'DEFECTIVE', status: 'Unit returned to inventory', licensePlateNumber: `LPN${i}`, returnDate: '2026-11-18T09:00:00.000Z',
    });
  }
  returns.settle(returns.returns.record(AMAZON, lines));
  for (let run = 0; run < 20 && docs.outbox.counts().sent < RETURNS - Math.ceil(RETURNS / 10); run++) {
    const drops = Math.ceil(RETURNS / 10);
    bc.faults.dropAfterProcessing(drops, { path: /POST .*\/salesCreditMemos$/ });
    faults += drops;
    await docs.send(ERP, erp, returns.returns.list({ state: 'ready' }));
  }
  returns.map.set('reason', 'DAMAGED_BY_CUSTOMER', 'DAMAGED', 'bench');
  bc.faults.dropAfterProcessing(Math.ceil(RETURNS / 20), { path: /POST .*\/salesCreditMemos$/ });
  faults += Math.ceil(RETURNS / 20);
  await Promise.all([flows.retryAll('bench-a'), flows.retryAll('bench-b')]);
  await flows.retryAll('bench-c');
  const ms = performance.now() - started;

  // Counted in the emulators, by what identifies one record: the ERP order, the order's note, the return's key.
  const excess = (keys: string[]) => keys.length - new Set(keys).size;
  const fulfilmentOrders = [...amazon.fulfilment.orders.values()].map((o) => String(o.request.displayableOrderId));
  const trackingWrites = bc.rows('salesOrderLines').filter((l) => l.lineType === 'Comment').map((l) => String(l.documentId));
  const returnDocuments = bc.rows('salesCreditMemos').map((m) => String(m.externalDocumentNumber));
  const duplicates = excess(fulfilmentOrders) + excess(trackingWrites) + excess(returnDocuments);
  const metrics = {
    'fulfilment.duplicates': duplicates,
    'fulfilment.orders': ORDERS,
    'fulfilment.fulfilmentOrders': new Set(fulfilmentOrders).size,
    'fulfilment.trackingWritten': new Set(trackingWrites).size,
    'fulfilment.returns': RETURNS,
    'fulfilment.returnDocuments': new Set(returnDocuments).size,
    'fulfilment.stillHeld': letters.list().length,
    'fulfilment.faultsPlanned': faults,
    'fulfilment.ms': Math.round(ms),
    'fulfilment.mcfMs': Math.round(mcfMs),
    'fulfilment.setupOrdersMs': Math.round(ordersMs),
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
  if (metrics['fulfilment.fulfilmentOrders'] !== ORDERS || metrics['fulfilment.trackingWritten'] !== ORDERS || metrics['fulfilment.returnDocuments'] !== RETURNS) {
    throw new Error(`Not everything went through: ${JSON.stringify(metrics)}`);
  }
} finally {
  await erp.close();
  await bc.stop();
  await amazon.stop();
}
