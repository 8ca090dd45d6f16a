import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { runPosting } from '../../../core/posting';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace } from '../order-invoice-fixtures';
import { b1EntryConnector } from './sap-b1-fixtures';

const C = 'b1-charges';
let emu: SapB1Emulator;
let ws: ReturnType<typeof ordersWorkspace>;
beforeEach(async () => {
  emu = await startSapB1Emulator();
  ws = ordersWorkspace({ id: C, kind: 'sap-b1', name: 'OEC Computers' });
});
afterEach(async () => {
  ws.close();
  await emu.stop();
});

const connector = () => b1EntryConnector(emu, ws, C);
const ofOrder = (orderId: string) => emu.invoices().filter((i) => i.NumAtCard === orderId);

/** Shipping and promotions as B1 freight codes (additional expenses), tax under the CA sales tax code. */
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
  { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
  { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
];

describe('SAP Business One invoices carrying shipping, promotions and tax', () => {
  it('one A/R invoice per order through a lost answer, a 429 and an expired session: item lines with Amazon\'s tax, shipping and the promotion as freight', async () => {
    expect(ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }, CHARGED_ORDERS, CHARGES).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued']);
    const erp = connector();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    emu.faults.throttle(1, { path: /^POST Invoices$/ });
    const run = await runPosting(ws.outbox, C, erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(2);

    for (const order of CHARGED_ORDERS) {
      const mine = ofOrder(order.orderId);
      expect(mine, order.orderId).toHaveLength(1);
      const { net, tax } = CHARGED_TOTALS[order.orderId]!;
      // The invoice comes to what the buyer paid: goods, shipping, less the promotion, plus Amazon's tax.
      expect(Math.round(mine[0]!.DocTotal * 100), order.orderId).toBe(net + tax);
      expect(mine[0]!.DocumentLines.map((l) => [l.TaxCode, l.TaxTotal])).toEqual([['CA', expect.any(Number)]]);
      expect(mine[0]!.DocumentAdditionalExpenses.map((e) => [e.ExpenseCode, e.Remarks, e.TaxCode ?? null])).toEqual([[1, 'Shipping', 'CA'], [3, 'Promotions', null]]);
    }
    expect(emu.invoices()).toHaveLength(2);
    expect((await runPosting(ws.outbox, C, connector())).posted).toHaveLength(0);
    expect(emu.invoices()).toHaveLength(2);
    await erp.close();
  });

  it('a charge mapped to a G/L account, which an item invoice cannot carry, stops that order in words and books nothing', async () => {
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }, CHARGED_ORDERS.slice(0, 1), [...CHARGES.slice(1), { charge: 'shipping', marketplace: '', lineType: 'account', target: '_SYS00000000101' }]);
    const run = await runPosting(ws.outbox, C, connector());
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]!.message).toMatch(/Shipping is mapped to account _SYS00000000101, and an item invoice in SAP Business One has no account line; map it to an item or a freight code/);
    expect(emu.invoices()).toHaveLength(0);
  });

  it('a freight code or tax code B1 does not have is refused by B1 in its words; nothing is created', async () => {
    const [first, second] = CHARGED_ORDERS;
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }, [first!], [{ charge: 'shipping', marketplace: '', lineType: 'freight', target: '9' }, ...CHARGES.slice(1)]);
    ws.enqueue('C-AMZ-US', { chair: 'A00001', box: 'A00002' }, [second!], [...CHARGES.slice(0, 2), { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'TX' }]);
    const run = await runPosting(ws.outbox, C, connector());
    expect(run.failed.map((f) => f.message)).toEqual([expect.stringMatching(/Invalid freight code '9'/), expect.stringMatching(/Invalid tax code 'TX'/)]);
    expect(emu.invoices()).toHaveLength(0);
  });
});
