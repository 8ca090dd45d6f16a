import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { MemoryCredentials } from '../review/review-fixtures';
import { apiCalls } from '../support/api-calls';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => unknown> = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

function setup() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: 'b1', kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: 'https://127.0.0.1:1/b1s/v2', companyDb: 'X', userName: 'manager' } });
  return { ws, ...apiCalls(createDispatcher(ws)) };
}

describe('order charge mappings through the API', () => {
  it('maps shipping for every marketplace and tax for one, lists them, audits each change, and removes one', async () => {
    const { ws, value } = setup();
    await value('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' } });
    const listed = await value<Array<{ charge: string; marketplace: string; lineType: string; target: string }>>('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' } });
    expect(listed.map((m) => [m.charge, m.marketplace, m.lineType, m.target])).toEqual([['shipping', '', 'freight', '1'], ['tax', 'amazon.com', 'tax-code', 'CA']]);
    expect(ws.audit.list().filter((e) => e.operation === 'mapping.order-charge-set').map((e) => e.subjectId)).toEqual(expect.arrayContaining(['shipping|', 'tax|amazon.com']));
    const after = await value<unknown[]>('orders.removeChargeMapping', { connectionId: 'b1', charge: 'shipping', marketplace: '' });
    expect(after).toHaveLength(1);
    expect(await value('orders.chargeMappings', { connectionId: 'b1' })).toEqual(after);
  });

  it('refuses tax mapped to an item, and a connection that is not an ERP connection, in words', async () => {
    const { call } = setup();
    expect(await call('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'tax', marketplace: '', lineType: 'item', target: 'TAX' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: "Tax maps to the ERP's tax code, not to an item." } });
    expect(await call('orders.chargeMappings', { connectionId: 'nope' }))
      .toMatchObject({ ok: false, error: { code: 'not_found', message: 'There is no ERP connection nope; order charges are mapped per ERP connection.' } });
  });
});
