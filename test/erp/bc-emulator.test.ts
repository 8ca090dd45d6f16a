import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../core/sandbox/business-central/emulator-schema';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { readReference, referencePath } from '../support/reference';

// Real API v2.0 property names, read at test time from the shared reference (ALAPP page fields).
const reference = JSON.parse(readFileSync(referencePath('erp', 'specs', 'bc-apiv2-page-fields.json'), 'utf8')) as {
  pages: Record<string, { entitySetName: string; fields: Array<{ name: string }>; insertAllowed: string | null }>;
};
// Quoted AL field names the reference's regex missed: field("code"; ...) in APIV2Journals.Page.al,
// APIV2DimensionSetLines.Page.al, and the dimension pages.
const QUOTED_CODE = new Set(['journals', 'dimensions', 'dimensionValues', 'dimensionSetLines', 'customerPaymentJournals', 'taxGroups', 'paymentMethods']);
const COMPANY_FIELDS = ['id', 'systemVersion', 'name', 'displayName', 'businessProfileId']; // bc-v1.0-BCOAS1.0.yaml /companies $select

// currencyExchangeRates is documented on learn.microsoft.com (api-reference/v2.0/resources/
// dynamics_currencyexchangerate), not among the ALAPP pages of the JSON: its properties are read from
// the section of NOTES.md that cites that page.
const notes = readReference('erp', 'NOTES.md');
const ratesSection = notes.slice(notes.indexOf('## Business Central: currency exchange rates'));
function documentedRateFields(): Set<string> {
  const props = /properties ([^;]+);/.exec(ratesSection.replace(/\s+/g, ' '))?.[1] ?? '';
  return new Set([...props.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
}

/** A schema's properties in the v1.0 contract (plain block YAML, read by indentation). */
function v1Fields(schema: string): Set<string> {
  const lines = readFileSync(referencePath('erp', 'specs', 'bc-v1.0-BCOAS1.0.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l === `  ${schema}:`);
  const names = new Set<string>();
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,2}\S/.test(line)) break;
    const prop = /^ {4}(\w+):\s*$/.exec(line);
    if (prop) names.add(prop[1]!);
  }
  return names;
}

/**
 * The reference has no API v2.0 page of the credit memo lines: their v1.0 schema, plus what v2.0 added to
 * the sales invoice lines over v1.0's (the two line pages share their shape).
 */
function creditMemoLineFields(): Set<string> {
  const invoiceV1 = v1Fields('salesInvoiceLine');
  return new Set([...v1Fields('salesCreditMemoLine'), ...[...realFields('salesInvoiceLines')].filter((f) => !invoiceV1.has(f))]);
}

/**
 * Posted shipments are not in bc-apiv2-page-fields.json: the fields of microsoft/ALAppExtensions
 * Apps/W1/APIV2/app/src/pages/APIV2SalesShipments.Page.al (page 30062) and APIV2SalesShipmentLines.Page.al (30063).
 */
const SHIPMENT_PAGES: Record<string, string[]> = {
  salesShipments: ['id', 'number', 'externalDocumentNumber', 'invoiceDate', 'postingDate', 'dueDate', 'customerPurchaseOrderReference', 'customerId', 'customerNumber', 'customerName',
    'billToCustomerId', 'billToName', 'billToCustomerNumber', 'shipToName', 'shipToContact', 'currencyCode', 'orderNumber', 'paymentTermsCode', 'shipmentMethodCode', 'salesperson',
    'pricesIncludeTax', 'lastModifiedDateTime', 'phoneNumber', 'email'],
  salesShipmentLines: ['id', 'documentId', 'documentNo', 'sequence', 'lineType', 'lineObjectNumber', 'description', 'description2', 'unitOfMeasureCode', 'unitPrice', 'quantity',
    'discountPercent', 'taxPercent', 'shipmentDate'],
};

function realFields(set: string): Set<string> {
  if (set === 'companies') return new Set(COMPANY_FIELDS);
  if (set === 'salesCreditMemoLines') return creditMemoLineFields();
  if (set === 'currencyExchangeRates') return documentedRateFields();
  // BCDOCS dev-itpro/api-reference/v2.0/api/dynamics_customerreturnreason_create.md: its request and response bodies.
  if (set === 'customerReturnReasons') return new Set(['id', 'code', 'description']);
  if (set in SHIPMENT_PAGES) return new Set(SHIPMENT_PAGES[set]);
  const page = Object.values(reference.pages).find((p) => p.entitySetName === set);
  if (!page) throw new Error(`no reference page for ${set}`);
  const names = new Set(page.fields.map((f) => f.name));
  if (QUOTED_CODE.has(set)) names.add('code');
  return names;
}

let emu: BusinessCentralEmulator;
let token = '';
beforeAll(async () => {
  emu = await startBusinessCentralEmulator({ maxPageSize: 20_000 });
  const res = await fetch(emu.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.clientId, client_secret: emu.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' }) });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => { await emu.stop(); });

const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${emu.apiBaseUrl}/companies(${emu.companyId})/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

describe('Business Central emulator fidelity', () => {
  it('serves the company\'s exchange rates read-only, as BC documents only GET for them', async () => {
    const rows = ((await (await api('currencyExchangeRates?$filter=currencyCode eq \'JPY\'')).json()) as { value: Array<Record<string, unknown>> }).value;
    expect(rows).toEqual([expect.objectContaining({ currencyCode: 'JPY', startingDate: '2024-01-01', exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 0.6123 })]);
    const post = await api('currencyExchangeRates', { method: 'POST', body: JSON.stringify({ currencyCode: 'CHF', startingDate: '2026-01-01', exchangeRateAmount: 1, relationalExchangeRateAmount: 1.05 }) });
    expect(post.status).toBe(405);
  });

  it('declares and returns only real API v2.0 property names', async () => {
    for (const [set, schema] of Object.entries(SCHEMA)) {
      const real = realFields(set);
      for (const f of schema.fields) expect(real.has(f), `${set}.${f}`).toBe(true);
    }
    for (const set of ['accounts', 'customers', 'vendors', 'items', 'purchaseOrders', 'dimensions'] as const) {
      const body = (await (await api(set)).json()) as { value: Array<Record<string, unknown>> };
      expect(body.value.length).toBeGreaterThan(0);
      for (const row of body.value) for (const k of Object.keys(row)) if (!k.startsWith('@odata')) expect(realFields(set).has(k), `${set}.${k}`).toBe(true);
    }
  });

  it('refuses writes to read-only entities with BC\'s error body', async () => {
    for (const set of ['accounts', 'generalLedgerEntries', 'dimensions']) {
      expect(reference.pages[Object.keys(reference.pages).find((k) => reference.pages[k]!.entitySetName === set)!]!.insertAllowed).toBe('false');
      const res = await api(set, { method: 'POST', body: JSON.stringify({ number: '1234' }) });
      expect(res.status).toBe(405);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BadRequest_MethodNotAllowed');
      expect(body.error.message).toContain(`'POST' requests for '${set}' of EdmType 'Entity' are not allowed`);
    }
  });

  it('refuses property names that do not exist', async () => {
    const res = await api('customers', { method: 'POST', body: JSON.stringify({ number: 'C1', name: 'x' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("The property 'name' does not exist");
  });

  it('pages with Prefer: odata.maxpagesize and @odata.nextLink', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${emu.apiBaseUrl}/companies(${emu.companyId})/accounts`;
    let first = true;
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=5' } });
      if (first) expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=5');
      first = false;
      const body = (await res.json()) as { value: Array<{ number: string }>; '@odata.nextLink'?: string };
      expect(body.value.length).toBeLessThanOrEqual(5);
      seen.push(...body.value.map((v) => v.number));
      url = body['@odata.nextLink'];
    }
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it('filters by lastModifiedDateTime for incremental reads', async () => {
    const all = (await (await api('customers')).json()) as { value: Array<{ lastModifiedDateTime: string }> };
    const since = all.value[0]!.lastModifiedDateTime;
    emu.advanceTime(1000);
    await api('customers', { method: 'POST', body: JSON.stringify({ number: 'AMZ-NEW', displayName: 'New' }) });
    const changed = (await (await api(`customers?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}`)).json()) as { value: Array<{ number: string }> };
    expect(changed.value.map((c) => c.number)).toEqual(['AMZ-NEW']);
  });

  it('PATCH needs If-Match; a stale ETag is refused', async () => {
    const list = (await (await api("items?$filter=number eq '1900-S'")).json()) as { value: Array<{ id: string; '@odata.etag': string }> };
    const item = list.value[0]!;
    const noEtag = await api(`items(${item.id})`, { method: 'PATCH', body: JSON.stringify({ displayName: 'x' }) });
    expect(((await noEtag.json()) as { error: { code: string } }).error.code).toBe('BadRequest_InvalidToken');
    const ok = await api(`items(${item.id})`, { method: 'PATCH', headers: { 'if-match': item['@odata.etag'] }, body: JSON.stringify({ displayName: 'Chair' }) });
    expect(ok.status).toBe(200);
    const stale = await api(`items(${item.id})`, { method: 'PATCH', headers: { 'if-match': item['@odata.etag'] }, body: JSON.stringify({ displayName: 'Chair 2' }) });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('Request_EntityChanged');
  });

  it('journalLines cannot be read outside a journal, and $batch takes at most 100 operations', async () => {
    const res = await api('journalLines');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('You must specify a journal batch ID or a journal ID');
    const requests = Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: `companies(${emu.companyId})/items` }));
    const batch = await fetch(`${emu.apiBaseUrl}/$batch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ requests }) });
    expect(batch.status).toBe(400);
  });

  it('answers token errors with Entra\'s AADSTS bodies', async () => {
    const res = await fetch(emu.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.clientId, client_secret: 'wrong', scope: 'https://api.businesscentral.dynamics.com/.default' }) });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: string; error_description: string; error_codes: number[]; trace_id: string; correlation_id: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
    expect(body.error_codes).toEqual([7000215]);
    expect(body.trace_id && body.correlation_id).toBeTruthy();
  });

  it('rejects expired tokens', async () => {
    emu.advanceTime(3600_000);
    const res = await api('items');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Authentication_InvalidCredentials');
  });
});
