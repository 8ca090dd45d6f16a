import { afterEach, describe, expect, it } from 'vitest';
import { d365foEntry } from '../../../core/erp/d365fo/entry';
import type { OrderChargeMapping } from '../../../core/mapping/order-charge-mapping';
import { runPosting } from '../../../core/posting';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace } from '../order-invoice-fixtures';
import { FAST_BACKOFF, foEmulator, foSettings } from './fo-fixtures';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'CA' },
];

async function setup(charges: OrderChargeMapping[]) {
  const emu: FoEmulator = await foEmulator();
  stops.push(() => emu.stop());
  const ws = ordersWorkspace({ id: 'fo-charges', kind: 'd365fo', name: 'Contoso USMF' });
  stops.push(() => ws.close());
  ws.enqueue('US-AMZ', { chair: '6100-002-022', box: '6100' }, CHARGED_ORDERS, charges);
  const erp = d365foEntry.connector!.build({
    connectionId: 'fo-charges', name: 'Contoso USMF', settings: foSettings(emu), secrets: { clientSecret: emu.clientSecret },
    audit: ws.audit, clock: ws.clock, tuning: { backoff: FAST_BACKOFF },
  });
  stops.push(() => erp.close());
  return { emu, ws, erp };
}

describe('F&O free-text invoices carrying shipping, promotions and tax', () => {
  it('one header per order through a lost answer, a 429 and an expired token; shipping and the promotion on their main accounts, the tax code as each taxed line\'s sales tax group', async () => {
    const { emu, ws, erp } = await setup(CHARGES);
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/FreeTextInvoiceHeaders$/ });
    emu.faults.throttle(1, { path: /^GET \/data\/FreeTextInvoiceHeaders$/ });
    const run = await runPosting(ws.outbox, 'fo-charges', erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(2);
    for (const order of CHARGED_ORDERS) {
      const headers = emu.rows('FreeTextInvoiceHeaders').filter((h) => h.CustomerReference === order.orderId);
      expect(headers, order.orderId).toHaveLength(1);
      const lines = emu.rows('FreeTextInvoiceLines').filter((l) => l.ParentRecId === headers[0]!.RecId).sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
      expect(lines.map((l) => [l.MainAccountDisplayValue, l.Description, l.SalesTaxGroup ?? null])).toEqual([
        [order.orderId.endsWith('1') ? '6100-002-022' : '6100', expect.any(String), 'CA'], ['6100', 'Shipping', 'CA'], ['6100', 'Promotions', null],
      ]);
      expect(Math.round(lines.reduce((s, l) => s + Number(l.TransactionCurrencyAmount), 0) * 100)).toBe(CHARGED_TOTALS[order.orderId]!.net);
    }
  });

  it('a charge mapped to an item, which a free-text line cannot carry, stops that order in words and creates nothing', async () => {
    const { emu, ws, erp } = await setup([...CHARGES.slice(1), { charge: 'shipping', marketplace: '', lineType: 'item', target: 'SHIP' }]);
    const run = await runPosting(ws.outbox, 'fo-charges', erp);
    expect(run.failed).toHaveLength(2);
    expect(run.failed[0]!.message).toMatch(/Shipping is mapped to item SHIP, and an F&O free-text invoice line books only to a main account; map it to an account/);
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(0);
  });

  it('a sales tax group F&O does not have fails the line in F&O\'s words; the order stops there', async () => {
    const { emu, ws, erp } = await setup([...CHARGES.slice(0, 2), { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'GONE' }]);
    const run = await runPosting(ws.outbox, 'fo-charges', erp);
    expect(run.failed).toHaveLength(2);
    expect(run.failed[0]!.message).toMatch(/The value 'GONE' in field 'Sales tax group' is not found in the related table 'Sales tax groups'/);
    expect(emu.rows('FreeTextInvoiceLines').filter((l) => l.SalesTaxGroup === 'GONE')).toEqual([]);
  });
});
