import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startSapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { MemoryCredentials } from '../review/review-fixtures';
import { apiCalls } from '../support/api-calls';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A workspace with an SAP Business One connection to a running emulator and an Amazon connection. */
async function setup() {
  const b1 = await startSapB1Emulator();
  cleanups.push(() => b1.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: 'b1', kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: b1.v2, companyDb: b1.seed.companyDb, userName: 'manager' } });
  await ws.credentials.set('b1', 'password', b1.seed.users.manager!);
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon US', settings: {} });
  return { ws, ...apiCalls(createDispatcher(ws)) };
}

describe('the fulfilment settings: how orders shipped by Amazon are marked, checked with the ERP', () => {
  it('lists the ways the ERP offers, saves a user field the company has, and refuses one it lacks, keeping what was saved', async () => {
    const { ws, call, value } = await setup();
    const view = await value<{ markers: Array<{ by: string; offered: boolean }>; markerFields: string[] | null }>('mcf.setSettings', {
      connectionId: 'b1', amazonConnectionId: 'amz', marker: { by: 'field', field: 'U_ShipByAmazon', value: 'Y' }, defaultSpeed: 'Standard',
    });
    expect(view.markers).toEqual([{ by: 'location', offered: true, whyNot: null }, { by: 'shipping-agent', offered: true, whyNot: null }, { by: 'field', offered: true, whyNot: null }]);
    expect(view.markerFields).toBeNull();
    expect(await call('mcf.setSettings', { connectionId: 'b1', amazonConnectionId: 'amz', marker: { by: 'field', field: 'U_AmazonShip', value: 'Y' }, defaultSpeed: 'Standard' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('SAP Business One has no user field U_AmazonShip on sales orders (table ORDR)') } });
    expect(await call('mcf.setSettings', { connectionId: 'b1', amazonConnectionId: 'amz', marker: { by: 'shipping-agent', code: 'DHL' }, defaultSpeed: 'Standard' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('SAP Business One has no shipping type DHL') } });
    const [overview] = await value<Array<{ settings: { marker: unknown } }>>('mcf.overview', {});
    expect(overview!.settings.marker).toEqual({ by: 'field', field: 'U_ShipByAmazon', value: 'Y' });
    expect(ws.audit.list().filter((e) => e.operation === 'mcf.setSettings')).toHaveLength(1);
  });
});
