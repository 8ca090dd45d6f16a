import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { MappingStore } from '../../core/mapping/mapping-store';
import { ReferenceCache } from '../../core/mapping/reference-cache';
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

describe('order charge mappings checked against the ERP\'s tax and freight codes', () => {
  const code = (c: string, name: string, postable = true) => ({ id: c, code: c, name, postable, lastModified: null });
  /** An ERP that lists tax codes CA, NY and an inactive OLD, and freight code 1 (or none, as BC has none). */
  const source = (freight: ReturnType<typeof code>[]) => ({
    readReferenceData: async (kind: string) => ({
      records: kind === 'taxCodes' ? [code('CA', 'California'), code('NY', 'New York'), code('OLD', 'Retired', false)] : kind === 'freightCodes' ? freight : [],
      watermark: null,
    }),
  });
  const READ = () => new Date('2026-11-20T08:00:00Z');

  it('refuses a tax code or freight code the ERP does not list, or one it marks inactive, naming the code, the ERP, when it was read and what to do; saves one it has with its name', async () => {
    const { ws, call, value } = setup();
    await new ReferenceCache(ws.db).refresh('b1', source([code('1', 'Freight')]), { now: READ });
    const refused = async (mapping: Record<string, string>) => (await call('orders.setChargeMapping', { connectionId: 'b1', mapping: { marketplace: '', ...mapping } })) as { ok: boolean; error?: { code: string; message: string } };
    expect(await refused({ charge: 'tax', lineType: 'tax-code', target: 'TX' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', message: 'OEC Computers has no tax code TX (tax codes as read 2026-11-20); choose one of its tax codes for tax, or refresh its data under Mappings. Nothing was saved.' }) });
    expect((await refused({ charge: 'shipping', lineType: 'freight', target: '7' })).error?.message).toBe('OEC Computers has no freight code 7 (freight codes as read 2026-11-20); choose one of its freight codes for shipping, or refresh its data under Mappings. Nothing was saved.');
    expect((await refused({ charge: 'tax', lineType: 'tax-code', target: 'OLD' })).error?.message).toBe('OEC Computers marks tax code OLD Retired inactive or not for sales (tax codes as read 2026-11-20); choose another of its tax codes for tax. Nothing was saved.');
    expect(await value('orders.chargeMappings', { connectionId: 'b1' })).toEqual([]);

    await value('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'CA' } });
    const saved = await value<Array<{ charge: string; target: string; targetName: string | null }>>('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' } });
    expect(saved.map((m) => [m.charge, m.target, m.targetName])).toEqual([['shipping', '1', 'Freight'], ['tax', 'CA', 'California']]);
    const reference = await value<{ taxCodes: Array<{ code: string }>; freightCodes: Array<{ code: string; name: string }> }>('mappings.reference', { connectionId: 'b1' });
    expect(reference.taxCodes.map((t) => t.code)).toEqual(['CA', 'NY', 'OLD']);
    expect(reference.freightCodes).toEqual([{ code: '1', name: 'Freight', postable: true }]);
  });

  it('an ERP with no freight codes refuses every one and says what to map instead; a list never read refuses nothing and names nothing', async () => {
    const { ws, call, value } = setup();
    ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'Cronus', settings: {} });
    await new ReferenceCache(ws.db).refresh('bc', source([]), { now: READ });
    expect(await call('orders.setChargeMapping', { connectionId: 'bc', mapping: { charge: 'gift-wrap', marketplace: '', lineType: 'freight', target: '1' } }))
      .toMatchObject({ ok: false, error: { message: 'Cronus has no freight codes (freight codes as read 2026-11-20); map gift wrap to an item or an account, or add freight codes in Cronus and refresh its data under Mappings. Nothing was saved.' } });
    // b1's data was never read: its codes are taken as given, without a name, and the ERP has the last word when the invoice is posted.
    const saved = await value<Array<{ target: string; targetName: string | null }>>('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'ANY' } });
    expect(saved).toEqual([expect.objectContaining({ target: 'ANY', targetName: null })]);
  });

  it('a code the ERP dropped leaves the cache at the next read, and a mapping to it is refused from then on', async () => {
    const { ws, call } = setup();
    const cache = new ReferenceCache(ws.db);
    await cache.refresh('b1', source([code('1', 'Freight'), code('2', 'Gift wrapping')]), { now: READ });
    await cache.refresh('b1', source([code('1', 'Freight')]), { now: () => new Date('2026-11-21T08:00:00Z') });
    expect(cache.snapshot('b1').freightCodes.map((f) => f.code)).toEqual(['1']);
    expect(await call('orders.setChargeMapping', { connectionId: 'b1', mapping: { charge: 'gift-wrap', marketplace: '', lineType: 'freight', target: '2' } }))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/^OEC Computers has no freight code 2 \(freight codes as read 2026-11-21\)/) } });
  });
});

async function setupWithReference() {
  const t = await reviewSetup();
  cleanups.push(t.ws.remove);
  return t;
}
