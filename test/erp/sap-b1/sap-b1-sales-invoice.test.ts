import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SalesInvoiceDocument } from '../../../core/erp/erp-connector';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { b1Connector } from './sap-b1-fixtures';

let emu: SapB1Emulator;
beforeEach(async () => { emu = await startSapB1Emulator(); });
afterEach(async () => { await emu.stop(); });

const invoice = (orderId: string, more: Partial<SalesInvoiceDocument> = {}): SalesInvoiceDocument => ({
  externalDocumentNumber: orderId, customerNumber: 'C-AMZ-US', invoiceDate: '2026-06-01', currency: 'USD',
  lines: [{ itemNumber: 'A00001', quantity: 2, unitPrice: 192_80, description: 'Office chair' }, { itemNumber: 'A00002', quantity: 1, unitPrice: 281_40 }],
  ...more,
});
const ofOrder = (orderId: string) => emu.invoices().filter((i) => i.NumAtCard === orderId);

describe('SAP Business One A/R invoices for Amazon orders', () => {
  it('creates one invoice with NumAtCard = order id, the customer, items and prices, and answers its DocNum', async () => {
    const c = b1Connector(emu);
    const result = await c.postSalesInvoice(invoice('111-0000001-0000001'));
    const [inv] = ofOrder('111-0000001-0000001');
    expect(result).toEqual({ documentNumber: String(inv!.DocNum), alreadyExisted: false, posted: true });
    expect(inv).toMatchObject({ CardCode: 'C-AMZ-US', DocDate: '2026-06-01', DocCurrency: 'USD', DocTotal: 667 });
    expect(inv!.DocumentLines.map((l) => [l.ItemCode, l.Quantity, l.UnitPrice])).toEqual([['A00001', 2, 192.8], ['A00002', 1, 281.4]]);
    expect(await c.findByNaturalKey('salesInvoice', '111-0000001-0000001')).toEqual({ kind: 'salesInvoice', documentNumber: String(inv!.DocNum), state: 'posted' });
    expect(await c.findByNaturalKey('salesInvoice', '111-0000009-0000009')).toBeNull();
    await c.close();
  });

  it('the same order again is found by NumAtCard and not invoiced twice', async () => {
    const first = await b1Connector(emu).postSalesInvoice(invoice('111-0000002-0000002'));
    const again = await b1Connector(emu).postSalesInvoice(invoice('111-0000002-0000002'));
    expect(again).toEqual({ documentNumber: first.documentNumber, alreadyExisted: true, posted: true });
    expect(ofOrder('111-0000002-0000002')).toHaveLength(1);
  });

  it('a create whose answer is lost after B1 booked it, a 429, a 503 and an expired session end with one invoice', async () => {
    const c = b1Connector(emu);
    await c.testConnection();
    emu.faults.expireTokens();
    emu.faults.throttle(1, { path: /^POST Invoices$/ });
    emu.faults.failNext(2, 503, { path: /^GET Invoices$/ });
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    const result = await c.postSalesInvoice(invoice('111-0000003-0000003'));
    expect(ofOrder('111-0000003-0000003')).toHaveLength(1);
    expect(result).toMatchObject({ documentNumber: String(ofOrder('111-0000003-0000003')[0]!.DocNum), posted: true });
    expect(emu.stats.invoicePosts).toBe(1);
    expect(emu.stats.logins).toBe(2);
    expect(emu.stats.expiredRejections).toBeGreaterThan(0);
  });

  it('an invoice a person entered with the same NumAtCard for another customer is a conflict in words; nothing is created', async () => {
    await b1Connector(emu).postSalesInvoice(invoice('111-0000004-0000004', { customerNumber: 'C-AMZ-EU' }));
    await expect(b1Connector(emu).postSalesInvoice(invoice('111-0000004-0000004'))).rejects.toMatchObject({
      kind: 'conflict', retryable: false,
      message: expect.stringMatching(/already holds an A\/R invoice with customer reference \(NumAtCard\) 111-0000004-0000004: DocNum \d+ \(customer C-AMZ-EU\), where one for customer C-AMZ-US was expected/),
    });
    expect(ofOrder('111-0000004-0000004')).toHaveLength(1);
  });

  it('B1\'s refusals (an item not for sale, an unknown customer) fail the order in words and book nothing', async () => {
    await expect(b1Connector(emu).postSalesInvoice(invoice('111-0000005-0000005', { lines: [{ itemNumber: 'A00090', quantity: 1, unitPrice: 1_00 }] }))).rejects.toMatchObject({
      kind: 'validation', erpCode: '-5002', message: expect.stringContaining("Item 'A00090' is not a sales item"),
    });
    await expect(b1Connector(emu).postSalesInvoice(invoice('111-0000006-0000006', { customerNumber: 'C-NOBODY' }))).rejects.toMatchObject({
      kind: 'validation', message: expect.stringContaining("Invalid BP code 'C-NOBODY'"),
    });
    expect(emu.invoices()).toHaveLength(0);
  });

  it('an invoice in a foreign currency posts at the company\'s rate; a day without a rate is refused before anything is sent', async () => {
    await b1Connector(emu).postSalesInvoice(invoice('302-0000007-0000007', { customerNumber: 'C-AMZ-EU', currency: 'EUR' }));
    expect(ofOrder('302-0000007-0000007')[0]).toMatchObject({ DocCurrency: 'EUR', DocTotalFc: 667, DocRate: 1.0842, DocTotal: 723.16 });
    await expect(b1Connector(emu).postSalesInvoice(invoice('302-0000008-0000008', { customerNumber: 'C-AMZ-EU', currency: 'EUR', invoiceDate: '2026-06-02' }))).rejects.toThrow(
      'SAP Business One has no exchange rate for EUR on 2026-06-02: enter it in B1 (Exchange Rates and Indexes), then post again.',
    );
    expect(emu.stats.invoicePosts).toBe(1);
  });
});
