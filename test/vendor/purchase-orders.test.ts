import { afterEach, describe, expect, it } from 'vitest';
import { vendorPurchaseOrder } from '../../core/sandbox/amazon/vendor-seed';
import { ALL_VENDOR_CODES, readPurchaseOrders, retryUnmappedPurchaseOrders, vendorReadCursor } from '../../core/vendor/purchase-order-intake';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { AMAZON, DAY, ERP, intakeOptions, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

describe('Vendor Central purchase orders become Business Central sales orders', () => {
  it('reads 30 days in 7-day windows per vendor code and makes one sales order per PO; an unmapped vendor code is a review item', async () => {
    f = await vendorFixture();
    const read = await readPurchaseOrders(intakeOptions(f));
    expect(read.windows).toBe(10); // 30 days = 5 windows, for each of 2 vendor codes
    for (const s of f.h.sent.filter((x) => x.url.includes('/vendor/orders/'))) {
      const q = new URL(s.url).searchParams;
      expect(Date.parse(q.get('changedBefore')!) - Date.parse(q.get('changedAfter')!)).toBeLessThanOrEqual(7 * DAY);
      expect(q.get('orderingVendorCode')).toMatch(/^(MLCD1|UNMAP1)$/);
    }
    expect(read.decisions.filter((d) => d.outcome === 'new').map((d) => d.poNumber)).toEqual(['4TX81A2B', '4TX81A2C', '4TX81A2D']);
    const review = f.reviews.list({ erpConnectionId: ERP });
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ kind: 'unmapped', poNumber: '5ZQ00001', vendorCode: 'UNMAP1' });
    expect(review[0]!.title).toMatch(/Vendor code UNMAP1 is not mapped to a customer/);
    expect((review[0]!.facts.reasons as string[]).join(' ')).toMatch(/neither vendor SKU X-1 nor ASIN B0NOTMAPPED is mapped/);

    const run = await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(run.sent.map((s) => s.outcome)).toEqual(['created', 'created', 'created']);
    const orders = f.bc.rows('salesOrders');
    expect(orders.map((o) => o.externalDocumentNumber).sort()).toEqual(['4TX81A2B', '4TX81A2C', '4TX81A2D']);
    expect(orders.every((o) => o.customerNumber === 'AMZ-DE')).toBe(true);
    expect(orders.find((o) => o.externalDocumentNumber === '4TX81A2B')).toMatchObject({ totalAmountExcludingTax: 2682.8 });

    // The next run starts at the cursor: nothing new, nothing sent twice.
    expect(vendorReadCursor(f.h.db, AMAZON, 'MLCD1')).not.toBeNull();
    const again = await readPurchaseOrders(intakeOptions(f));
    expect(again.decisions).toEqual([]);
    expect((await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp)).sent).toEqual([]);
    expect(f.bc.rows('salesOrders')).toHaveLength(3);
  });

  it('creates each sales order once through a dropped connection after BC created it, throttling and an expired token', async () => {
    f = await vendorFixture();
    await readPurchaseOrders(intakeOptions(f));
    f.bc.faults.dropAfterProcessing(2, { path: /POST \/companies\(.*\)\/salesOrders$/ });
    f.bc.faults.failNext(3, 429);
    f.bc.faults.expireTokens();
    const first = await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    // Whatever the faults did, a second run finishes the rest; the ERP holds one order per PO.
    const second = await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(first.sent.length + second.sent.length).toBe(3);
    expect(f.bc.rows('salesOrders')).toHaveLength(3);
    expect(new Set(f.bc.rows('salesOrders').map((o) => o.externalDocumentNumber)).size).toBe(3);
    expect(f.bc.stats.throttled).toBeGreaterThanOrEqual(3);
    expect(f.outbox.list({ kind: 'sales-order' }).every((e) => e.state === 'sent')).toBe(true);
  });

  it('updates an open sales order when Amazon changes the PO, and holds the change for review once the order shipped', async () => {
    f = await vendorFixture();
    await readPurchaseOrders(intakeOptions(f));
    await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    const seller = f.h.emulator.sellers[0]!;
    const later = f.now().getTime() + 1000;
    const change = (number: string, quantity: number) => {
      const i = seller.purchaseOrders!.findIndex((p) => p.purchaseOrderNumber === number);
      seller.purchaseOrders![i] = vendorPurchaseOrder(number, 'MLCD1', later, [{ vendorSku: '1900-S', asin: 'B0DEMO1900', quantity, netCost: '150.40' }]);
    };
    const soC = f.bc.rows('salesOrders').find((o) => o.externalDocumentNumber === '4TX81A2C')!;
    f.bc.salesOrders.ship(String(soC.number));
    change('4TX81A2D', 8); // open: updated
    change('4TX81A2C', 5); // shipped: held
    await new Promise((r) => setTimeout(r, 1100));
    const read = await readPurchaseOrders(intakeOptions(f));
    expect(read.decisions.map((d) => [d.poNumber, d.outcome]).sort()).toEqual([['4TX81A2C', 'revised'], ['4TX81A2D', 'revised']]);
    const run = await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(run.sent).toEqual([expect.objectContaining({ naturalKey: 'MLCD1:4TX81A2D', outcome: 'updated' })]);
    expect(run.held).toEqual(['MLCD1:4TX81A2C']);
    const soD = f.bc.rows('salesOrders').find((o) => o.externalDocumentNumber === '4TX81A2D')!;
    expect(f.bc.rows('salesOrderLines').filter((l) => l.documentId === soD.id).map((l) => l.quantity)).toEqual([8]);
    const held = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'changed-after-shipment')!;
    expect(held).toMatchObject({ poNumber: '4TX81A2C', state: 'open' });
    expect(held.facts).toMatchObject({ amazon: { externalDocumentNumber: '4TX81A2C' }, erp: { documentNumber: soC.number } });
    expect(f.bc.rows('salesOrderLines').filter((l) => l.documentId === soC.id).map((l) => l.quantity)).toEqual([2]);
  });
});

describe('Vendor Central purchase orders held for a mapping', () => {
  it('closes the unmapped review item once the vendor code and item are mapped, and the PO becomes a sales order without being read again', async () => {
    f = await vendorFixture();
    await readPurchaseOrders(intakeOptions(f, [ALL_VENDOR_CODES]));
    const open = () => f.reviews.list({ erpConnectionId: ERP, state: 'open' }).filter((r) => r.kind === 'unmapped');
    expect(open().map((r) => r.poNumber)).toEqual(['5ZQ00001']);
    f.mappings.set('vendor-code', 'UNMAP1', 'AMZ-DE');
    // Half mapped: still held, the item says what is left.
    expect(retryUnmappedPurchaseOrders({ db: f.h.db, mappings: f.mappings, outbox: f.outbox, reviews: f.reviews, erpConnectionId: ERP })).toEqual([]);
    expect(open()[0]!.title).toMatch(/neither vendor SKU X-1 nor ASIN B0NOTMAPPED is mapped/);
    f.mappings.set('vendor-sku', 'X-1', '1900-S');
    expect(retryUnmappedPurchaseOrders({ db: f.h.db, mappings: f.mappings, outbox: f.outbox, reviews: f.reviews, erpConnectionId: ERP })).toEqual(['UNMAP1:5ZQ00001']);
    expect(open()).toEqual([]);
    expect(f.reviews.list({ erpConnectionId: ERP }).find((r) => r.poNumber === '5ZQ00001')).toMatchObject({ state: 'posted', resolution: { action: 'dismiss' }, resolvedBy: 'ml-connector' });
    await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(f.bc.rows('salesOrders').map((o) => o.externalDocumentNumber)).toContain('5ZQ00001');
  });
});

describe('Vendor Central purchase orders Amazon cancels', () => {
  it('deletes the open sales order once (through a dropped connection), holds a shipped one for review, and lets a never-sent one go', async () => {
    f = await vendorFixture();
    await readPurchaseOrders(intakeOptions(f));
    await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    const seller = f.h.emulator.sellers[0]!;
    const later = f.now().getTime() + 1000;
    // "one or more items cancelled by Amazon with updated item quantity as zero" (poItemState, vendorOrders.json).
    const cancel = (number: string) => {
      const i = seller.purchaseOrders!.findIndex((p) => p.purchaseOrderNumber === number);
      seller.purchaseOrders![i] = vendorPurchaseOrder(number, 'MLCD1', later, [{ vendorSku: '1900-S', asin: 'B0DEMO1900', quantity: 0, netCost: '150.40' }]);
    };
    const soC = f.bc.rows('salesOrders').find((o) => o.externalDocumentNumber === '4TX81A2C')!;
    f.bc.salesOrders.ship(String(soC.number));
    cancel('4TX81A2D'); // open: deleted
    cancel('4TX81A2C'); // shipped: held
    seller.purchaseOrders!.push(vendorPurchaseOrder('4TX81A2Z', 'MLCD1', later, [{ vendorSku: '1900-S', asin: 'B0DEMO1900', quantity: 0, netCost: '150.40' }]));
    await new Promise((r) => setTimeout(r, 1100));
    const read = await readPurchaseOrders(intakeOptions(f));
    expect(read.decisions.map((d) => [d.poNumber, d.outcome]).sort()).toEqual([['4TX81A2C', 'cancelled'], ['4TX81A2D', 'cancelled'], ['4TX81A2Z', 'cancelled']]);
    expect(f.reviews.list({ erpConnectionId: ERP }).filter((r) => r.kind === 'unmapped').map((r) => r.poNumber)).toEqual(['5ZQ00001']);

    f.bc.faults.dropAfterProcessing(1, { path: /DELETE \/companies\(.*\)\/salesOrders\(/ });
    const run = await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
    expect(run.cancelled).toEqual(['MLCD1:4TX81A2D']);
    expect(run.held).toEqual(['MLCD1:4TX81A2C']);
    expect(f.bc.rows('salesOrders').map((o) => o.externalDocumentNumber).sort()).toEqual(['4TX81A2B', '4TX81A2C']);
    expect(f.bc.rows('salesOrderLines').filter((l) => !f.bc.rows('salesOrders').some((o) => o.id === l.documentId))).toEqual([]);
    expect(f.outbox.get(ERP, 'sales-order', 'MLCD1:4TX81A2D')).toMatchObject({ state: 'cancelled' });
    const held = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'changed-after-shipment')!;
    expect(held.title).toMatch(/Amazon cancelled PO 4TX81A2C after S-ORD\d+ shipped/);
    expect(f.bc.rows('salesOrderLines').filter((l) => l.documentId === soC.id).map((l) => l.quantity)).toEqual([2]);
    // Nothing more on the next run.
    expect(await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp)).toMatchObject({ sent: [], held: [], cancelled: [] });
  });
});

describe('Vendor Central purchase orders of the whole vendor group', () => {
  it('reads every vendor code at once (no orderingVendorCode) and holds the unmapped one for review', async () => {
    f = await vendorFixture();
    const read = await readPurchaseOrders(intakeOptions(f, [ALL_VENDOR_CODES]));
    expect(read.windows).toBe(5);
    expect(f.h.sent.some((s) => new URL(s.url).searchParams.has('orderingVendorCode'))).toBe(false);
    expect(read.decisions.map((d) => [d.vendorCode, d.outcome]).sort()).toEqual([['MLCD1', 'new'], ['MLCD1', 'new'], ['MLCD1', 'new'], ['UNMAP1', 'refused']]);
  });
});
