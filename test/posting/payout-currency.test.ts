import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { OrderPostingModes } from '../../core/connections/order-posting-mode';
import { PostingOutbox } from '../../core/posting';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { defaultSeed } from '../../core/sandbox/business-central/emulator-seed';
import { MemoryCredentials } from '../review/review-fixtures';
import { v2File } from '../support/settlement-files';
import { tempWorkspace } from '../support/temp-workspace';
import { apiCalls } from '../support/api-calls';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const C = 'bc';
/** Two orders (10.00 and 20.00) and their commission, paid out in `currency`. */
const file = (id: string, currency: string) => v2File(id, '28.46', [
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '10.00' },
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '20.00' },
  { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-1.54' },
], { currency });

/**
 * A settlement in `settlementCurrency` for a Business Central company that keeps its books in USD (EUR at
 * 1.0837), the connection in "Orders as invoices" mode, each of its orders invoiced in `invoiceCurrency`.
 */
async function invoicedSettlement(settlementId: string, settlementCurrency: string, invoiceCurrency: string) {
  const bc = await startBusinessCentralEmulator({ seed: { ...defaultSeed(), companyName: 'CRONUS USA, Inc.', localCurrency: 'USD', exchangeRates: [] } });
  cleanups.push(() => bc.stop());
  bc.setExchangeRate({ currencyCode: 'EUR', startingDate: '2026-01-01', exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 108.37 });
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  ws.connections.upsert({ id: C, kind: 'business-central', name: 'BC US', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(C, 'clientSecret', bc.clientSecret);
  const { call, value } = apiCalls(createDispatcher(ws));
  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(file(settlementId, settlementCurrency)).toString('base64') });
  await value('mappings.refreshReference', { connectionId: C });
  for (const [transactionType, amountType, amountDescription, target] of [['*', 'ItemPrice', '*', '6100'], ['*', 'ItemFees', '*', '8410']]) {
    await value('mappings.save', { connectionId: C, entry: { kind: 'fee', transactionType, amountType, amountDescription, target } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']]) await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject, target } });
  new OrderPostingModes(ws.db, ws.audit).set(C, 'orders-as-invoices', 'tester', new Date(ws.clock.now()));
  await value('mappings.save', { connectionId: C, entry: { kind: 'marketplace', subject: 'amazon.com', target: 'AMZ-DE', transactionType: '', amountType: '', amountDescription: '', dimensions: {} } });
  const orders = ws.db.prepare(`SELECT order_id AS orderId, amount FROM settlement_line WHERE version_id = ? AND transaction_type = 'Order' AND amount_description = 'Principal' ORDER BY order_id`).all(versionId) as Array<{ orderId: string; amount: number }>;
  const outbox = new PostingOutbox(ws.db, ws.audit);
  orders.forEach(({ orderId, amount }, n) => {
    outbox.enqueueOrderInvoice(C, { marketplaceId: 'ATVPDKIKX0DER', orderId, invoice: { externalDocumentNumber: orderId, customerNumber: 'AMZ-DE', invoiceDate: '2026-06-20', currency: invoiceCurrency, lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: amount }] } });
    const ref = { connectionId: C, naturalKey: `ATVPDKIKX0DER:${orderId}:invoice` };
    outbox.begin(ref);
    outbox.posted(ref, `103${n}`, 'created');
  });
  return { bc, call, value, versionId, orders: orders.map((o) => o.orderId) };
}

describe('a payout in another currency than the invoices it would pay', () => {
  it('a settlement the ERP posts converted into its local currency is refused before anything is sent, naming the settlement, the currencies, the orders and what to do', async () => {
    const t = await invoicedSettlement('30500000002', 'EUR', 'EUR');
    const plan = await t.value<{ refusals: string[] }>('posting.plan', { versionId: t.versionId, connectionId: C });
    expect(plan.refusals).toContain(
      `Settlement 30500000002 pays out in EUR, which BC US posts converted into USD, its local currency; a payment in USD cannot settle its 2 invoices and credit notes in EUR (orders ${t.orders.join(', ')}), so nothing of this settlement was sent. `
      + 'Post this marketplace\'s orders and settlements to a company that keeps its books in EUR, or switch BC US to "Settlement only" and credit the invoices already made for these orders there, so their revenue is not booked twice.',
    );
    expect(await t.call('posting.post', { versionId: t.versionId, connectionId: C })).toMatchObject({ ok: false });
    expect(t.bc.rows('generalLedgerEntries')).toHaveLength(0);
    expect(t.bc.rows('customerPayments')).toHaveLength(0);
  });

  it('invoices made out in another currency than the settlement\'s are refused the same way, saying how to correct them', async () => {
    const t = await invoicedSettlement('30500000003', 'USD', 'CAD');
    const plan = await t.value<{ refusals: string[] }>('posting.plan', { versionId: t.versionId, connectionId: C });
    expect(plan.refusals).toContain(
      `Settlement 30500000003 pays out in USD, but 2 invoices and credit notes in CAD (orders ${t.orders.join(', ')}) were made out in another currency; a payment in USD cannot settle them, so nothing of this settlement was sent. `
      + 'Check that these orders belong to this settlement\'s marketplace and currency; an order invoiced in the wrong currency is credited in BC US and invoiced again in USD under Orders, then this settlement can be posted.',
    );
    expect(await t.call('posting.post', { versionId: t.versionId, connectionId: C })).toMatchObject({ ok: false });
    expect(t.bc.rows('generalLedgerEntries')).toHaveLength(0);
    expect(t.bc.rows('customerPayments')).toHaveLength(0);
  });
});
