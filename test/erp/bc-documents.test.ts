import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { testBusinessCentralConnection } from '../../core/erp/business-central/test-connection';
import { AuditLog, openDatabase } from '../../core/store';
import { onlineConnector } from './bc-fixtures';

let emu: BusinessCentralEmulator;
beforeEach(async () => { emu = await startBusinessCentralEmulator({ basicUser: { username: 'NAVUSER', accessKey: 'k'.repeat(44) } }); });
afterEach(async () => { await emu.stop(); });

const order = (id: string) => ({
  externalDocumentNumber: id, customerNumber: 'AMZ-DE', invoiceDate: '2026-11-20', currency: 'EUR',
  lines: [{ itemNumber: '1900-S', quantity: 2, unitPrice: 19280 }, { itemNumber: '1906-S', quantity: 1, unitPrice: 28140 }],
});

describe('Business Central orders and the vendor flow', () => {
  it('posts an order as a sales invoice once and returns the posted number', async () => {
    const first = await onlineConnector(emu).postSalesInvoice(order('302-1234567-1234567'));
    expect(first.documentNumber).toMatch(/^PS-INV/);
    const second = await onlineConnector(emu).postSalesInvoice(order('302-1234567-1234567'));
    expect(second).toEqual({ ...first, alreadyExisted: true });
    const invoices = emu.rows('salesInvoices');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ status: 'Open', externalDocumentNumber: '302-1234567-1234567', totalAmountExcludingTax: 667 });
  });

  it('finishes a draft left by a crash instead of creating a second invoice', async () => {
    emu.faults.failNext(6, 500, { path: /salesInvoices\(.*Microsoft\.NAV\.post/ });
    await expect(onlineConnector(emu).postSalesInvoice(order('302-0000000-0000001'))).rejects.toMatchObject({ retryable: true });
    expect(await onlineConnector(emu).findByNaturalKey('salesInvoice', '302-0000000-0000001')).toMatchObject({ state: 'draft' });
    const done = await onlineConnector(emu).postSalesInvoice(order('302-0000000-0000001'));
    expect(done.documentNumber).toMatch(/^PS-INV/);
    expect(emu.rows('salesInvoices')).toHaveLength(1);
  });

  it('names the customer problem in BC\'s own words', async () => {
    await expect(onlineConnector(emu).postSalesInvoice({ ...order('302-9'), customerNumber: 'NOPE' })).rejects.toThrow(/302-9.*Application_DialogException: The customer cannot be found\./);
  });

  it('reads purchase orders incrementally and posts a matched vendor invoice once', async () => {
    const c = onlineConnector(emu);
    const { orders, watermark } = await c.readPurchaseOrders(null);
    expect(orders.map((o) => o.number)).toEqual(['106001', '106002']);
    expect(orders[0]!.lines[0]).toMatchObject({ itemNumber: '1900-S', quantity: 20, directUnitCost: '150.4' });
    expect((await c.readPurchaseOrders(watermark)).orders).toHaveLength(0);
    const invoice = { vendorInvoiceNumber: 'DE-AEU-2026-0001', vendorNumber: 'V-AMZ-EU', invoiceDate: '2026-11-21', currency: 'EUR', purchaseOrderNumber: '106001', lines: [{ itemNumber: '1900-S', quantity: 20, unitCost: 15040 }] };
    const posted = await c.postPurchaseInvoice(invoice);
    expect(posted.documentNumber).toMatch(/^PP-INV/);
    expect(await c.postPurchaseInvoice(invoice)).toMatchObject({ alreadyExisted: true, documentNumber: posted.documentNumber });
    await expect(c.postPurchaseInvoice({ ...invoice, vendorInvoiceNumber: 'X2', lines: [{ itemNumber: '1900-S', quantity: 21, unitCost: 15040 }] })).rejects.toThrow(/quantity 21 exceeds the 20 still open on purchase order 106001/);
  });

  it('reads stock, prices and reference data with postability', async () => {
    const c = onlineConnector(emu);
    expect(await c.readStock(['1896-S', '1908-S'])).toEqual([{ itemNumber: '1896-S', quantity: 12 }, { itemNumber: '1908-S', quantity: 0 }]);
    expect((await c.readPrices(['1900-S']))[0]).toEqual({ itemNumber: '1900-S', unitPrice: '192.8', currency: 'EUR' });
    const accounts = await c.readReferenceData('accounts');
    expect(accounts.records.find((a) => a.code === '2920')?.postable).toBe(true);
    expect(accounts.records.filter((a) => !a.postable).map((a) => a.code).sort()).toEqual(['1000', '2310', '8999', '9999']);
    const dims = await c.readReferenceData('dimensions');
    expect(dims.records.find((d) => d.code === 'MARKETPLACE')?.values?.map((v) => v.code)).toContain('AMAZON-DE');
    expect((await c.readReferenceData('accounts', accounts.watermark)).records).toHaveLength(0);
  });

  it('reads tax codes from taxGroups whole, no freight codes, and payment methods, then only the methods that changed since', async () => {
    const c = onlineConnector(emu);
    const tax = await c.readReferenceData('taxCodes');
    expect(tax.records.map((r) => [r.code, r.name]).sort()).toEqual([['REDUCED', 'Reduced VAT (7%)'], ['STANDARD', 'Standard VAT (19%)'], ['ZERO', 'No VAT']]);
    const methods = await c.readReferenceData('paymentMethods');
    expect(methods.records.map((r) => r.code).sort()).toEqual(['AMAZON', 'BANK', 'CASH']);
    emu.advanceTime(60_000);
    await c.http.send({ operation: 'POST paymentMethods', method: 'POST', url: `${emu.apiBaseUrl}/companies(${emu.companyId})/paymentMethods`, body: { code: 'card', displayName: 'Card' } });
    const changed = await c.readReferenceData('paymentMethods', methods.watermark);
    expect(changed.records.map((r) => r.code)).toEqual(['CARD']);
    // Tax groups are read whole every time (no watermark), so a group deleted in BC leaves the cache.
    expect(tax.watermark).toBeNull();
    expect((await c.readReferenceData('taxCodes', tax.watermark)).records).toHaveLength(3);
    expect(await c.readReferenceData('freightCodes')).toEqual({ records: [], watermark: null });
    // A second method with the same code is refused as BC refuses a duplicate key.
    await expect(c.http.send({ operation: 'POST paymentMethods', method: 'POST', url: `${emu.apiBaseUrl}/companies(${emu.companyId})/paymentMethods`, body: { code: 'CARD' } })).rejects.toThrow(/Internal_EntityWithSameKeyExists/);
  });

  it('retries a read whose connection dropped or that was slow', async () => {
    emu.faults.dropNext(2, { path: /^GET .*items/ });
    emu.faults.delayNext(1, 30, { path: /^GET .*items/ });
    expect(await onlineConnector(emu).readStock(['1900-S'])).toEqual([{ itemNumber: '1900-S', quantity: 40 }]);
  });

  it('creates a customer payment once and says it awaits posting in BC', async () => {
    const doc = { externalDocumentNumber: 'PAY-77', documentNumber: 'AMZP77', customerNumber: 'AMZ-DE', postingDate: '2026-11-22', currency: 'EUR', amount: 66600, description: 'Amazon payout' };
    expect(await onlineConnector(emu).postCustomerPayment(doc)).toEqual({ documentNumber: 'AMZP77', alreadyExisted: false, posted: false });
    expect(await onlineConnector(emu).postCustomerPayment(doc)).toMatchObject({ alreadyExisted: true });
    expect(emu.rows('customerPayments')).toEqual([expect.objectContaining({ amount: -666, externalDocumentNumber: 'PAY-77' })]);
  });
});

describe('Test connection', () => {
  it('shows who, which company, environment and version, and audits the calls without secrets', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'bc-')), 'ws.sqlite'));
    const audit = new AuditLog(db);
    const r = await testBusinessCentralConnection({ deployment: 'online', tenantId: emu.tenantId, environment: emu.environment, clientId: emu.clientId, endpointOverride: emu.url }, { clientSecret: emu.clientSecret }, audit);
    expect(r).toEqual({ ok: true, info: expect.objectContaining({ companyName: 'CRONUS Marketplace Ltd.', environment: 'online, environment sandbox', localCurrency: 'EUR', version: expect.stringMatching(/^\d+\./) }) });
    const rows = audit.list({ system: 'business-central' });
    expect(rows.map((e) => e.operation)).toEqual(expect.arrayContaining(['token', 'GET companies', 'GET companyInformation']));
    expect(JSON.stringify(rows)).not.toContain(emu.clientSecret);
    db.close();
  });

  it('explains a wrong secret in plain words', async () => {
    const r = await testBusinessCentralConnection({ deployment: 'online', tenantId: emu.tenantId, environment: emu.environment, clientId: emu.clientId, endpointOverride: emu.url }, { clientSecret: 'wrong' });
    expect(r).toMatchObject({ ok: false, erpCode: 'AADSTS7000215', message: expect.stringContaining('rejected the client secret') });
  });

  it('works on-premises with a web service access key, and explains a wrong one', async () => {
    const ok = await testBusinessCentralConnection({ deployment: 'on-premises', baseUrl: emu.onPremBaseUrl.replace(/\/api\/v2\.0$/, ''), username: 'NAVUSER' }, { webServiceAccessKey: 'k'.repeat(44) });
    expect(ok).toMatchObject({ ok: true, info: { principal: 'user NAVUSER', companyName: 'CRONUS Marketplace Ltd.' } });
    const bad = await testBusinessCentralConnection({ deployment: 'on-premises', baseUrl: emu.onPremBaseUrl, username: 'NAVUSER' }, { webServiceAccessKey: 'nope' });
    expect(bad).toMatchObject({ ok: false, erpCode: 'Authentication_InvalidCredentials', message: expect.stringContaining('web service access key') });
  });

  it('says when the environment does not exist', async () => {
    const r = await testBusinessCentralConnection({ deployment: 'online', tenantId: emu.tenantId, environment: 'production', clientId: emu.clientId, endpointOverride: emu.url }, { clientSecret: emu.clientSecret });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('Check the environment name') });
  });
});
