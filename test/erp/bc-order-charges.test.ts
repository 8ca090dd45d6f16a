import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { runPosting } from '../../core/posting';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { connectorFor } from '../posting/posting-fixture';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace } from './order-invoice-fixtures';

const C = 'bc-charges';
let bc: BusinessCentralEmulator;
let ws: ReturnType<typeof ordersWorkspace>;
beforeEach(async () => {
  bc = await startBusinessCentralEmulator({ latencyMs: 1 });
  ws = ordersWorkspace({ id: C, kind: 'business-central', name: 'CRONUS' });
});
afterEach(async () => {
  ws.close();
  await bc.stop();
});

/** Shipping and promotions to G/L accounts, tax under the STANDARD tax group (19% in the emulator's posting setup). */
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'promotion', marketplace: 'Amazon.com', lineType: 'account', target: '6100' },
  { charge: 'tax', marketplace: 'amazon.com', lineType: 'tax-code', target: 'STANDARD' },
];

describe('Business Central invoices carrying shipping, promotions and tax', () => {
  it('one invoice per order through an expired token, a drop after create and a 429: goods as an item line, shipping and the promotion as G/L account lines, the tax code on each taxed line', async () => {
    const decided = ws.enqueue('AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGED_ORDERS, CHARGES);
    expect(decided.map((d) => d.outcome)).toEqual(['enqueued', 'enqueued']);
    const connector = connectorFor(bc);
    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesInvoices$/ });
    bc.faults.throttle(2, { path: /salesInvoices/ });
    const run = await runPosting(ws.outbox, C, connector);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(2);

    const invoices = bc.rows('salesInvoices');
    expect(invoices).toHaveLength(2);
    for (const order of CHARGED_ORDERS) {
      const mine = invoices.filter((i) => i.externalDocumentNumber === order.orderId);
      expect(mine, order.orderId).toHaveLength(1);
      expect(mine[0], order.orderId).toMatchObject({ status: 'Open', customerNumber: 'AMZ-DE', totalAmountExcludingTax: CHARGED_TOTALS[order.orderId]!.net / 100 });
      const lines = bc.rows('salesInvoiceLines').filter((l) => l.documentId === mine[0]!.id).sort((a, b) => Number(a.sequence) - Number(b.sequence));
      expect(lines.map((l) => [l.lineType, l.lineObjectNumber, l.description, l.taxCode ?? null])).toEqual([
        ['Item', order.orderId.endsWith('1') ? '1900-S' : '1906-S', expect.any(String), 'STANDARD'],
        ['Account', '6100', 'Shipping', 'STANDARD'],
        ['Account', '6100', 'Promotions', null],
      ]);
      expect(Number(lines[2]!.unitPrice)).toBeLessThan(0);
    }

    // Read again: nothing queued, nothing created.
    expect(ws.enqueue('AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGED_ORDERS, CHARGES).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesInvoices')).toHaveLength(2);
  });

  it('a charge mapped to a freight code, which BC has no line for, stops that invoice in words and creates nothing', async () => {
    ws.enqueue('AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGED_ORDERS.slice(0, 1), [...CHARGES.filter((c) => c.charge !== 'shipping'), { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' }]);
    const run = await runPosting(ws.outbox, C, connectorFor(bc));
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]).toMatchObject({ retryable: false });
    expect(run.failed[0]!.message).toMatch(/Shipping is mapped to freight code 1, which Business Central has no line for; map it to an item or a G\/L account/);
    expect(bc.rows('salesInvoices')).toHaveLength(0);
  });
});
