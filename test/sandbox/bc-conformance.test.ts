import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA, type SetSchema } from '../../core/sandbox/business-central/emulator-schema';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { readReference } from '../support/reference';

/**
 * The Business Central emulator against Microsoft's own descriptions, read from the shared reference:
 * API v2.0 pages (bc-apiv2-page-fields.json, from the AL source) for every entity set, and the v1.0
 * OpenAPI contract (bc-v1.0-BCOAS1.0.yaml) for companies, the platform entity no AL page declares.
 */
const PAGES_FILE = ['erp', 'specs', 'bc-apiv2-page-fields.json'] as const;
const OPENAPI_FILE = ['erp', 'specs', 'bc-v1.0-BCOAS1.0.yaml'] as const;

interface Page {
  entitySetName: string;
  odataKeyFields: string;
  insertAllowed: string | null;
  fields: Array<{ name: string; source: string }>;
  parts: Array<{ name: string }>;
  boundActions: string[];
}
const pages = Object.values((JSON.parse(readReference(...PAGES_FILE)) as { pages: Record<string, Page> }).pages);

// The AL source writes these pages' `code` field quoted, field("code"; ...), which the JSON's regex missed
// (APIV2Journals, APIV2DimensionSetLines, APIV2Dimensions, APIV2DimensionValuesEntity, APIV2CustPaymJournals,
// APIV2TaxGroups, APIV2PaymentMethods .Page.al).
const QUOTED_CODE = new Set(['journals', 'dimensions', 'dimensionValues', 'dimensionSetLines', 'customerPaymentJournals', 'taxGroups', 'paymentMethods']);

/** The scalar properties of a component schema of the OpenAPI contract (an indentation reader: the file is plain block YAML). */
function openApiProperties(schema: string): string[] {
  const lines = readReference(...OPENAPI_FILE).split('\n');
  const start = lines.findIndex((l) => l === `  ${schema}:`);
  if (start < 0) throw new Error(`${OPENAPI_FILE.join('/')} has no schema '${schema}'`);
  const out: string[] = [];
  let name: string | null = null;
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,2}\S/.test(line)) break;
    const prop = /^ {4}(\w+):\s*$/.exec(line);
    if (prop) name = prop[1]!;
    const type = /^ {6}type:\s*(\w+)/.exec(line);
    if (type && name && type[1] !== 'array' && type[1] !== 'object') out.push(name);
  }
  return out;
}

const served = Object.entries(SCHEMA) as Array<[string, SetSchema]>;
const withPage = served.filter(([set]) => set !== 'companies' && pages.some((p) => p.entitySetName === set));
const withoutSpec = served.filter(([set]) => set !== 'companies' && !pages.some((p) => p.entitySetName === set));

describe('Business Central emulator conforms to API v2.0 (bc-apiv2-page-fields.json)', () => {
  for (const [set, schema] of withPage) {
    const page = pages.find((p) => p.entitySetName === set)!;
    it(`${set}: properties, key, parts, actions and writability are the page's`, () => {
      const names = new Set(page.fields.map((f) => f.name));
      if (QUOTED_CODE.has(set)) names.add('code');
      expect(schema.fields.filter((f) => !names.has(f)), `properties of ${set} the page does not declare`).toEqual([]);
      const keyProperties = page.odataKeyFields.split(',').map((k) => page.fields.find((f) => f.source === `Rec.${k.trim()}`)?.name);
      expect(keyProperties, `key of ${set} (${page.odataKeyFields})`).toEqual(['id']);
      expect(schema.fields).toContain('id');
      const parts = new Set(page.parts.map((p) => p.name));
      expect(Object.keys(schema.parts).filter((p) => !parts.has(p)), `navigation parts of ${set} the page does not have`).toEqual([]);
      expect(schema.actions.filter((a) => !page.boundActions.includes(a)), `bound actions of ${set} the page does not have`).toEqual([]);
      expect(schema.readOnly, `${set} is read-only exactly when the page refuses inserts`).toBe(page.insertAllowed === 'false');
    });
  }

  it('companies: properties are those of the company schema in the v1.0 contract (bc-v1.0-BCOAS1.0.yaml)', () => {
    const real = openApiProperties('company');
    expect(real.length).toBeGreaterThan(0);
    expect(SCHEMA.companies.fields.filter((f) => !real.includes(f))).toEqual([]);
  });

  // No API v2.0 page of the credit memo lines is in the reference; the v1.0 contract has their schema. What
  // v2.0 added to the sales invoice lines over v1.0's (lineObjectNumber in place of lineDetails, ...) is taken
  // as added to the credit memo lines too: the two line pages share their shape in both versions.
  it('salesCreditMemoLines: properties are the v1.0 salesCreditMemoLine schema\'s plus what v2.0 added to sales invoice lines, under salesCreditMemos as its part', () => {
    const v1 = openApiProperties('salesCreditMemoLine');
    expect(v1).toContain('unitPrice');
    const invoiceLinesV1 = openApiProperties('salesInvoiceLine');
    const addedInV2 = pages.find((p) => p.entitySetName === 'salesInvoiceLines')!.fields.map((f) => f.name).filter((f) => !invoiceLinesV1.includes(f));
    expect(addedInV2).toContain('lineObjectNumber');
    expect(SCHEMA.salesCreditMemoLines.fields.filter((f) => !v1.includes(f) && !addedInV2.includes(f))).toEqual([]);
    const memos = pages.find((p) => p.entitySetName === 'salesCreditMemos')!;
    expect(memos.parts.map((p) => p.name)).toContain('salesCreditMemoLines');
  });

  // A set the emulator serves that no reference file describes is named here, never passed over in silence.
  for (const [set] of withoutSpec.filter(([set]) => set !== 'salesCreditMemoLines')) {
    const gap = `${set}: NO OFFICIAL SPEC — ${PAGES_FILE.join('/')} has no page with entitySetName '${set}', so its shape is unchecked`;
    console.warn(gap);
    it.skip(gap, () => undefined);
  }
});

describe('what the running emulator serves', () => {
  let emu: BusinessCentralEmulator;
  let token = '';
  beforeAll(async () => {
    emu = await startBusinessCentralEmulator();
    const res = await fetch(emu.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.clientId, client_secret: emu.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' }) });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => { await emu.stop(); });
  const get = (path: string) => fetch(`${emu.apiBaseUrl}/companies(${emu.companyId})/${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers every top-level set it declares with rows of the page\'s properties, each reachable by its key', async () => {
    for (const [set, schema] of withPage) {
      if (schema.parent) continue;
      const res = await get(set);
      expect(res.status, set).toBe(200);
      const rows = ((await res.json()) as { value: Array<Record<string, unknown>> }).value;
      const page = pages.find((p) => p.entitySetName === set)!;
      const names = new Set([...page.fields.map((f) => f.name), ...(QUOTED_CODE.has(set) ? ['code'] : [])]);
      for (const row of rows) expect(Object.keys(row).filter((k) => !k.startsWith('@odata') && !names.has(k)), set).toEqual([]);
      const first = rows[0];
      if (first) expect((await get(`${set}(${String(first.id)})`)).status, `${set}(id)`).toBe(200);
    }
  });

  it('refuses a bound action the page does not have, and runs one it has', async () => {
    const post = (path: string, body?: unknown) => fetch(`${emu.apiBaseUrl}/companies(${emu.companyId})/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const journal = (await (await post('journals', { code: 'CONFORM' })).json()) as { id: string };
    expect(pages.find((p) => p.entitySetName === 'journals')!.boundActions).not.toContain('Microsoft.NAV.send');
    expect((await post(`journals(${journal.id})/Microsoft.NAV.send`)).status).toBe(400);
    // Microsoft.NAV.post is the page's action: an empty journal is refused in BC's words, not as an unknown action.
    const posted = await post(`journals(${journal.id})/Microsoft.NAV.post`);
    expect(((await posted.json()) as { error: { message: string } }).error.message).toContain('There is nothing to post.');
  });
});
