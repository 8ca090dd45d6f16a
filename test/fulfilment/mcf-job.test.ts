import { afterEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { SHIP_AFTER_MS } from '../../core/sandbox/amazon/mcf-routes';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { workspaceAttention } from '../../core/sync/attention-registry';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { FAST_BACKOFF } from '../sync/discovery-fixture';
import { MemoryCredentials } from '../sync/sync-fixture';

const NOW = Date.parse('2026-11-20T09:00:00Z');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('the mcf job', () => {
  it('sends the ERP order at the Amazon location once and writes its tracking back once, run by run', async () => {
    const clock = clockStartingAt(NOW);
    const amazon = await startAmazonEmulator({ clock });
    cleanups.push(() => amazon.stop());
    const bc = await startBusinessCentralEmulator({ clock });
    cleanups.push(() => bc.stop());
    const d = tempDir();
    const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
    cleanups.push(() => { ws.close(); d.remove(); });
    ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: ['ATVPDKIKX0DER'], endpointOverride: amazon.url } });
    await ws.credentials.set('amz', 'clientSecret', amazon.clientSecret);
    await ws.credentials.set('amz', 'refreshToken', amazon.refreshToken);
    ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'BC', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
    await ws.credentials.set('bc', 'clientSecret', bc.clientSecret);
    ws.db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES ('bc', 'sku', 'SKU-1900', '1900-S', ?, 'test')").run(new Date(NOW).toISOString());
    workspaceAttention(ws).mcf.settings.set({ erpConnectionId: 'bc', amazonConnectionId: 'amz', marker: { by: 'location', code: 'AMAZON-FBA' }, defaultSpeed: 'Standard' });
    workspaceAttention(ws).mcf.settings.approveFirstOrders('bc', 'tester');

    const erp = new BusinessCentralConnector({ settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url }, secrets: { clientSecret: bc.clientSecret } });
    cleanups.push(() => erp.close());
    const created = await erp.syncSalesOrder({ externalDocumentNumber: 'WEB-1001', customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 15040 }] });
    bc.salesOrders.edit(created.documentNumber, { shipToName: 'Jane Doe', shipToAddressLine1: '1 Main St', shipToCity: 'Seattle', shipToPostCode: '98101', shipToCountry: 'US' }, { locationId: bc.rows('locations').find((l) => l.code === 'AMAZON-FBA')!.id });

    const runner = new SyncRunner(ws, { clock, resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, requestTimeoutMs: 2_000 }) });
    runner.jobs.save({ id: 'mcf', name: 'Multi-Channel Fulfillment', kind: 'mcf', erpConnectionId: 'bc', schedule: { preset: 'daily', time: '06:00' }, timeZone: 'UTC' }, new Date(NOW));
    amazon.faults.throttle(1, { operation: 'createFulfillmentOrder' });
    expect((await runner.runNow('mcf')).counts).toEqual({ submitted: 1, held: 0, tracking: 0, waiting: 0, awaiting: 0, cancelled: 0 });
    amazon.advanceTime(SHIP_AFTER_MS);
    expect((await runner.runNow('mcf')).counts).toEqual({ submitted: 0, held: 0, tracking: 1, waiting: 0, awaiting: 0, cancelled: 0 });
    expect((await runner.runNow('mcf')).counts).toEqual({ submitted: 0, held: 0, tracking: 0, waiting: 0, awaiting: 0, cancelled: 0 });
    expect(amazon.fulfilment.orders.size).toBe(1);
    expect(bc.rows('salesOrderLines').filter((l) => l.lineType === 'Comment')).toHaveLength(1);
  });
});
