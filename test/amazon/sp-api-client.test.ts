import { afterEach, describe, expect, it } from 'vitest';
import { AmazonError } from '../../core/amazon/errors';
import { RateLimiter } from '../../core/amazon/rate-limiter';
import { getReport } from '../../core/amazon/reports';
import { SpApiClient } from '../../core/amazon/sp-api-client';
import { harness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const callGetReport = () => getReport(h.client, '50001');

describe('SP-API client: rate limits', () => {
  it('makes concurrent callers wait for tokens instead of being throttled', async () => {
    // 4/s: the client's 5 % headroom is 12 ms per token, more than loopback scheduling jitter on a busy CI box.
    const plan = { getReport: { rate: 4, burst: 3 } };
    h = await harness({ usagePlans: plan }, { usagePlans: plan });
    // Warm the token and the connection, then let both buckets fill up again.
    await callGetReport();
    await new Promise((r) => setTimeout(r, 800));
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 8 }, callGetReport));
    const seconds = (performance.now() - started) / 1000;
    expect(results).toHaveLength(8);
    // Without pacing, 5 of the 8 would be refused. The client's bucket counts when a request leaves and the
    // emulator's when it arrives; on a loaded machine one arrival can come more than the 12 ms headroom
    // after the previous one was delayed, so one refusal (retried by the client) is not a pacing fault.
    expect(h.emulator.stats.throttled).toBeLessThanOrEqual(1);
    // 3 from the burst, 5 more at 4/s: the client waited at least 1.25 s rather than sending at once.
    expect(seconds).toBeGreaterThanOrEqual(1.24);
  });

  it('keeps two clients of the same seller inside one usage plan when they share a limiter', async () => {
    const plan = { getReport: { rate: 4, burst: 2 } };
    h = await harness({ usagePlans: plan }, { usagePlans: plan });
    const second = new SpApiClient({ ...h.client.options, rateLimiter: h.client.limiter });
    await Promise.all([getReport(h.client, '50001'), getReport(second, '50001')]);
    await new Promise((r) => setTimeout(r, 600));
    await Promise.all(Array.from({ length: 4 }, (_, i) => getReport(i % 2 ? second : h.client, '50001')));
    expect(h.emulator.stats.throttled).toBe(0);
    // Without sharing, each client would spend its own burst and Amazon's single bucket would refuse some.
    const alone = new SpApiClient({ ...h.client.options, rateLimiter: new RateLimiter(h.client.clock, plan) });
    await new Promise((r) => setTimeout(r, 600));
    await Promise.all([getReport(h.client, '50001'), getReport(h.client, '50001'), getReport(alone, '50001'), getReport(alone, '50001')]);
    expect(h.emulator.stats.throttled).toBeGreaterThan(0);
  });

  it('adopts the rate Amazon reports in x-amzn-RateLimit-Limit', async () => {
    // The client believes 100/s; Amazon grants 4/s and says so in the header.
    h = await harness({ usagePlans: { getReport: { rate: 4, burst: 1 } } }, { usagePlans: { getReport: { rate: 100, burst: 1 } } });
    for (let i = 0; i < 4; i++) await callGetReport();
    expect(h.client.limiter.bucket(h.client.options.credentials.refreshToken.slice(-12), 'NA', 'getReport').currentRate).toBe(4);
    // Only the first call (before any header) can be early; after it the client paces itself.
    expect(h.emulator.stats.throttled).toBeLessThanOrEqual(1);
  });
});

describe('SP-API client: failures', () => {
  it('retries a 429 storm with backoff and succeeds, auditing every attempt', async () => {
    h = await harness();
    h.emulator.faults.throttle(2, { operation: 'getReport' });
    const report = await callGetReport();
    expect(report.reportId).toBe('50001');
    const rows = h.audit.list({ system: 'amazon' }).filter((r) => r.operation === 'getReport').reverse();
    expect(rows.map((r) => r.status)).toEqual(['429', '429', '200']);
    const last = JSON.parse(rows[2]?.detail ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ attempt: 3, retries: 2, rateLimitLimit: '2' });
    expect(rows[0]?.response).toContain('QuotaExceeded');
  });

  it('gives up after the bounded number of attempts with a clear throttling error', async () => {
    h = await harness();
    h.emulator.faults.throttle(50, { operation: 'getReport' });
    const err = (await callGetReport().catch((e: unknown) => e)) as AmazonError;
    expect(err).toBeInstanceOf(AmazonError);
    expect(err.kind).toBe('throttled');
    expect(err.message).toMatch(/kept throttling getReport \(429 QuotaExceeded\) through 4 attempts/);
    expect(h.emulator.stats.byOperation.getReport?.requests).toBe(4);
  });

  it('recovers from a 500/503 burst and from a dropped connection', async () => {
    h = await harness();
    h.emulator.faults.failNext(1, 503, { operation: 'getReport' }).failNext(1, 500, { operation: 'getReport' }).dropNext(1, { operation: 'getReport' });
    expect((await callGetReport()).reportId).toBe('50001');
    const statuses = h.audit.list({ system: 'amazon' }).filter((r) => r.operation === 'getReport').map((r) => r.status).reverse();
    expect(statuses).toEqual(['503', '500', 'network-error', '200']);
  });

  it('gives up on an answer slower than the request timeout and retries it', async () => {
    h = await harness({}, { requestTimeoutMs: 100 });
    h.emulator.faults.delayNext(1, 400, { operation: 'getReport' });
    expect((await callGetReport()).reportId).toBe('50001');
    // The first attempt was given up (not waited out: it would have answered 200) and asked again.
    const statuses = h.audit.list({ system: 'amazon' }).filter((r) => r.operation === 'getReport').map((r) => r.status).reverse();
    expect(statuses).toEqual(['network-error', '200']);
  });

  it('does not resend a POST whose connection dropped (it may have been processed)', async () => {
    h = await harness();
    h.emulator.faults.dropNext(1, { operation: 'createReport' });
    const err = (await h.client
      .request({ operation: 'createReport', method: 'POST', path: '/reports/2021-06-30/reports', body: { reportType: 'GET_FLAT_FILE_OPEN_LISTINGS_DATA', marketplaceIds: ['ATVPDKIKX0DER'] } })
      .catch((e: unknown) => e)) as AmazonError;
    expect(err.kind).toBe('unavailable');
    expect(h.emulator.stats.byOperation.createReport?.requests).toBe(1);
  });

  it('reports a persistent 5xx as Amazon being unavailable after the retry budget', async () => {
    h = await harness();
    h.emulator.faults.failNext(10, 503);
    const err = (await callGetReport().catch((e: unknown) => e)) as AmazonError;
    expect(err.kind).toBe('unavailable');
    expect(err.message).toMatch(/answered 503 for getReport through 4 attempts/);
  });

  it('refreshes an access token that expired early and resends the call once', async () => {
    h = await harness();
    await callGetReport();
    h.emulator.faults.expireTokens();
    expect((await callGetReport()).reportId).toBe('50001');
    expect(h.emulator.stats.tokenRequests).toBe(2);
  });

  it('does not retry a 4xx that retrying cannot fix', async () => {
    h = await harness();
    const err = (await getReport(h.client, 'no-such-report').catch((e: unknown) => e)) as AmazonError;
    expect(err.kind).toBe('request');
    expect(err.detail).toMatchObject({ status: 404, codes: ['NotFound'], attempts: 1 });
  });
});
