import { afterEach, describe, expect, it } from 'vitest';
import { remittanceHeader } from '../../core/sandbox/amazon/vendor-seed';
import { pollInvoiceTransactions, queuePostedInvoices, submitQueuedInvoices } from '../../core/vendor/invoice-submission';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { matchRemittances, postVendorPayments, releaseApprovedPayments } from '../../core/vendor/remittance';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { AMAZON, DAY, ERP, intakeOptions, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

const flow = () => ({
  outbox: f.outbox, reviews: f.reviews, erp: f.erp, client: f.h.client, mappings: f.mappings, erpConnectionId: ERP, amazonConnectionId: AMAZON,
  marketplaceId: 'ATVPDKIKX0DER', now: f.now,
});

/** Three POs through to accepted invoices; returns the BC invoice number of each PO. */
async function invoicedAndAccepted(): Promise<Record<string, string>> {
  await readPurchaseOrders(intakeOptions(f));
  await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
  for (const so of f.bc.rows('salesOrders')) f.bc.salesOrders.shipAndInvoice(String(so.number));
  await queuePostedInvoices(flow());
  await submitQueuedInvoices(flow());
  f.h.emulator.advanceTime(11_000);
  expect((await pollInvoiceTransactions(flow())).accepted).toHaveLength(3);
  return Object.fromEntries(f.bc.rows('salesInvoices').map((i) => [String(i.externalDocumentNumber), String(i.number)]));
}

function plantRemittances(inv: Record<string, string>) {
  const now = f.now().getTime();
  const common = { vendorCode: 'MLCD1', currency: 'EUR', issued: now - 20 * DAY };
  f.h.emulator.sellers[0]!.vendorInvoiceHeaders = [
    // A shortage: Amazon says one chair (150.40) did not arrive.
    remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2B']!, poNumber: '4TX81A2B', invoiced: '2682.80', paid: '2532.40', shortage: '150.40', status: 'PAID', due: now + 40 * DAY, remittanceId: 'RMT0001' }),
    remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2C']!, poNumber: '4TX81A2C', invoiced: '1561.40', paid: '1561.40', status: 'PAID', due: now + 40 * DAY, remittanceId: 'RMT0001' }),
    remittanceHeader({ ...common, invoiceNumber: inv['4TX81A2D']!, poNumber: '4TX81A2D', invoiced: '902.40', paid: '0', status: 'IN_PROGRESS', due: now - DAY }),
    remittanceHeader({ ...common, invoiceNumber: 'NOT-OURS-1', poNumber: 'XXXXXXXX', invoiced: '1.00', paid: '1.00', status: 'PAID', due: now, remittanceId: 'RMT0002' }),
  ];
}

describe('Vendor Central remittance matched to Business Central invoices', () => {
  it('posts a clean payment at once, holds a shortage until resolved and approved, then posts payment and deduction once', async () => {
    f = await vendorFixture();
    const inv = await invoicedAndAccepted();
    plantRemittances(inv);

    const matched = await matchRemittances(flow());
    expect(matched).toMatchObject({ matched: 3, unmatched: 1, queued: [`RMT0001:${inv['4TX81A2C']}`], held: [`RMT0001:${inv['4TX81A2B']}`], pastTerms: [inv['4TX81A2D']] });
    const open = f.reviews.list({ erpConnectionId: ERP, state: 'open' });
    const shortage = open.find((r) => r.kind === 'shortage')!;
    expect(shortage).toMatchObject({ poNumber: '4TX81A2B', amount: 15040, currency: 'EUR' });
    expect(shortage.facts).toMatchObject({ amazon: { invoiceNumber: inv['4TX81A2B'] }, erp: { number: inv['4TX81A2B'], total: 268280 } });
    expect(open.find((r) => r.kind === 'unpaid-past-terms')).toMatchObject({ poNumber: '4TX81A2D', amount: 90240 });

    // Only the clean payment posts; the held one waits.
    expect((await postVendorPayments(flow())).posted).toEqual([`RMT0001:${inv['4TX81A2C']}`]);
    expect(f.bc.rows('customerPayments')).toHaveLength(1);
    expect(f.bc.rows('customerPayments')[0]).toMatchObject({ amount: -1561.4, appliesToInvoiceNumber: inv['4TX81A2C'], customerNumber: 'AMZ-DE' });
    expect(releaseApprovedPayments(flow()).released).toEqual([]);

    f.reviews.resolve(shortage.id, { action: 'accept', note: 'Carrier lost one chair; claim filed with the carrier' }, 'alice');
    expect(releaseApprovedPayments(flow()).released).toEqual([]);
    f.reviews.approve(shortage.id, 'bob');
    expect(releaseApprovedPayments(flow()).released).toEqual([`RMT0001:${inv['4TX81A2B']}`]);

    // A dropped connection after BC created the deduction line: looked up again, not booked twice.
    f.bc.faults.dropAfterProcessing(1, { path: /POST .*customerPayments$/ });
    await postVendorPayments(flow());
    await postVendorPayments(flow());
    const payments = f.bc.rows('customerPayments');
    expect(payments.map((p) => [p.externalDocumentNumber, p.amount]).sort()).toEqual([
      [`RMT0001:${inv['4TX81A2B']}`, -2532.4], [`RMT0001:${inv['4TX81A2B']}:S`, -150.4], [`RMT0001:${inv['4TX81A2C']}`, -1561.4],
    ]);
    const deductionJournal = f.bc.rows('customerPaymentJournals').find((j) => j.id === payments.find((p) => String(p.externalDocumentNumber).endsWith(':S'))!.journalId)!;
    expect(deductionJournal).toMatchObject({ balancingAccountNumber: '8440' });
    expect(f.reviews.get(shortage.id).state).toBe('posted');

    // Reading the same remittances again changes nothing.
    expect(await matchRemittances(flow())).toMatchObject({ queued: [], held: [] });
    releaseApprovedPayments(flow());
    expect((await postVendorPayments(flow())).posted).toEqual([]);
    expect(f.bc.rows('customerPayments')).toHaveLength(3);
  });

  it('posts the payment but not a disputed deduction', async () => {
    f = await vendorFixture();
    plantRemittances(await invoicedAndAccepted());
    await matchRemittances(flow());
    const shortage = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'shortage')!;
    f.reviews.resolve(shortage.id, { action: 'dispute', note: 'Proof of delivery shows all 12 chairs; dispute filed' }, 'alice');
    f.reviews.approve(shortage.id, 'bob');
    releaseApprovedPayments(flow());
    await postVendorPayments(flow());
    expect(f.bc.rows('customerPayments').map((p) => p.amount).sort()).toEqual([-1561.4, -2532.4]);
  });
});

describe('Vendor Central remittance: price differences', () => {
  it('holds a payment Amazon made at a lower price for review with the difference, then posts payment and accepted difference', async () => {
    f = await vendorFixture();
    const inv = await invoicedAndAccepted();
    const now = f.now().getTime();
    f.h.emulator.sellers[0]!.vendorInvoiceHeaders = [
      remittanceHeader({ vendorCode: 'MLCD1', currency: 'EUR', issued: now - 5 * DAY, invoiceNumber: inv['4TX81A2C']!, poNumber: '4TX81A2C', invoiced: '1561.40', paid: '1551.40', priceVariance: '10.00', status: 'PAID', due: now + 55 * DAY, remittanceId: 'RMT0009' }),
    ];
    const matched = await matchRemittances(flow());
    expect(matched.held).toEqual([`RMT0009:${inv['4TX81A2C']}`]);
    const price = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'price-difference')!;
    expect(price).toMatchObject({ amount: 1000, currency: 'EUR', poNumber: '4TX81A2C', state: 'open' });
    expect((await postVendorPayments(flow())).posted).toEqual([]);
    expect(f.bc.rows('customerPayments')).toHaveLength(0);
    f.reviews.resolve(price.id, { action: 'accept', note: 'Agreed price change from 1 June' }, 'alice');
    f.reviews.approve(price.id, 'alice');
    releaseApprovedPayments(flow());
    await postVendorPayments(flow());
    expect(f.bc.rows('customerPayments').map((p) => Number(p.amount)).sort((a, b) => a - b)).toEqual([-1551.4, -10]);
  });
});

describe('Vendor Central remittance: a whole invoice withheld as a shortage', () => {
  function withheld(inv: Record<string, string>, extra: { shortage?: string; shortageInvoiceIds?: string[] }) {
    const now = f.now().getTime();
    f.h.emulator.sellers[0]!.vendorInvoiceHeaders = [
      remittanceHeader({ vendorCode: 'MLCD1', currency: 'EUR', issued: now - 5 * DAY, invoiceNumber: inv['4TX81A2D']!, poNumber: '4TX81A2D', invoiced: '902.40', paid: '0', status: 'PAID', due: now + 55 * DAY, ...extra }),
    ];
  }

  it('is a shortage review item at once, long before terms, and posts only the accepted deduction, once', async () => {
    f = await vendorFixture();
    const inv = await invoicedAndAccepted();
    withheld(inv, { shortage: '902.40' });

    const matched = await matchRemittances(flow());
    const key = `${inv['4TX81A2D']}:${inv['4TX81A2D']}`;
    expect(matched).toMatchObject({ held: [key], pastTerms: [] });
    const item = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind !== 'unmapped');
    expect(item).toMatchObject({ kind: 'shortage', poNumber: '4TX81A2D', amount: 90240, currency: 'EUR', state: 'open' });
    expect(item!.title).toContain('withheld the whole of invoice');
    expect(item!.facts).toMatchObject({ amazon: { invoiceNumber: inv['4TX81A2D'] }, erp: { number: inv['4TX81A2D'], total: 90240 } });
    expect((await postVendorPayments(flow())).posted).toEqual([]);

    f.reviews.resolve(item!.id, { action: 'accept', note: 'Pallet never arrived at DUS2; carrier claim filed' }, 'alice');
    f.reviews.approve(item!.id, 'bob');
    expect(releaseApprovedPayments(flow()).released).toEqual([key]);
    f.bc.faults.dropAfterProcessing(1, { path: /POST .*customerPayments$/ });
    await postVendorPayments(flow());
    await postVendorPayments(flow());
    expect(f.bc.rows('customerPayments').map((p) => [p.externalDocumentNumber, p.amount, p.appliesToInvoiceNumber])).toEqual([[`${key}:S`, -902.4, inv['4TX81A2D']]]);
    expect(f.reviews.get(item!.id).state).toBe('posted');
    expect(await matchRemittances(flow())).toMatchObject({ held: [], pastTerms: [] });
  });

  it('is a shortage of the whole invoice when Amazon shows only a shortage claim against it; a disputed one posts nothing', async () => {
    f = await vendorFixture();
    const inv = await invoicedAndAccepted();
    withheld(inv, { shortageInvoiceIds: ['SC-4TX81A2D-1'] });

    await matchRemittances(flow());
    const item = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind !== 'unmapped');
    expect(item).toMatchObject({ kind: 'shortage', amount: 90240, state: 'open' });
    expect(item!.title).toContain('SC-4TX81A2D-1');
    f.reviews.resolve(item!.id, { action: 'dispute', note: 'Proof of delivery signed by DUS2' }, 'alice');
    f.reviews.approve(item!.id, 'alice');
    releaseApprovedPayments(flow());
    await postVendorPayments(flow());
    expect(f.bc.rows('customerPayments')).toHaveLength(0);
    expect(f.reviews.get(item!.id).state).toBe('posted');
  });

  it('leaves an invoice Amazon has not paid yet, with a claim still in progress, to the terms check', async () => {
    f = await vendorFixture();
    const inv = await invoicedAndAccepted();
    const now = f.now().getTime();
    f.h.emulator.sellers[0]!.vendorInvoiceHeaders = [
      remittanceHeader({ vendorCode: 'MLCD1', currency: 'EUR', issued: now - 5 * DAY, invoiceNumber: inv['4TX81A2D']!, poNumber: '4TX81A2D', invoiced: '902.40', paid: '0', status: 'IN_PROGRESS', due: now + 55 * DAY, shortageInvoiceIds: ['SC-4TX81A2D-1'] }),
    ];
    expect(await matchRemittances(flow())).toMatchObject({ held: [], queued: [], pastTerms: [] });
    expect(f.reviews.list({ erpConnectionId: ERP }).filter((r) => r.kind !== 'unmapped')).toEqual([]);
  });
});
