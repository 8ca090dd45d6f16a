import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { McfConnectionView } from '../../core/api/calls/mcf';
import { clockStartingAt } from '../../core/clock/clock';
import { D365FoConnector } from '../../core/erp/d365fo/client';
import { supports } from '../../core/erp/erp-connector';
import { workspaceAttention } from '../../core/sync/attention-registry';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { FAST_BACKOFF } from '../sync/discovery-fixture';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

// Finance and Operations' orders cannot be shipped by Amazon through ml-connector: its sales order entities
// are in no spec here and their header has no field for the tracking Amazon sends back
// (core/erp/d365fo/amazon-fulfilment.ts). A user of F&O is told so where MCF is set up, and nothing is saved.
const NOW = Date.parse('2026-11-20T09:00:00Z');
const WHY = 'Finance and Operations\' sales orders (SalesOrderHeadersV2 and their lines) are not in the OData descriptions ml-connector is built and checked against, and Microsoft\'s own description of the order header has no field for a tracking number or a note';
// Nothing listens here: a refusal that came from a request would read as a connection failure instead.
const FO = { environmentUrl: 'http://127.0.0.1:9', tenantId: 'contoso.com', clientId: '7c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', legalEntity: 'USMF', signInOverride: 'http://127.0.0.1:9' };
const BC = { deployment: 'online', tenantId: 'contoso.com', environment: 'Production', clientId: '7c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', endpointOverride: 'http://127.0.0.1:9' };

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function workspace() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: 'amzn1.application-oa2-client.x', marketplaceIds: ['ATVPDKIKX0DER'] } });
  ws.connections.upsert({ id: 'fo', kind: 'd365fo', name: 'Contoso F&O', settings: FO });
  ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'Web shop BC', settings: BC });
  return ws;
}

describe('Multi-Channel Fulfillment and Finance and Operations', () => {
  it('the connector does not take part in the flow', () => {
    const erp = new D365FoConnector({ settings: FO as never, secrets: { clientSecret: 's' } });
    cleanups.push(() => void erp.close());
    expect(supports(erp, 'amazonFulfilment')).toBe(false);
    expect(erp.capabilities.amazonFulfilmentWhyNot).toContain(WHY);
  });

  it('the MCF panel lists the F&O connection with why, and setting it up is refused in those words, saving nothing', async () => {
    const ws = workspace();
    const api = createDispatcher(ws);
    const overview = await api.invoke('mcf.overview', {}, 'a');
    if (!overview.ok) throw new Error(overview.error.message);
    const views = overview.value as McfConnectionView[];
    expect(views.find((v) => v.connectionId === 'fo')).toEqual({ connectionId: 'fo', name: 'Contoso F&O', whyNot: expect.stringContaining(WHY), markers: [], markerFields: null, settings: null, orders: [] });
    // An ERP that takes part still gets its form.
    expect(views.find((v) => v.connectionId === 'bc')).toMatchObject({ whyNot: null, settings: null });
    expect(views.map((v) => v.connectionId)).not.toContain('amz');

    const set = await api.invoke('mcf.setSettings', { connectionId: 'fo', amazonConnectionId: 'amz', marker: { by: 'location', code: 'AMAZON' }, defaultSpeed: 'Standard' }, 'b');
    expect(set).toMatchObject({ ok: false, error: { message: expect.stringContaining(`Contoso F&O: ${WHY}`) } });
    expect(workspaceAttention(ws).mcf.settings.get('fo')).toBeNull();
    expect(ws.audit.list({}).filter((e) => e.operation === 'mcf.setSettings')).toEqual([]);
    const preview = await api.invoke('mcf.preview', { connectionId: 'fo' }, 'c');
    expect(preview).toMatchObject({ ok: false, error: { message: expect.stringContaining(WHY) } });
  });

  it('an MCF job on the F&O connection ends with why, not with a request for a location', async () => {
    const ws = workspace();
    const clock = clockStartingAt(NOW);
    const runner = new SyncRunner(ws, { clock, resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, requestTimeoutMs: 2_000 }) });
    runner.jobs.save({ id: 'mcf', name: 'Multi-Channel Fulfillment', kind: 'mcf', erpConnectionId: 'fo', schedule: { preset: 'daily', time: '06:00' }, timeZone: 'UTC' }, new Date(NOW));
    const run = await runner.runNow('mcf');
    expect(run.status).toBe('failed');
    expect(run.error).toContain(`Contoso F&O: ${WHY}`);
  });
});
