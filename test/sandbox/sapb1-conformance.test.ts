import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { readReference } from '../support/reference';
import { journalEntryBody } from '../../core/erp/sap-b1/mapping';
import { invoiceBody } from '../../core/erp/sap-b1/sales-invoice';
import type { SalesInvoiceDocument } from '../../core/erp/erp-connector';
import { b1Connector, b1Journal } from '../erp/sap-b1/sap-b1-fixtures';

/**
 * The SAP Business One emulator against SAP's own Service Layer metadata (specs/sapb1-servicelayer-v2-
 * metadata.edmx.xml): every entity set, function and action it serves, and every property it answers or
 * our connector sends, exists there. Custom U_ fields would have to be declared by a test; none is used.
 */
const EDMX = readReference('erp', 'specs', 'sapb1-servicelayer-v2-metadata.edmx.xml');

function typeProperties(kind: 'EntityType' | 'ComplexType', name: string): Set<string> {
  const m = new RegExp(`<${kind}[^>]*Name="${name}"[^>]*>([\\s\\S]*?)</${kind}>`).exec(EDMX);
  if (!m) throw new Error(`${kind} ${name} is not in the metadata`);
  return new Set([...m[1]!.matchAll(/<(?:Navigation)?Property[^>]*Name="([^"]+)"/g)].map((p) => p[1]!));
}
const entitySet = (name: string) => new RegExp(`<EntitySet EntityType="SAPB1\\.(\\w+)" Name="${name}"`).exec(EDMX)?.[1];

type Row = Record<string, unknown>;
const SETS: Record<string, string> = {
  ChartOfAccounts: 'ChartOfAccount', Dimensions: 'Dimension', ProfitCenters: 'ProfitCenter', Currencies: 'Currency', JournalEntries: 'JournalEntry',
  Invoices: 'Document', BusinessPartners: 'BusinessPartner', Items: 'Item',
};
/** Collections of complex-typed lines inside an entity, checked against their own type. */
const LINES: Record<string, [field: string, type: string]> = { JournalEntries: ['JournalEntryLines', 'JournalEntryLine'], Invoices: ['DocumentLines', 'DocumentLine'] };
const ORDER_INVOICE: SalesInvoiceDocument = {
  externalDocumentNumber: '111-9000001-0000001', customerNumber: 'C-AMZ-US', invoiceDate: '2026-06-01', currency: 'USD',
  lines: [{ itemNumber: 'A00001', quantity: 1, unitPrice: 192_80, description: 'Office chair' }],
};

let emu: SapB1Emulator;
let cookie: string;
beforeAll(async () => {
  emu = await startSapB1Emulator();
  await b1Connector(emu).postJournal(b1Journal('9001'));
  await b1Connector(emu).postSalesInvoice(ORDER_INVOICE);
  const login = await fetch(`${emu.v2}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: emu.seed.companyDb, UserName: 'manager', Password: 'B1Admin!' }) });
  cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
});
afterAll(async () => { await emu.stop(); });

const get = async (path: string) => (await (await fetch(`${emu.v2}/${path}`, { headers: { cookie } })).json()) as Row;
const post = async (path: string, body: unknown) => (await (await fetch(`${emu.v2}/${path}`, { method: 'POST', headers: { cookie }, body: JSON.stringify(body) })).json()) as Row;

describe('the SAP Business One emulator against the Service Layer metadata', () => {
  it('serves only entity sets of the metadata, with the entity types it names', () => {
    for (const [set, type] of Object.entries(SETS)) expect(entitySet(set), set).toBe(type);
  });

  it('answers only properties of each entity type', async () => {
    for (const [set, type] of Object.entries(SETS)) {
      const props = typeProperties('EntityType', type);
      const rows = (await get(set)).value as Row[];
      expect(rows.length, set).toBeGreaterThan(0);
      for (const row of rows) for (const k of Object.keys(row)) expect(props.has(k), `${type}.${k}`).toBe(true);
    }
    for (const [set, [field, type]] of Object.entries(LINES)) {
      const lineProps = typeProperties('ComplexType', type);
      const [entry] = (await get(set)).value as Row[];
      const lines = entry![field] as Row[];
      expect(lines.length, `${set}.${field}`).toBeGreaterThan(0);
      for (const line of lines) for (const k of Object.keys(line)) expect(lineProps.has(k), `${type}.${k}`).toBe(true);
    }
  });

  it('Login answers a B1Session; the functions and actions it serves are declared, with their parameters', async () => {
    const session = typeProperties('EntityType', 'B1Session');
    const login = await fetch(`${emu.v2}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: emu.seed.companyDb, UserName: 'manager', Password: 'B1Admin!' }) });
    for (const k of Object.keys(await login.json() as Row)) if (!k.startsWith('@odata')) expect(session.has(k), `B1Session.${k}`).toBe(true);
    for (const p of ['CompanyDB', 'UserName', 'Password', 'Language']) expect(EDMX).toMatch(new RegExp(`<Action Name="Login">[\\s\\S]*?<Parameter Name="${p}"`));
    expect(EDMX).toContain('<Action Name="Logout" />');
    expect(EDMX).toMatch(/<Action IsBound="true" Name="Cancel">\s*<Parameter Name="JournalEntryParams" Type="SAPB1.JournalEntry" \/>/);
    expect(EDMX).toMatch(/<Function Name="SBOBobService_GetCurrencyRate">\s*<Parameter Name="Currency" Type="Edm.String" \/>\s*<Parameter Name="Date" Type="Edm.String" \/>\s*<ReturnType Type="Edm.Double" \/>/);
    expect(EDMX).toMatch(/<Function Name="CompanyService_GetAdminInfo">\s*<ReturnType Type="SAPB1.AdminInfo" \/>/);
    const admin = typeProperties('ComplexType', 'AdminInfo');
    for (const k of Object.keys(await post('CompanyService_GetAdminInfo', {}))) expect(admin.has(k), `AdminInfo.${k}`).toBe(true);
  });

  it('what the connector sends in a journal entry is all in the metadata', () => {
    const body = journalEntryBody(b1Journal('9002', 4, 'EUR'), { localCurrency: 'USD', rate: 1.0842 });
    const header = typeProperties('EntityType', 'JournalEntry');
    const line = typeProperties('ComplexType', 'JournalEntryLine');
    for (const k of Object.keys(body)) expect(header.has(k), `JournalEntry.${k}`).toBe(true);
    for (const l of body.JournalEntryLines as Row[]) for (const k of Object.keys(l)) expect(line.has(k), `JournalEntryLine.${k}`).toBe(true);
  });

  it('what the connector sends in an A/R invoice is all in the metadata, and the filter it looks duplicates up by works', async () => {
    const body = invoiceBody(ORDER_INVOICE);
    const header = typeProperties('EntityType', 'Document');
    const line = typeProperties('ComplexType', 'DocumentLine');
    for (const k of Object.keys(body)) expect(header.has(k), `Document.${k}`).toBe(true);
    for (const l of body.DocumentLines as Row[]) for (const k of Object.keys(l)) expect(line.has(k), `DocumentLine.${k}`).toBe(true);
    const found = (await get(`Invoices?$filter=NumAtCard eq '${ORDER_INVOICE.externalDocumentNumber}'&$select=DocEntry,DocNum,NumAtCard,CardCode`)).value as Row[];
    expect(found).toEqual([expect.objectContaining({ NumAtCard: ORDER_INVOICE.externalDocumentNumber, CardCode: 'C-AMZ-US' })]);
  });
});
