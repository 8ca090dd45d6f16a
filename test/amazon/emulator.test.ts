import { afterEach, describe, expect, it } from 'vitest';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { ManualClock } from '../sync/sync-fixture';
import { declaredHeaders, responseErrors } from './contract';

let emu: AmazonEmulator;
afterEach(async () => {
  await emu?.stop();
});

async function token(e: AmazonEmulator, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(e.lwaUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: e.refreshToken, client_id: e.clientId, client_secret: e.clientSecret, ...fields }).toString(),
  });
}

async function accessToken(e: AmazonEmulator): Promise<string> {
  return ((await (await token(e)).json()) as { access_token: string }).access_token;
}

const sp = (e: AmazonEmulator, path: string, tok?: string) =>
  fetch(e.url + path, { headers: tok ? { 'x-amz-access-token': tok } : {} });

describe('Amazon emulator: Login with Amazon', () => {
  it('exchanges a refresh token for an expiring bearer token', async () => {
    emu = await startAmazonEmulator();
    const res = await token(emu);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(String(body.access_token)).toMatch(/^Atza\|/);
  });

  it('answers invalid_grant for an unknown or revoked refresh token and invalid_client for a wrong secret', async () => {
    emu = await startAmazonEmulator();
    const wrongGrant = await token(emu, { refresh_token: 'Atzr|nope' });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('refresh_token') });
    const wrongSecret = await token(emu, { client_secret: 'old' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
    emu.faults.revokeRefreshToken(emu.refreshToken);
    expect((await token(emu)).status).toBe(400);
  });
});

describe('Amazon emulator: SP-API', () => {
  it('refuses calls without a token and with an expired token, with the documented 403 body and no rate-limit header', async () => {
    emu = await startAmazonEmulator({ timeScale: 1000 });
    const anonymous = await sp(emu, '/sellers/v1/marketplaceParticipations');
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    const tok = await accessToken(emu);
    expect((await sp(emu, '/sellers/v1/marketplaceParticipations', tok)).status).toBe(200);
    emu.faults.expireTokens();
    const expired = await sp(emu, '/sellers/v1/marketplaceParticipations', tok);
    expect(expired.status).toBe(403);
    const body = await expired.json();
    expect(body).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided has expired.' }] });
    expect(responseErrors('sellers.json', 'getMarketplaceParticipations', 403, body)).toEqual([]);
  });

  it('serves getMarketplaceParticipations in the model shape with x-amzn-RateLimit-Limit', async () => {
    emu = await startAmazonEmulator();
    const res = await sp(emu, '/sellers/v1/marketplaceParticipations', await accessToken(emu));
    expect(declaredHeaders('sellers.json', 'getMarketplaceParticipations', 200)).toContain('x-amzn-ratelimit-limit');
    expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.016');
    const body = (await res.json()) as { payload: { marketplace: { countryCode: string } }[] };
    expect(responseErrors('sellers.json', 'getMarketplaceParticipations', 200, body)).toEqual([]);
    expect(body.payload.map((p) => p.marketplace.countryCode)).toEqual(['US', 'CA', 'GB', 'DE', 'JP']);
  });

  it('enforces the burst of the usage plan and answers 429 QuotaExceeded without a rate-limit header', async () => {
    emu = await startAmazonEmulator();
    const tok = await accessToken(emu);
    // getMarketplaceParticipations: burst 15, then 0.016 tokens/s (sellers.json).
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await sp(emu, '/sellers/v1/marketplaceParticipations', tok)).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    const throttled = await sp(emu, '/sellers/v1/marketplaceParticipations', tok);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    const body = await throttled.json();
    expect(body).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] });
    expect(responseErrors('sellers.json', 'getMarketplaceParticipations', 429, body)).toEqual([]);
  });

  it('refills the bucket at the plan rate, on the emulator clock', async () => {
    // rate 0.5/s: one token every 2 s of the emulator's time, which moves only when the test moves it, so
    // the answers do not hang on how fast this machine sends the requests.
    emu = await startAmazonEmulator({ clock: new ManualClock(Date.parse('2026-06-16T08:14:22Z')), usagePlans: { getReport: { rate: 0.5, burst: 2 } } });
    const tok = await accessToken(emu);
    const get = async () => (await sp(emu, '/reports/2021-06-30/reports/50001', tok)).status;
    expect([await get(), await get(), await get()]).toEqual([200, 200, 429]);
    emu.advanceTime(1_000);
    expect(await get()).toBe(429);
    emu.advanceTime(1_000);
    expect([await get(), await get()]).toEqual([200, 429]);
  });

  it('pages getReports with URL-unsafe tokens that must be sent alone', async () => {
    emu = await startAmazonEmulator();
    const tok = await accessToken(emu);
    const first = await sp(emu, '/reports/2021-06-30/reports?reportTypes=GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2&pageSize=1', tok);
    const page1 = (await first.json()) as { reports: { reportId: string }[]; nextToken: string };
    expect(responseErrors('reports_2021-06-30.json', 'getReports', 200, page1)).toEqual([]);
    expect(page1.reports).toHaveLength(1);
    expect(page1.nextToken).toContain('+');
    const withOthers = await sp(emu, `/reports/2021-06-30/reports?pageSize=1&nextToken=${encodeURIComponent(page1.nextToken)}`, tok);
    expect(withOthers.status).toBe(400);
    expect(responseErrors('reports_2021-06-30.json', 'getReports', 400, await withOthers.json())).toEqual([]);
    const unencoded = await sp(emu, `/reports/2021-06-30/reports?nextToken=${page1.nextToken}`, tok);
    expect(unencoded.status).toBe(400);
    const seen = new Set(page1.reports.map((r) => r.reportId));
    let token: string | undefined = page1.nextToken;
    while (token) {
      const page = (await (await sp(emu, `/reports/2021-06-30/reports?nextToken=${encodeURIComponent(token)}`, tok)).json()) as { reports: { reportId: string }[]; nextToken?: string };
      for (const r of page.reports) seen.add(r.reportId);
      token = page.nextToken;
    }
    // Every demo settlement report once: US, DE, CA, UK and JP.
    expect(seen.size).toBe(emu.sellers[0]!.reports.length);
    expect(seen.size).toBe(5);
  });

  it('refuses to create a settlement report as Amazon does', async () => {
    emu = await startAmazonEmulator();
    const res = await fetch(emu.url + '/reports/2021-06-30/reports', {
      method: 'POST',
      headers: { 'x-amz-access-token': await accessToken(emu), 'content-type': 'application/json' },
      body: JSON.stringify({ reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2', marketplaceIds: ['ATVPDKIKX0DER'] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ code: 'InvalidInput', message: 'Request for report type 1118 is not allowed at this time' }] });
  });

  it('injects 500/503 bursts and dropped connections on demand', async () => {
    emu = await startAmazonEmulator();
    const tok = await accessToken(emu);
    emu.faults.failNext(1, 503).failNext(1, 500).dropNext(1);
    const a = await sp(emu, '/sellers/v1/marketplaceParticipations', tok);
    expect(a.status).toBe(503);
    expect(responseErrors('sellers.json', 'getMarketplaceParticipations', 503, await a.json())).toEqual([]);
    expect((await sp(emu, '/sellers/v1/marketplaceParticipations', tok)).status).toBe(500);
    await expect(sp(emu, '/sellers/v1/marketplaceParticipations', tok)).rejects.toThrow();
    expect((await sp(emu, '/sellers/v1/marketplaceParticipations', tok)).status).toBe(200);
  });

  it('sends finance amounts as exact JSON numbers in the financesV0 shape', async () => {
    emu = await startAmazonEmulator();
    const tok = await accessToken(emu);
    const res = await sp(emu, '/finances/v0/financialEventGroups?FinancialEventGroupStartedAfter=2020-01-01T00:00:00Z', tok);
    const text = await res.text();
    expect(text).toContain('"CurrencyAmount":979.33');
    expect(text).toContain('"CurrencyAmount":0.00');
    expect(responseErrors('financesV0.json', 'listFinancialEventGroups', 200, JSON.parse(text))).toEqual([]);
  });
});
