import { afterEach, describe, expect, it } from 'vitest';
import { acumaticaEntry } from '../../../core/erp/acumatica/entry';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { runPosting } from '../../../core/posting';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace } from '../order-invoice-fixtures';
import { CLIENT_ID, emulator, SECRETS } from './acumatica-fixtures';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

/** Shipping and promotions to sales accounts (lines without an inventory item), Amazon's tax under CASALES. */
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '40000' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '40000' },
  { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'CASALES' },
];

/** The emulator and a workspace whose outbox holds the charged orders' invoices under these charge mappings. */
async function setup(charges: OrderChargeMapping[]) {
  const emu: AcumaticaEmulator = await emulator({});
  stops.push(emu.stop);
  const ws = ordersWorkspace({ id: 'acu-charges', kind: 'acumatica', name: 'Acumatica demo' });
  stops.push(() => ws.close());
  expect(ws.enqueue('AMZUS', { chair: 'CHAIR01', box: 'BOX01' }, CHARGED_ORDERS, charges).map((d) => d.outcome)).toEqual(['enqueued', 'enqueued']);
  const build = () => acumaticaEntry.connector!.build({
    connectionId: 'acu-charges', name: 'Acumatica demo', audit: ws.audit, clock: ws.clock, secrets: SECRETS as Record<string, string>,
    settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin' },
    tuning: { backoff: { baseMs: 1, capMs: 5, maxAttempts: 4 } },
  });
  return { emu, ws, build };
}

describe('Acumatica invoices carrying shipping, promotions and tax', () => {
  it('one released invoice per order through a lost answer, a 429 and an expired token: item and account lines, Amazon\'s tax in TaxDetails', async () => {
    const { emu, ws, build } = await setup(CHARGES);
    const erp = build();
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.throttle(1, { path: /^PUT \/SalesInvoice$/ });
    expect(await runPosting(ws.outbox, 'acu-charges', erp)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(emu.salesInvoices).toHaveLength(2);
    for (const order of CHARGED_ORDERS) {
      const mine = emu.salesInvoices.filter((i) => i.CustomerOrder === order.orderId);
      expect(mine, order.orderId).toHaveLength(1);
      const { net, tax } = CHARGED_TOTALS[order.orderId]!;
      expect(mine[0]).toMatchObject({ Status: 'Open', Amount: (net + tax) / 100, TaxTotal: tax / 100 });
      expect(mine[0]!.Details.map((d) => [d.InventoryID ?? null, d.Account ?? null, d.TransactionDescr])).toEqual([
        [order.orderId.endsWith('1') ? 'CHAIR01' : 'BOX01', null, expect.any(String)], [null, '40000', 'Shipping'], [null, '40000', 'Promotions'],
      ]);
      expect(mine[0]!.TaxDetails.map((t) => t.TaxID)).toEqual(['CASALES']);
    }
    expect((await runPosting(ws.outbox, 'acu-charges', build())).posted).toHaveLength(0);
    expect(emu.salesInvoices).toHaveLength(2);
    await erp.close();
  });

  it('a tax Acumatica does not have is refused by Acumatica in its words; no invoice is made', async () => {
    const { emu, ws, build } = await setup([...CHARGES.slice(0, 2), { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'GONE' }]);
    const erp = build();
    const run = await runPosting(ws.outbox, 'acu-charges', erp);
    expect(run.failed).toHaveLength(2);
    expect(run.failed[0]!.message).toMatch(/'Tax ID' GONE cannot be found in the system\./);
    expect(emu.salesInvoices).toHaveLength(0);
    await erp.close();
  });
});
