import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { RunView } from '../../core/api/calls/jobs';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { Workspace } from '../../core/workspace/workspace';
import { apiCalls } from '../support/api-calls';
import { AMAZON_CONNECTION_ID } from './discovery-fixture';
import { ordersWorld } from './orders-world';

/**
 * A tax code mapped while Business Central had it, then deleted there. Once the ERP's data is read again the
 * invoicing run refuses the order itself and holds it under Needs attention, naming the code; before that
 * read, BC refuses the invoice in its own words: the document is held under Needs attention with BC's words and
 * the fix, and a retry after the fix rebuilds and posts it once.
 */
const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const T0 = Date.parse('2026-06-20T12:00:00Z');
const BC = 'bc-tax';
const ORDER = '302-2000011-0000011';
/** BC's own words of the refusal, as the Needs attention item gives them (BC adds its correlation id). */
const BC_REFUSED = /^BC Cronus refused it: Application_DialogException: The "taxCode" does not match to a Tax Group\./;

/** An Amazon.de order of one chair with VAT on it, as Orders v2026-01-01 gives it with FULFILLMENT and PROCEEDS. */
function taxedOrder() {
  const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
  return {
    orderId: ORDER,
    createdTime: new Date(T0 - 2 * DAY).toISOString(),
    lastUpdatedTime: new Date(T0 - DAY).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId: DE, marketplaceName: 'Amazon.de' },
    fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
    orderItems: [{
      orderItemId: '20000110001', quantityOrdered: 1,
      product: { sellerSku: 'STUHL-SCHWARZ', title: 'Stuhl schwarz', price: { unitPrice: eur('100.00') } },
      proceeds: { breakdowns: [{ type: 'ITEM', subtotal: eur('100.00') }, { type: 'TAX', subtotal: eur('7.00'), detailedBreakdowns: [{ subtype: 'ITEM', value: eur('7.00') }] }] },
    }],
  };
}

function seller(now: number): SeedSeller {
  const s = demoSeller(now);
  s.reports = [];
  s.orders = [taxedOrder()] as unknown as SeedSeller['orders'];
  return s;
}

let ws: Workspace;
let bc: BusinessCentralEmulator;
const world = ordersWorld(T0, BC, seller);
beforeEach(() => ({ ws, bc } = world));

/** Mapped while BC has tax group REDUCED; then a person deletes it in BC. */
async function mappedThenDropped(api: ReturnType<typeof apiCalls>) {
  await api.value('mappings.refreshReference', { connectionId: BC });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'marketplace', subject: 'Amazon.de', target: 'AMZ-DE' } });
  await api.value('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'STUHL-SCHWARZ', target: '1900-S' } });
  const saved = await api.value<Array<{ target: string; targetName: string | null }>>('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'REDUCED' } });
  expect(saved).toEqual([expect.objectContaining({ target: 'REDUCED', targetName: 'Reduced VAT (7%)' })]);
  await api.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
  const group = bc.rows('taxGroups').find((g) => g.code === 'REDUCED')!;
  const erp = await ws.erp.connector(BC) as unknown as BusinessCentralConnector;
  await erp.http.send({ operation: 'DELETE taxGroups', method: 'DELETE', url: `${bc.apiBaseUrl}/companies(${bc.companyId})/taxGroups(${String(group.id)})`, headers: { 'if-match': '*' } });
  expect(bc.rows('taxGroups').map((g) => g.code)).not.toContain('REDUCED');
}

describe('an order whose tax code the ERP has since dropped', () => {
  it('once the ERP\'s data is read again, the run refuses the order itself, holds it under Needs attention naming the code, and sends BC nothing', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mappedThenDropped(api);
    const read = await api.value<{ read: Record<string, number> }>('mappings.refreshReference', { connectionId: BC });
    expect(read.read.taxCodes).toBe(2);

    const run = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(run.counts).toMatchObject({ ordersRead: 1, invoicesQueued: 0, refused: 1 });
    expect(bc.rows('salesInvoices')).toHaveLength(0);
    const held = await api.value<Array<{ summary: string; error: string; fix: string; fixAction: { kind: string } | null }>>('attention.list', { flow: 'order-invoices' });
    expect(held).toEqual([expect.objectContaining({
      summary: `Amazon order ${ORDER} as a sales invoice in BC Cronus`,
      error: expect.stringMatching(/^Order 302-2000011-0000011 carries tax: BC Cronus has no tax code REDUCED \(tax codes as read 2026-06-20\); choose one of its tax codes for tax, or refresh its data under Mappings\.$/),
      fix: 'Map tax under Order charges; it is retried once mapped.',
      fixAction: expect.objectContaining({ kind: 'map-order-charges' }),
    })]);

    // Mapping tax to a code BC has retries the order: it leaves Needs attention and the next run invoices it once.
    await api.value('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' } });
    expect(await api.value('attention.list', { flow: 'order-invoices' })).toEqual([]);
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(bc.rows('salesInvoices').filter((i) => i.externalDocumentNumber === ORDER)).toHaveLength(1);
    expect(bc.rows('salesInvoiceLines').map((l) => l.taxCode)).toEqual(['STANDARD']);
  });

  it('before the ERP\'s data is read again, BC refuses the invoice in its own words: it is held under Needs attention, and once tax is mapped one retry posts it exactly once', async () => {
    const api = apiCalls(createDispatcher(ws));
    await mappedThenDropped(api);

    const run = await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(run.counts).toMatchObject({ ordersRead: 1, invoicesQueued: 1, invoicesPosted: 0, invoicesFailed: 1 });
    expect(run.error).toContain(`BC Cronus refused 1 document: ${DE}:${ORDER}:invoice:`);
    expect(run.error).toContain('Application_DialogException: The "taxCode" does not match to a Tax Group.');
    expect(run.error).toContain('See Needs attention');
    const posted = () => bc.rows('salesInvoices').filter((i) => i.externalDocumentNumber === ORDER && i.status !== 'Draft');
    expect(posted()).toHaveLength(0);

    type Held = { id: number; summary: string; error: string; fix: string; facts: Record<string, unknown> };
    const held = await api.value<Held[]>('attention.list', { flow: 'order-documents' });
    expect(held).toEqual([expect.objectContaining({
      summary: `Amazon order ${ORDER} as a sales invoice in BC Cronus`,
      error: expect.stringMatching(BC_REFUSED),
      fix: expect.stringMatching(/^The document asked BC Cronus for customer AMZ-DE, item 1900-S, tax code REDUCED\. Map the SKU, marketplace \(customer\) or tax code to one BC Cronus has .* then retry: the invoice is rebuilt from the order with the current mappings and sent once\.$/),
      facts: expect.objectContaining({ orderIds: [ORDER], naturalKey: `${DE}:${ORDER}:invoice` }),
    })]);
    // The refusal of the order's decision (what the run checks before sending) is not what held it.
    expect(await api.value('attention.list', { flow: 'order-invoices' })).toEqual([]);

    // Retried before the fix: BC refuses it again, in its words, and it stays held; still nothing posted.
    const early = await api.value<{ outcome: string; error?: string }>('attention.retry', { id: held[0]!.id });
    expect(early).toEqual({ id: held[0]!.id, outcome: 'failed', error: expect.stringMatching(BC_REFUSED) });
    expect(posted()).toHaveLength(0);

    // Tax mapped to a code BC has; the retry rebuilds the invoice from the order with it and posts it once.
    await api.value('orders.setChargeMapping', { connectionId: BC, mapping: { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' } });
    const reports = await api.value<Array<{ outcome: string }>>('attention.retryAll', { flow: 'order-documents' });
    expect(reports).toEqual([expect.objectContaining({ outcome: 'resolved' })]);
    expect(posted()).toHaveLength(1);
    expect(bc.rows('salesInvoiceLines').filter((l) => l.documentId === posted()[0]!.id).map((l) => l.taxCode)).toEqual(['STANDARD']);
    expect(await api.value('attention.list', { flow: 'order-documents' })).toEqual([]);
    const outbox = await api.value<{ documents: Array<{ kind: string; state: string; erpDocumentNumber: string | null }> }>('posting.list', { settlementId: ORDER });
    expect(outbox.documents).toEqual([expect.objectContaining({ kind: 'salesInvoice', state: 'posted', erpDocumentNumber: String(posted()[0]!.number) })]);

    // A second retry, and the next run, send nothing again.
    expect(await api.value('attention.retry', { id: held[0]!.id })).toEqual({ id: held[0]!.id, outcome: 'gone' });
    expect(await api.value('attention.retryAll', { flow: 'order-documents' })).toEqual([]);
    await api.value<RunView>('orders.invoiceNow', { amazonConnectionId: AMAZON_CONNECTION_ID });
    expect(bc.rows('salesInvoices').filter((i) => i.externalDocumentNumber === ORDER)).toHaveLength(1);
  });
});
