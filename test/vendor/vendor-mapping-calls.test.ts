import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { MemoryCredentials } from '../review/review-fixtures';
import { apiCalls } from '../support/api-calls';
import { tempWorkspace } from '../support/temp-workspace';

let bc: BusinessCentralEmulator;
let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiCalls>;
const C = 'bc-vendor';

beforeAll(async () => {
  bc = await startBusinessCentralEmulator();
  ws = tempWorkspace(new MemoryCredentials());
  ws.connections.upsert({ id: C, kind: 'business-central', name: 'BC test', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(C, 'clientSecret', bc.clientSecret);
  api = apiCalls(createDispatcher(ws));
});
afterAll(async () => {
  ws.remove();
  await bc.stop();
});

const saved = async () => (await api.value<{ mappings: Array<{ kind: string; subject: string; target: string }> }>('vendor.mappings', {})).mappings.map((m) => `${m.kind} ${m.subject} -> ${m.target}`);

describe('Vendor Central mappings are checked against the ERP when saved', () => {
  it('refuses a customer, item or G/L account Business Central does not have (or has blocked) by name, and saves nothing', async () => {
    expect(await api.call('vendor.map', { erpConnectionId: C, kind: 'vendor-code', subject: 'MLCD1', target: 'AMZ-XX' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'BC test has no customer AMZ-XX, so Vendor code MLCD1 cannot be mapped to it. Check the number in BC test; nothing was saved.' } });
    expect(await api.call('vendor.map', { erpConnectionId: C, kind: 'vendor-sku', subject: '1900-S', target: '1900-X' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('BC test has no item 1900-X, so Vendor SKU 1900-S cannot be mapped to it.') } });
    expect(await api.call('vendor.map', { erpConnectionId: C, kind: 'asin', subject: 'B0DEMO1900', target: 'NOPE' }))
      .toMatchObject({ ok: false, error: { message: expect.stringContaining('BC test has no item NOPE, so ASIN B0DEMO1900') } });
    expect(await api.call('vendor.map', { erpConnectionId: C, kind: 'deduction', subject: 'shortage', target: '8999' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'G/L account 8999 (Closed Account) is blocked in BC test, so Deduction shortage cannot be mapped to it; nothing was saved.' } });
    expect(await saved()).toEqual([]);
  });

  it('saves targets Business Central has, and a marketplace id, which is Amazon\'s, unchecked', async () => {
    await api.value('vendor.map', { erpConnectionId: C, kind: 'vendor-code', subject: 'MLCD1', target: 'AMZ-DE' });
    await api.value('vendor.map', { erpConnectionId: C, kind: 'vendor-sku', subject: '1900-S', target: '1900-S' });
    await api.value('vendor.map', { erpConnectionId: C, kind: 'deduction', subject: 'shortage', target: '8440' });
    await api.value('vendor.map', { erpConnectionId: C, kind: 'marketplace', subject: 'MLCD1', target: 'A1PA6795UKMFR9' });
    expect(await saved()).toEqual(['deduction shortage -> 8440', 'marketplace MLCD1 -> A1PA6795UKMFR9', 'vendor-code MLCD1 -> AMZ-DE', 'vendor-sku 1900-S -> 1900-S']);
  });
});
