import { afterEach, expect, it } from 'vitest';
import type { OrderView } from '../../core/api/calls/orders';
import type { RunView } from '../../core/api/calls/jobs';
import type { CallOutput } from '../../core/api/contract';
import { DEMO_AMAZON_CONNECTION_ID, DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { creditNoteErpKey } from '../../core/posting/posters';
import { DEMO_ORDER_MAPPINGS } from '../support/demo-order-mappings';
import { ok, startedDemo } from '../support/demo-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the demo Business Central company on "Orders as invoices" gets the Amazon.de settlement\'s two orders as invoices; the Amazon.com order waits for its marketplace mapping', async () => {
  const { api, ws } = await startedDemo(cleanups);
  let n = 0;
  const call = async <T,>(name: string, input: unknown) => ok<T>(await api.invoke(name, input, `c${n++}`));
  await call('settlements.importNew', {});
  for (const entry of DEMO_ORDER_MAPPINGS) await call('mappings.save', { connectionId: DEMO_BC_CONNECTION_ID, entry });
  await call('orderPosting.set', { connectionId: DEMO_BC_CONNECTION_ID, mode: 'orders-as-invoices' });

  // Before invoicing, a settlement whose orders are not all invoiced cannot be approved, and says which.
  const ordersItem = async (settlementId: string) => {
    const queue = await call<CallOutput<'review.list'>>('review.list', { connectionId: DEMO_BC_CONNECTION_ID, settlementId });
    return { queue, item: queue.items.find((i) => i.kind === 'orders-not-invoiced' && i.state === 'open') ?? null };
  };
  const before = await ordersItem('24137000002');
  expect(before.item).toMatchObject({
    severity: 'blocking',
    title: '2 orders of this settlement are not invoiced in Business Central (demo), which books orders as invoices: 302-0000003-0000003, 302-0000007-0000007. Invoice them under Orders (a refused order names what to map) before approving',
    facts: { orders: [{ orderId: '302-0000003-0000003', state: 'not-read' }, { orderId: '302-0000007-0000007', state: 'not-read' }] },
  });

  const run = await call<RunView>('orders.invoiceNow', { amazonConnectionId: DEMO_AMAZON_CONNECTION_ID });
  expect(run).toMatchObject({ status: 'succeeded', counts: { ordersRead: 3, invoicesQueued: 2, refused: 1, invoicesPosted: 2, invoicesFailed: 0, creditNotesQueued: 1, creditNotesPosted: 1, creditNotesRefused: 0 } });

  const orders = await call<OrderView[]>('orders.find', { query: '' });
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  for (const id of ['302-0000003-0000003', '302-0000007-0000007']) {
    expect(byId.get(id), id).toMatchObject({ status: 'invoiced', settlements: [{ settlementId: '24137000002' }] });
    expect(byId.get(id)!.documents[0], id).toMatchObject({ kind: 'salesInvoice', state: 'posted', erpDocumentNumber: expect.stringMatching(/^PS-INV/) });
  }
  // The Amazon.de refund of 302-0000007-0000007: one credit memo in BC, linked to that order's posted invoice.
  const refunded = byId.get('302-0000007-0000007')!;
  expect(refunded.documents[1]).toMatchObject({ kind: 'salesCreditNote', state: 'posted', erpDocumentNumber: expect.stringMatching(/^PS-CR/), total: 4995, currency: 'EUR' });
  const erp = await ws.erp.connector(DEMO_BC_CONNECTION_ID);
  const memoKey = creditNoteErpKey('302-0000007-0000007', 'S24137000002-' + refunded.documents[1]!.naturalKey.split(':S24137000002-')[1]!.split(':')[0]);
  expect(await erp.findByNaturalKey('salesCreditNote', memoKey)).toMatchObject({ documentNumber: refunded.documents[1]!.erpDocumentNumber, state: 'posted' });
  expect(byId.get('302-0000003-0000003')!.documents[0]).toMatchObject({ total: 109500, currency: 'EUR' });
  expect(byId.get('111-0000001-0000001')).toMatchObject({ status: 'refused', decisions: [{ unmapped: { skus: ['MUG-BLUE'], marketplaces: ['Amazon.com'] } }] });

  // Invoiced: the EUR settlement's item closes. The USD settlement's refused order stays a blocking item
  // with its reasons, never a guessed customer or item.
  expect((await ordersItem('24137000002')).item).toBeNull();
  expect((await ordersItem('24137000001')).item).toMatchObject({
    facts: { orders: [{ orderId: '111-0000001-0000001', state: 'refused', reasons: ['Marketplace Amazon.com is not mapped to a customer; map it under Mappings.', 'SKU MUG-BLUE is not mapped to an item; map it under Mappings.'] }] },
  });
});
