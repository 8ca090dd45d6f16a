import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';

// The emulator's webhook subscriptions against what BCDOCS dynamics-subscriptions.md and
// dynamics_subscriptions_{create,update}.md describe, seen from a subscriber written by hand here.
const DAY = 24 * 60 * 60_000;
/** The emulator's clock, pinned: expiries are measured from it, not from the machine's date. */
const clock = clockStartingAt(Date.parse('2026-06-20T12:00:00Z'));
let emu: BusinessCentralEmulator;
let token = '';
let subscriber: Server;
let subscriberUrl = '';
/** How the subscriber answers: the handshake (echo or not), and notifications (status). */
const behaviour = { echo: true, notifyStatus: 202 };
const received: Array<{ method: string; url: string; body: string }> = [];

beforeAll(async () => {
  emu = await startBusinessCentralEmulator({ clock, tokenLifetimeSeconds: 30 * 86_400, webhooks: { notificationDelayMs: 60_000, handshakeTimeoutMs: 1_000, retryDelayMs: 10, maxRetries: 3, maxNotifications: 5 } });
  const res = await fetch(emu.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.clientId, client_secret: emu.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' }) });
  token = ((await res.json()) as { access_token: string }).access_token;
  subscriber = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      const t = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
      if (t !== null) { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(behaviour.echo ? t : 'nope'); return; }
      res.writeHead(behaviour.notifyStatus); res.end();
    });
  });
  await new Promise<void>((r) => subscriber.listen(0, '127.0.0.1', r));
  subscriberUrl = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await emu.stop();
  await new Promise((r) => subscriber.close(r));
});
beforeEach(async () => {
  behaviour.echo = true;
  behaviour.notifyStatus = 202;
  received.length = 0;
  for (const s of emu.webhooks.list()) await api(`subscriptions('${s.subscriptionId}')`, { method: 'DELETE' });
});

const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${emu.apiBaseUrl}/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
const resource = (set: string) => `/api/v2.0/companies(${emu.companyId})/${set}`;
const subscribe = (set: string, notificationUrl = subscriberUrl) => api('subscriptions', { method: 'POST', body: JSON.stringify({ notificationUrl, resource: resource(set), clientState: 'secret-state' }) });
const addCustomer = (number: string) => api(`companies(${emu.companyId})/customers`, { method: 'POST', body: JSON.stringify({ number, displayName: number }) });

describe('Business Central emulator webhook subscriptions', () => {
  it('registers only after the handshake, with a three-day expiry, at the service root', async () => {
    const res = await subscribe('customers');
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['@odata.etag', 'clientState', 'expirationDateTime', 'lastModifiedDateTime', 'notificationUrl', 'resource', 'subscriptionId', 'systemCreatedAt', 'systemCreatedBy', 'systemModifiedAt', 'systemModifiedBy', 'userId'].sort());
    expect(Date.parse(body.expirationDateTime!) - clock.now()).toBeGreaterThan(3 * DAY - 60_000);
    const handshake = received.find((r) => r.url.includes('validationToken='));
    expect(handshake?.url).toMatch(/^\/hooks\?validationToken=[\w-]+$/);
    // Under a company there is no subscriptions entity.
    expect((await api(`companies(${emu.companyId})/subscriptions`)).status).toBe(404);
  });

  it('refuses a subscription whose handshake is not echoed, one for an unsupported resource, and one for another company', async () => {
    behaviour.echo = false;
    const bad = await subscribe('customers');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^The handshake with .* failed: its answer did not contain the validationToken\./);
    behaviour.echo = true;
    const temp = await subscribe('taxGroups'); // a temporary source table: no webhooks (dynamics-subscriptions.md)
    expect(temp.status).toBe(400);
    expect(((await temp.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/not supported for the resource 'taxGroups'/) });
    const other = await api('subscriptions', { method: 'POST', body: JSON.stringify({ notificationUrl: subscriberUrl, resource: '/api/v2.0/companies(00000000-0000-0000-0000-000000000001)/customers' }) });
    expect(other.status).toBe(404);
    expect(emu.webhooks.list()).toEqual([]);
  });

  it('renews with PATCH and If-Match, repeating the handshake; without If-Match or with a stale ETag it refuses', async () => {
    const created = (await (await subscribe('items')).json()) as Record<string, string>;
    const url = `subscriptions('${created.subscriptionId}')`;
    expect((await api(url, { method: 'PATCH', body: '{}' })).status).toBe(400);
    emu.advanceTime(2 * DAY);
    received.length = 0;
    const renewed = await api(url, { method: 'PATCH', headers: { 'if-match': created['@odata.etag']! }, body: JSON.stringify({ clientState: 'secret-state' }) });
    expect(renewed.status).toBe(200);
    const body = (await renewed.json()) as Record<string, string>;
    expect(Date.parse(body.expirationDateTime!) - Date.parse(created.expirationDateTime!)).toBeGreaterThan(2 * DAY - 60_000);
    expect(received.some((r) => r.url.includes('validationToken='))).toBe(true);
    const stale = await api(url, { method: 'PATCH', headers: { 'if-match': created['@odata.etag']! }, body: '{}' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('Request_EntityChanged');
  });

  it('a subscription not renewed is gone after three days of emulated time', async () => {
    const created = (await (await subscribe('vendors')).json()) as Record<string, string>;
    emu.advanceTime(3 * DAY + 1000);
    expect(emu.webhooks.list()).toEqual([]);
    const renew = await api(`subscriptions('${created.subscriptionId}')`, { method: 'PATCH', headers: { 'if-match': '*' }, body: '{}' });
    expect(renew.status).toBe(404);
  });

  it('notifies committed changes to subscribed resources, and a rolled-back $batch not at all', async () => {
    await subscribe('customers');
    expect((await addCustomer('C-1')).status).toBe(201);
    // A snapshot batch that fails half-way changes nothing, so BC has nothing to notify.
    await api('$batch', { method: 'POST', headers: { isolation: 'snapshot' }, body: JSON.stringify({ requests: [
      { id: '1', method: 'POST', url: `companies(${emu.companyId})/customers`, headers: { 'content-type': 'application/json' }, body: { number: 'C-ROLLED', displayName: 'x' } },
      { id: '2', method: 'POST', url: `companies(${emu.companyId})/customers`, headers: { 'content-type': 'application/json' }, body: { displayName: 'no number' } },
    ] }) });
    received.length = 0;
    await emu.webhooks.flush();
    const posts = received.filter((r) => r.method === 'POST' && !r.url.includes('validationToken'));
    expect(posts).toHaveLength(1);
    const value = (JSON.parse(posts[0]!.body) as { value: Array<Record<string, string>> }).value;
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({ clientState: 'secret-state', changeType: 'created', resource: expect.stringMatching(/customers\([0-9a-f-]{36}\)$/) });
  });

  it('a change to a journal line notifies its journal', async () => {
    await subscribe('journals');
    const journal = (await (await api(`companies(${emu.companyId})/journals`, { method: 'POST', body: JSON.stringify({ code: 'HOOKS', displayName: 'webhook test' }) })).json()) as { id: string };
    await emu.webhooks.flush();
    received.length = 0;
    const line = await api(`companies(${emu.companyId})/journals(${journal.id})/journalLines`, { method: 'POST', body: JSON.stringify({ lineNumber: 10000, accountNumber: '8410', amount: 1, description: 'x' }) });
    expect(line.status).toBe(201);
    await emu.webhooks.flush();
    const value = (JSON.parse(received.find((r) => r.method === 'POST')!.body) as { value: Array<Record<string, string>> }).value;
    expect(value).toEqual([expect.objectContaining({ changeType: 'updated', resource: expect.stringMatching(new RegExp(`journals\\(${journal.id}\\)$`)) })]);
  });

  it('many changes in one window become one collection notification', async () => {
    await subscribe('customers');
    for (let i = 0; i < 6; i++) await addCustomer(`BULK-${i}`);
    received.length = 0;
    await emu.webhooks.flush();
    const value = (JSON.parse(received.find((r) => r.method === 'POST')!.body) as { value: Array<Record<string, string>> }).value;
    expect(value).toEqual([expect.objectContaining({ changeType: 'collection', resource: expect.stringMatching(/customers\?\$filter=lastModifiedDateTime%20gt%20/) })]);
  });

  it('redelivers after 503, and drops the subscription when the subscriber answers 404', async () => {
    await subscribe('customers');
    behaviour.notifyStatus = 503;
    await addCustomer('R-1');
    await emu.webhooks.flush();
    expect(emu.webhooks.delivered.slice(-3).map((d) => d.status)).toEqual([503, 503, 503]);
    expect(emu.webhooks.list()).toHaveLength(1);
    behaviour.notifyStatus = 404;
    await addCustomer('R-2');
    await emu.webhooks.flush();
    expect(emu.webhooks.delivered.at(-1)!.status).toBe(404);
    expect(emu.webhooks.list()).toEqual([]);
  });
});
