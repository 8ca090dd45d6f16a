import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../core/clock/clock';
import { getVendorInvoiceHeaders } from '../../core/amazon/finances';
import { getPurchaseOrders, submitInvoices, waitForTransaction, type VendorInvoice } from '../../core/amazon/vendor';
import { dec } from '../../core/sandbox/amazon/decimal-json';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { requestBodyErrors, requestErrors, responseErrors } from './contract';
import { AMAZON_TEST_NOW as NOW, harness, pinnedClock as pinned, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW - ms);

function vendorSeller() {
  const s = demoSeller(NOW);
  s.purchaseOrders = Array.from({ length: 30 }, (_, i) => {
    const at = ago((20 - i * 0.6) * DAY).toISOString();
    return {
      purchaseOrderNumber: `PO${String(i).padStart(6, '0')}`,
      purchaseOrderState: 'New',
      orderDetails: {
        purchaseOrderDate: at, purchaseOrderChangedDate: at, purchaseOrderStateChangedDate: at,
        items: [{ itemSequenceNumber: '1', orderedQuantity: { amount: 2, unitOfMeasure: 'Eaches' }, isBackOrderAllowed: false, netCost: { amount: '12.50', currencyCode: 'USD' } }],
      },
    };
  });
  return s;
}

const invoice = (id: string): VendorInvoice => ({
  invoiceType: 'Invoice', id, date: new Date(NOW).toISOString(),
  remitToParty: { partyId: 'ABCDE' }, invoiceTotal: { currencyCode: 'USD', amount: '112.05' },
  items: [{ itemSequenceNumber: 1, invoicedQuantity: { amount: 2, unitOfMeasure: 'Eaches' }, netCost: { currencyCode: 'USD', amount: '56.025' }, purchaseOrderNumber: '4TX81A2B' }], // a PO of the demo vendor group
});

describe('Vendor purchase orders', () => {
  it('reads 20 days of purchase orders in windows of at most 7 days', async () => {
    h = await harness({ sellers: [vendorSeller()], clock: pinned() });
    const orders = await getPurchaseOrders(h.client, { from: ago(21 * DAY), to: ago(60_000) });
    expect(orders).toHaveLength(30);
    expect(h.sent).toHaveLength(3);
    for (const s of h.sent) {
      expect(requestErrors('vendorOrders.json', 'getPurchaseOrders', s.method, s.url)).toEqual([]);
      const q = new URL(s.url).searchParams;
      expect(Date.parse(q.get('changedBefore')!) - Date.parse(q.get('changedAfter')!)).toBeLessThanOrEqual(7 * DAY);
    }
    const token = await h.client.tokens.getAccessToken();
    const raw = await fetch(`${h.emulator.url}/vendor/orders/v1/purchaseOrders?changedAfter=${ago(7 * DAY).toISOString()}&limit=2`, { headers: { 'x-amz-access-token': token } });
    expect(responseErrors('vendorOrders.json', 'getPurchaseOrders', 200, await raw.json())).toEqual([]);
  });

  it('refuses a window wider than 7 days (emulator) and a start older than 6 months (client)', async () => {
    h = await harness({ sellers: [vendorSeller()], clock: pinned() });
    const token = await h.client.tokens.getAccessToken();
    const wide = await fetch(`${h.emulator.url}/vendor/orders/v1/purchaseOrders?changedAfter=${ago(9 * DAY).toISOString()}`, { headers: { 'x-amz-access-token': token } });
    expect(wide.status).toBe(400);
    await expect(getPurchaseOrders(h.client, { from: ago(200 * DAY), to: ago(0) })).rejects.toThrow(/6 months/);
  });
});

describe('Vendor invoices', () => {
  it('submits invoices and polls the transaction to Success, then reports a duplicate as Failure', async () => {
    // The emulator keeps a transaction Processing for 10 emulated seconds: 200 ms at this scale, long
    // enough that the first poll sees it still processing even on a busy machine.
    h = await harness({ clock: scaledClock(50, NOW) });
    const tx = await submitInvoices(h.client, [invoice('INV-1001')]);
    const done = await waitForTransaction(h.client, tx, { pollMs: 2_000 });
    expect(done.status).toBe('Success');
    expect(h.emulator.stats.byOperation.getTransaction!.requests).toBeGreaterThan(1);
    const body = JSON.parse(h.sent.find((s) => s.url.endsWith('/vendor/payments/v1/invoices'))!.body!) as unknown;
    expect(requestBodyErrors('vendorInvoices.json', 'submitInvoices', body)).toEqual([]);

    const again = await waitForTransaction(h.client, await submitInvoices(h.client, [invoice('INV-1001')]), { pollMs: 2_000 });
    expect(again.status).toBe('Failure');
    expect(again.errors?.[0]?.message).toMatch(/INV-1001 was already submitted/);
    expect(responseErrors('vendorTransactionStatus.json', 'getTransaction', 200, { payload: { transactionStatus: again } })).toEqual([]);
  });

  it('does not resend invoices after a dropped connection, so they cannot be submitted twice', async () => {
    h = await harness({ clock: pinned() });
    h.emulator.faults.dropNext(1, { operation: 'submitInvoices' });
    await expect(submitInvoices(h.client, [invoice('INV-2001')])).rejects.toMatchObject({ kind: 'unavailable' });
    expect(h.emulator.stats.byOperation.submitInvoices!.requests).toBe(1);
  });
});

describe('Vendor invoice payment status (Finances Invoices 2026-06-25)', () => {
  it('lists invoice headers with status and remittance ids, amounts as exact decimal strings, across pages', async () => {
    const s = demoSeller(NOW);
    s.vendorInvoiceHeaders = Array.from({ length: 130 }, (_, i) => ({
      invoiceNumber: `INV-${i}`, invoiceIdentifier: `INV-${i}~ABCDE`, invoiceStatus: i % 2 ? 'PAID' : 'IN_PROGRESS', invoiceType: 'AP_INVENTORY',
      payer: { partnerId: 'AMAZON_US', partnerType: 'AMAZON' }, payee: { partnerId: 'ABCDE', partnerType: 'VENDOR' },
      issueDate: ago(10 * DAY).toISOString(), creationDate: ago(10 * DAY).toISOString(), lastUpdatedDate: ago(DAY).toISOString(),
      invoiceAmount: { currencyCode: 'USD', currencyAmount: dec('2500.10') },
      relatedIdentifiers: [{ relatedIdentifierName: 'UNIQUE_PAYMENT_IDS', relatedIdentifierValue: [`RMT-${i}`] }],
    }));
    h = await harness({ sellers: [s], clock: pinned() });
    const headers = await getVendorInvoiceHeaders(h.client, { marketplaceId: 'ATVPDKIKX0DER' });
    expect(headers).toHaveLength(130);
    expect(headers[1]).toMatchObject({ invoiceStatus: 'PAID', invoiceAmount: { currencyCode: 'USD', currencyAmount: '2500.10' } });
    expect(h.sent).toHaveLength(2);
    for (const x of h.sent) expect(requestErrors('financesInvoices_2026-06-25.json', 'getInvoiceHeaders', x.method, x.url)).toEqual([]);
    const token = await h.client.tokens.getAccessToken();
    const raw = await fetch(`${h.emulator.url}/finances/invoices/2026-06-25/invoices?marketplaceId=ATVPDKIKX0DER`, { headers: { 'x-amz-access-token': token } });
    expect(responseErrors('financesInvoices_2026-06-25.json', 'getInvoiceHeaders', 200, await raw.json())).toEqual([]);
    await expect(getVendorInvoiceHeaders(h.client, { marketplaceId: 'ATVPDKIKX0DER', fromIssueDate: ago(100 * DAY), toIssueDate: ago(0) })).rejects.toThrow(/90 days/);
  });
});
