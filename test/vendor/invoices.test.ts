import { afterEach, describe, expect, it } from 'vitest';
import { vendorPurchaseOrder } from '../../core/sandbox/amazon/vendor-seed';
import { pollInvoiceTransactions, queuePostedInvoices, submitQueuedInvoices } from '../../core/vendor/invoice-submission';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { requestBodyErrors } from '../amazon/contract';
import { AMAZON, ERP, intakeOptions, VENDOR_START, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

async function ordersInErp() {
  await readPurchaseOrders(intakeOptions(f));
  await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
}
const soNumber = (po: string) => String(f.bc.rows('salesOrders').find((o) => o.externalDocumentNumber === po)!.number);
const flow = () => ({ outbox: f.outbox, reviews: f.reviews, erp: f.erp, client: f.h.client, erpConnectionId: ERP, amazonConnectionId: AMAZON });

describe('Vendor Central invoices out', () => {
  it('submits the posted BC invoice of a PO once and polls it to accepted', async () => {
    f = await vendorFixture();
    await ordersInErp();
    expect((await queuePostedInvoices(flow())).queued).toEqual([]);
    f.bc.salesOrders.shipAndInvoice(soNumber('4TX81A2B'));
    const queued = await queuePostedInvoices(flow());
    expect(queued.queued).toEqual([expect.stringMatching(/^PS-INV/)]);
    expect((await queuePostedInvoices(flow())).queued).toEqual([]);
    expect((await submitQueuedInvoices(flow())).submitted).toHaveLength(1);
    expect((await submitQueuedInvoices(flow())).submitted).toHaveLength(0);
    const submissions = f.h.sent.filter((s) => s.url.endsWith('/vendor/payments/v1/invoices'));
    expect(submissions).toHaveLength(1);
    const body = JSON.parse(submissions[0]!.body!) as { invoices: Array<Record<string, unknown>> };
    expect(requestBodyErrors('vendorInvoices.json', 'submitInvoices', body)).toEqual([]);
    expect(body.invoices[0]).toMatchObject({
      invoiceType: 'Invoice', remitToParty: { partyId: 'MLCD1' }, invoiceTotal: { currencyCode: 'EUR', amount: '2682.80' },
      items: [
        { itemSequenceNumber: 1, vendorProductIdentifier: '1900-S', amazonProductIdentifier: 'B0DEMO1900', invoicedQuantity: { amount: 12, unitOfMeasure: 'Eaches' }, netCost: { amount: '150.40' }, purchaseOrderNumber: '4TX81A2B' },
        { itemSequenceNumber: 2, vendorProductIdentifier: '1906-S', invoicedQuantity: { amount: 4 } },
      ],
    });
    expect((await pollInvoiceTransactions(flow())).processing).toBe(1);
    f.h.emulator.advanceTime(11_000);
    expect((await pollInvoiceTransactions(flow())).accepted).toEqual([expect.stringMatching(/^MLCD1:PS-INV/)]);
    expect(f.outbox.list({ kind: 'invoice' })[0]).toMatchObject({ state: 'accepted' });
  });

  it('does not submit an invoice a second time after the connection dropped while it was sent', async () => {
    f = await vendorFixture();
    await ordersInErp();
    f.bc.salesOrders.shipAndInvoice(soNumber('4TX81A2C'));
    await queuePostedInvoices(flow());
    f.h.emulator.faults.dropNext(1, { operation: 'submitInvoices' });
    const first = await submitQueuedInvoices(flow());
    expect(first.failed).toHaveLength(1);
    await submitQueuedInvoices(flow());
    expect(f.h.emulator.stats.byOperation.submitInvoices!.requests).toBe(1);
    const entry = f.outbox.list({ kind: 'invoice' })[0]!;
    expect(entry.state).toBe('failed');
    expect((entry.detail as { message: string }).message).toMatch(/may have reached Amazon.*not sent again; check it in Vendor Central/);
  });

  it('shows Amazon\'s reasons when it rejects an invoice', async () => {
    f = await vendorFixture();
    await ordersInErp();
    // Amazon withdrew the PO from its side (the emulator no longer knows it): its invoice is refused.
    const seller = f.h.emulator.sellers[0]!;
    seller.purchaseOrders = seller.purchaseOrders!.filter((p) => p.purchaseOrderNumber !== '4TX81A2D').concat([vendorPurchaseOrder('ZZZ99999', 'MLCD1', VENDOR_START, [{ vendorSku: '1900-S', asin: 'B0X', quantity: 1, netCost: '1.00' }])]);
    f.bc.salesOrders.shipAndInvoice(soNumber('4TX81A2D'));
    await queuePostedInvoices(flow());
    await submitQueuedInvoices(flow());
    f.h.emulator.advanceTime(11_000);
    const polled = await pollInvoiceTransactions(flow());
    expect(polled.rejected).toHaveLength(1);
    const review = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'invoice-rejected')!;
    expect(review.title).toMatch(/Amazon rejected invoice PS-INV\d+ for PO 4TX81A2D: InvalidPurchaseOrder: .*purchase order 4TX81A2D was not issued to this vendor/);
    expect(review.facts).toMatchObject({ erp: { externalDocumentNumber: '4TX81A2D' } });
  });
});
