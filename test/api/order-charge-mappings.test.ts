import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { MappingStore } from '../../core/mapping/mapping-store';
import { enqueueOrderInvoices, orderMappingsFrom, PostingOutbox } from '../../core/posting';
import { recordDecision, recordOrder } from '../../core/posting/order-book';
import { workspaceAttention } from '../../core/sync/attention-registry';
import { holdRefusedOrders } from '../../core/sync/orders-attention';
import { chargedOrder } from '../erp/order-invoice-fixtures';
import { BC, MemoryCredentials, setup as reviewSetup } from '../review/review-fixtures';
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

describe('order charge mappings checked against the ERP, closing what they answer', () => {
  it('refuses an account the ERP lacks or a heading, names what it maps to, and decides again the order held for want of it, which leaves Needs attention', async () => {
    const t = await setupWithReference();
    expect(await t.call('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'shipping', marketplace: '', lineType: 'account', target: '7777' } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^BC test has no G\/L account 7777 \(accounts as read \d{4}-\d{2}-\d{2}\); choose one of its accounts for shipping, or refresh its data under Mappings\. Nothing was saved\.$/) } });
    expect(await t.call('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'shipping', marketplace: '', lineType: 'account', target: '1000' } }))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/Account 1000 BALANCE SHEET in BC test is a heading or total/) } });
    expect(await t.call('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'shipping', marketplace: '', lineType: 'item', target: 'NOPE' } }))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/^BC test has no item NOPE/) } });
    expect(await t.value('orders.chargeMappings', { connectionId: BC })).toEqual([]);

    // An order refused for its unmapped shipping, held under Needs attention with the way to the charge mappings.
    t.ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon', settings: {} });
    await t.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
    const rule = (kind: 'sku' | 'marketplace', subject: string, target: string) => ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
    await t.value('mappings.save', { connectionId: BC, entry: rule('marketplace', 'Amazon.com', 'C-AMZ-US') });
    await t.value('mappings.save', { connectionId: BC, entry: rule('sku', 'BOX', 'ITEM-1') });
    const order = chargedOrder('111-3000009-0000009', 'BOX', 1, '20.00', { shipping: '4.99', discount: '0.00', taxOnGoods: '0.00', taxOnShipping: '0.00' });
    const decided = enqueueOrderInvoices({ db: t.ws.db, audit: t.ws.audit, outbox: new PostingOutbox(t.ws.db, t.ws.audit), connectionId: BC, connectionName: 'BC test', mappings: orderMappingsFrom(new MappingStore(t.ws.db, t.ws.audit).list(BC)), actor: 'sync' }, [order]);
    recordOrder(t.ws.db, 'amz', order, new Date(t.ws.clock.now()));
    for (const d of decided) recordDecision(t.ws.db, BC, d, new Date(t.ws.clock.now()));
    const attention = workspaceAttention(t.ws);
    holdRefusedOrders(t.ws, attention.letters, BC);
    const [held] = attention.letters.list({ state: 'open' });
    expect(held).toMatchObject({ fix: 'Map shipping under Order charges; it is retried once mapped.', fixAction: { kind: 'map-order-charges', params: { connectionId: BC } } });

    const saved = await t.value<Array<{ target: string; targetName: string | null }>>('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' } });
    expect(saved).toMatchObject([{ target: '6100', targetName: 'Sales, Retail - Amazon' }]);
    expect(attention.letters.list({ state: 'open' })).toEqual([]);
    expect(new PostingOutbox(t.ws.db, t.ws.audit).list().map((e) => e.settlementId)).toEqual(['111-3000009-0000009']);
  });
});

async function setupWithReference() {
  const t = await reviewSetup();
  cleanups.push(t.ws.remove);
  return t;
}
