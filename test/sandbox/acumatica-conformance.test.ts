// Checks the Acumatica emulator against the Default endpoint swaggers in ../shared/reference/erp/specs
// (acumatica-Default_23.200.001.swagger.json, Swagger 2.0; acumatica-Default_24.200.001.swagger.json, OpenAPI 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { ACUMATICA_ENTITIES, FIELDS_BY_VERSION, SERVED_VERSIONS } from '../../core/sandbox/acumatica/emulator-schema';
import { startAcumaticaEmulator, type AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { readReference } from '../support/reference';
import { salesInvoiceBody } from '../../core/erp/acumatica/sales-invoice';
import { creditMemoBody } from '../../core/erp/acumatica/credit-memo';
import { returnOrderBody } from '../../core/erp/acumatica/customer-returns';

type Schema = { properties?: Record<string, unknown>; allOf?: Schema[] };
function definitions(version: string): Record<string, Schema> {
  const spec = JSON.parse(readReference('erp', 'specs', `acumatica-Default_${version}.swagger.json`)) as { definitions?: Record<string, Schema>; components?: { schemas: Record<string, Schema> }; paths: Record<string, unknown> };
  return spec.definitions ?? spec.components!.schemas;
}
function fieldsOf(s: Schema): string[] {
  return (s.allOf ?? [s]).flatMap((p) => Object.keys(p.properties ?? {}));
}
function paths(version: string): string[] {
  return Object.keys((JSON.parse(readReference('erp', 'specs', `acumatica-Default_${version}.swagger.json`)) as { paths: Record<string, unknown> }).paths);
}

let emu: AcumaticaEmulator;
let token: string;
beforeAll(async () => {
  emu = await startAcumaticaEmulator({ clock: clockStartingAt(Date.parse('2026-07-02T09:00:00Z')) });
  const form = new URLSearchParams({ grant_type: 'password', client_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company', client_secret: 'acu-secret', username: 'admin', password: 'acu-password', scope: 'api offline_access' });
  token = ((await (await fetch(`${emu.url}/identity/connect/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
});
afterAll(() => emu.stop());
const get = (path: string) => fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('the Acumatica emulator against the Default endpoint swaggers', () => {
  it.each(SERVED_VERSIONS)('version %s serves only fields its own swagger defines, for every entity it holds', (version) => {
    const defs = definitions(version);
    for (const entity of ACUMATICA_ENTITIES) {
      const defined = fieldsOf(defs[entity]!);
      expect(defined.length, entity).toBeGreaterThan(0);
      expect(FIELDS_BY_VERSION[version]![entity].filter((f) => !defined.includes(f)), `${entity} in ${version}`).toEqual([]);
    }
  });

  it.each(SERVED_VERSIONS)('version %s defines the paths the emulator answers, ReleaseJournalTransaction among them', (version) => {
    const p = paths(version);
    for (const path of ['/JournalTransaction', '/JournalTransaction/ReleaseJournalTransaction', '/Account', '/Subaccount', '/Ledger', '/Currency', '/SalesInvoice', '/SalesInvoice/ReleaseSalesInvoice', '/Customer', '/StockItem', '/InventoryAdjustment', '/InventoryAdjustment/ReleaseAdjustment', '/SalesOrder', '/Warehouse']) expect(p).toContain(path);
    expect(fieldsOf(definitions(version).ReleaseJournalTransaction!)).toEqual(['entity']);
    expect(fieldsOf(definitions(version).ReleaseSalesInvoice!)).toEqual(['entity']);
  });

  it.each(SERVED_VERSIONS)('version %s defines every field the connector sends in an AR invoice', (version) => {
    const defs = definitions(version);
    const body = salesInvoiceBody({ externalDocumentNumber: '111-1', customerNumber: 'AMZUS', invoiceDate: '2026-06-30', currency: 'USD', lines: [{ itemNumber: 'CHAIR01', quantity: 1, unitPrice: 100, description: 'Chair' }] }, 'HEADOFFICE');
    expect(Object.keys(body).filter((k) => !fieldsOf(defs.SalesInvoice!).includes(k))).toEqual([]);
    const [line] = body.Details as Array<Record<string, unknown>>;
    expect(Object.keys(line!).filter((k) => !fieldsOf(defs.SalesInvoiceDetail!).includes(k))).toEqual([]);
  });

  it.each(SERVED_VERSIONS)('version %s defines every field the connector sends in an AR credit memo, its application to the invoice among them', (version) => {
    const defs = definitions(version);
    const body = creditMemoBody({ externalDocumentNumber: '111-1/R1', invoiceNumber: 'AR000001', customerNumber: 'AMZUS', creditNoteDate: '2026-06-30', currency: 'USD', lines: [{ itemNumber: 'CHAIR01', quantity: 1, unitPrice: 100, tax: { code: 'CASALES', amount: 8 } }] }, 'HEADOFFICE', { customer: 'AMZUS', currency: 'USD', status: 'Open', balance: 0.5 });
    expect(Object.keys(body).filter((k) => !fieldsOf(defs.SalesInvoice!).includes(k))).toEqual([]);
    const [application] = body.ApplicationsCreditMemo as Array<Record<string, unknown>>;
    expect(application).toEqual({ DocType: { value: 'Invoice' }, ReferenceNbr: { value: 'AR000001' }, AmountPaid: { value: 0.5 } });
    expect(Object.keys(application!).filter((k) => !fieldsOf(defs.SalesInvoiceApplicationCreditMemo!).includes(k))).toEqual([]);
  });

  it.each(SERVED_VERSIONS)('version %s defines every field the connector sends in a return order, and the SalesOrder paths', (version) => {
    const defs = definitions(version);
    const body = returnOrderBody({ kind: 'return-order', externalDocumentNumber: '111-1/RET0000abcd', invoiceNumber: 'AR000001', customerNumber: 'AMZUS', returnDate: '2026-06-30', currency: 'USD', reasonCode: 'DAMAGED', lines: [{ itemNumber: 'CHAIR01', quantity: 1, unitPrice: 100, description: 'Return of CHAIR' }] }, 'RC', 'HEADOFFICE');
    expect(Object.keys(body).filter((k) => !fieldsOf(defs.SalesOrder!).includes(k))).toEqual([]);
    const [line] = body.Details as Array<Record<string, unknown>>;
    expect(Object.keys(line!).filter((k) => !fieldsOf(defs.SalesOrderDetail!).includes(k))).toEqual([]);
    expect(paths(version)).toEqual(expect.arrayContaining(['/SalesOrder', '/SalesOrder/SalesOrderCreateReceipt']));
  });

  it('every record field is value-wrapped, and a version-locked path for an unserved version is 404', async () => {
    const accounts = (await (await get('/entity/Default/23.200.001/Account?$top=2')).json()) as Array<Record<string, unknown>>;
    expect(accounts).toHaveLength(2);
    for (const [k, v] of Object.entries(accounts[0]!)) {
      if (k === 'id' || k === 'rowNumber') continue;
      expect(v, k).toEqual({ value: expect.anything() });
    }
    const list = (await (await fetch(`${emu.url}/entity`)).json()) as { endpoints: Array<{ name: string; version: string }> };
    expect(list.endpoints.map((e) => e.version)).toEqual(['23.200.001', '24.200.001']);
    expect((await get('/entity/Default/22.200.001/Account')).status).toBe(404);
  });

  it('pages with $top/$skip only', async () => {
    const page = async (skip: number) => ((await (await get(`/entity/Default/24.200.001/Account?$top=5&$skip=${skip}`)).json()) as unknown[]).length;
    expect([await page(0), await page(5), await page(10)]).toEqual([5, 5, 2]);
  });

  it('refuses the client-credentials grant, which Acumatica does not have', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company', client_secret: 'acu-secret' });
    const res = await fetch(`${emu.url}/identity/connect/token`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('PUT under If-None-Match: * answers 412 for a batch whose keys exist; a fresh PUT creates', async () => {
    const put = (body: unknown, h: Record<string, string> = {}) => fetch(`${emu.url}/entity/Default/24.200.001/JournalTransaction`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...h }, body: JSON.stringify(body) });
    const batch = { BatchNbr: { value: 'AMZ0001' }, Module: { value: 'GL' }, Description: { value: 'k' }, Details: [] };
    expect((await put(batch, { 'if-none-match': '*' })).status).toBe(200);
    const again = await put(batch, { 'if-none-match': '*' });
    expect(again.status).toBe(412);
    expect(await again.json()).toMatchObject({ exceptionMessage: expect.stringContaining('has to be inserted') });
    expect((await put({ Module: 'GL' })).status).toBe(400);
  });
});
