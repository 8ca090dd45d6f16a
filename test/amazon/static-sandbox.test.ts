import { afterEach, describe, expect, it } from 'vitest';
import { testAmazonConnection } from '../../core/amazon/test-connection';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { MODELS_DIR } from './contract';

let emu: AmazonEmulator;
afterEach(async () => {
  await emu?.stop();
});

async function token(e: AmazonEmulator): Promise<string> {
  const res = await fetch(e.lwaUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: e.refreshToken, client_id: e.clientId, client_secret: e.clientSecret }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('static sandbox replay (x-amzn-api-sandbox)', () => {
  it("answers Test connection with the sellers model's sandbox participation", async () => {
    emu = await startAmazonEmulator({ staticSandboxModelsDir: MODELS_DIR });
    const result = await testAmazonConnection({ region: 'NA', lwaClientId: emu.clientId, endpointOverride: emu.url }, { clientSecret: emu.clientSecret, refreshToken: emu.refreshToken });
    expect(result).toMatchObject({ ok: true, storeName: 'BestSellerStore', marketplaces: [{ id: 'ATVPDKIKX0DER', currency: 'USD' }] });
  });

  it('matches query, path and body parameters and returns the documented status', async () => {
    emu = await startAmazonEmulator({ staticSandboxModelsDir: MODELS_DIR });
    const t = await token(emu);
    const get = (path: string) => fetch(emu.url + path, { headers: { 'x-amz-access-token': t } });
    const groups = await get('/finances/v0/financialEventGroups?MaxResultsPerPage=1&FinancialEventGroupStartedBefore=2019-10-31&FinancialEventGroupStartedAfter=2019-10-13');
    expect(groups.status).toBe(200);
    expect(((await groups.json()) as { payload: { FinancialEventGroupList: { FinancialEventGroupId: string }[] } }).payload.FinancialEventGroupList[0]?.FinancialEventGroupId).toBe('1');
    expect((await get('/reports/2021-06-30/reports?reportTypes=FEE_DISCOUNTS_REPORT,GET_AFN_INVENTORY_DATA&processingStatuses=BAD_VALUE,IN_PROGRESS')).status).toBe(400);
    expect((await get('/reports/2021-06-30/reports/badReportId1')).status).toBe(400);
    const created = await fetch(emu.url + '/reports/2021-06-30/reports', {
      method: 'POST',
      headers: { 'x-amz-access-token': t, 'content-type': 'application/json' },
      body: JSON.stringify({ reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', dataStartTime: '2024-03-10T20:11:24.000Z', marketplaceIds: ['A1PA6795UKMFR9', 'ATVPDKIKX0DER'] }),
    });
    expect(created.status).toBe(202);
    expect(await created.json()).toEqual({ reportId: 'ID323' });
    expect((await get('/reports/2021-06-30/reports/not-a-sandbox-id')).status).toBe(404);
  });
});
