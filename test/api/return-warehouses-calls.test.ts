import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startSapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { emulator, SECRETS, settingsFor } from '../erp/acumatica/acumatica-fixtures';
import { MemoryCredentials } from '../review/review-fixtures';
import { apiCalls } from '../support/api-calls';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('the warehouses returns go to, per ERP connection, checked with the ERP', () => {
  it('saves warehouses Acumatica lists, refuses one it lacks or keeps inactive, and leaves the saved ones as they were', async () => {
    const emu = await emulator();
    cleanups.push(() => emu.stop());
    const ws = tempWorkspace(new MemoryCredentials());
    cleanups.push(ws.remove);
    ws.connections.upsert({ id: 'acu', kind: 'acumatica', name: 'Acumatica US', settings: { ...settingsFor(emu), returnReasons: 'DAMAGED Damaged' } });
    for (const [k, v] of Object.entries(SECRETS)) await ws.credentials.set('acu', k, v);
    const { call, value } = apiCalls(createDispatcher(ws));

    expect(await call('returns.setWarehouses', { connectionId: 'acu', warehouses: { sellable: 'MAIN', unsellable: 'RETURNS' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Choose what returns become in Acumatica US before their warehouses.' } });
    await value('returns.setErpDocument', { connectionId: 'acu', document: 'return-order' });
    const saved = await value<{ warehousesOffered: boolean; warehouses: unknown }>('returns.setWarehouses', { connectionId: 'acu', warehouses: { sellable: 'MAIN', unsellable: 'RETURNS' } });
    expect(saved).toMatchObject({ warehousesOffered: true, warehouses: { sellable: 'MAIN', unsellable: 'RETURNS' } });
    expect(await call('returns.setWarehouses', { connectionId: 'acu', warehouses: { sellable: 'MAIN', unsellable: 'SCRAP' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Acumatica US has no warehouse SCRAP (for unsellable returns); it has MAIN, EAST, FBA, RETURNS.' } });
    expect(await call('returns.setWarehouses', { connectionId: 'acu', warehouses: { sellable: 'OLD', unsellable: 'RETURNS' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('The warehouse OLD (for sellable returns) is inactive in Acumatica US') } });
    const [view] = await value<Array<{ warehouses: unknown }>>('returns.erpSettings', {});
    expect(view!.warehouses).toEqual({ sellable: 'MAIN', unsellable: 'RETURNS' });
    expect(ws.audit.list().filter((e) => e.operation === 'returns.warehouses')).toHaveLength(1);
  });

  it('saves warehouses SAP Business One lists (GET Warehouses) and refuses an inactive one', async () => {
    const b1 = await startSapB1Emulator();
    cleanups.push(() => b1.stop());
    b1.seed.warehouses.push({ WarehouseCode: 'OLD', WarehouseName: 'Closed warehouse', Inactive: 'tYES' });
    const ws = tempWorkspace(new MemoryCredentials());
    cleanups.push(ws.remove);
    ws.connections.upsert({ id: 'b1', kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: b1.v2, companyDb: b1.seed.companyDb, userName: 'manager', returnReasons: '1 Damaged' } });
    await ws.credentials.set('b1', 'password', b1.seed.users.manager!);
    const { call, value } = apiCalls(createDispatcher(ws));

    await value('returns.setErpDocument', { connectionId: 'b1', document: 'return-order' });
    expect(await call('returns.setWarehouses', { connectionId: 'b1', warehouses: { sellable: '01', unsellable: 'OLD' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The warehouse OLD (for unsellable returns) is inactive in OEC Computers; pick one of 01, 02, RET.' } });
    expect(await value('returns.setWarehouses', { connectionId: 'b1', warehouses: { sellable: '01', unsellable: 'RET' } }))
      .toMatchObject({ warehousesOffered: true, warehouses: { sellable: '01', unsellable: 'RET' } });
  });
});
