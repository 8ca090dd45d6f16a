import { afterEach, expect, it } from 'vitest';
import type { OrderView } from '../../core/api/calls/orders';
import type { RunView } from '../../core/api/calls/jobs';
import { DEMO_AMAZON_CONNECTION_ID, DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { DEMO_ORDER_MAPPINGS } from '../support/demo-order-mappings';
import { ok, startedDemo } from '../support/demo-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('the demo Business Central company on "Orders as invoices" gets the Amazon.de settlement\'s two orders as invoices; the Amazon.com order waits for its marketplace mapping', async () => {
  const { api } = await startedDemo(cleanups);
  let n = 0;
  const call = async <T,>(name: string, input: unknown) => ok<T>(await api.invoke(name, input, `c${n++}`));
  await call('settlements.importNew', {});
  for (const entry of DEMO_ORDER_MAPPINGS) await call('mappings.save', { connectionId: DEMO_BC_CONNECTION_ID, entry });
  await call('orderPosting.set', { connectionId: DEMO_BC_CONNECTION_ID, mode: 'orders-as-invoices' });

  const run = await call<RunView>('orders.invoiceNow', { amazonConnectionId: DEMO_AMAZON_CONNECTION_ID });
  expect(run).toMatchObject({ status: 'succeeded', counts: { ordersRead: 3, invoicesQueued: 2, refused: 1, invoicesPosted: 2, invoicesFailed: 0 } });

  const orders = await call<OrderView[]>('orders.find', { query: '' });
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  for (const id of ['302-0000003-0000003', '302-0000007-0000007']) {
    expect(byId.get(id), id).toMatchObject({ status: 'invoiced', documents: [{ state: 'posted', erpDocumentNumber: expect.stringMatching(/^PS-INV/) }], settlements: [{ settlementId: '24137000002' }] });
  }
  expect(byId.get('302-0000003-0000003')!.documents[0]).toMatchObject({ total: 109500, currency: 'EUR' });
  expect(byId.get('111-0000001-0000001')).toMatchObject({ status: 'refused', decisions: [{ unmapped: { skus: ['MUG-BLUE'], marketplaces: ['Amazon.com'] } }] });
});
