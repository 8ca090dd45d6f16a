import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { BusinessCentralSettingsSchema } from '../../core/erp/business-central/settings';
import { ReferenceCache } from '../../core/mapping/reference-cache';
import { ErpNotifications, notificationStatus } from '../../core/sync/erp-notifications';
import { importSettlement } from '../../core/settlement/settlement-store';
import { openDatabase } from '../../core/store';
import { syncCommand } from '../../core/sync/sync-command';
import { workspaceRunner } from '../../core/sync/workspace-runner';
import type { Workspace } from '../../core/workspace/workspace';
import { onlineConnector } from '../erp/bc-fixtures';
import { v2File } from '../support/settlement-files';
import { tempWorkspace } from '../support/temp-workspace';
import { clockStartingAt } from '../../core/clock/clock';
import { SYNC_START } from './discovery-fixture';
import { ManualClock, MemoryCredentials } from './sync-fixture';

const DAY = 24 * 60 * 60_000;
const BC = 'bc-hooks';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Stands in for the user's tunnel or reverse proxy: the public notification URL, forwarding to the app's port. */
async function startTunnel(targetPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void fetch(`http://127.0.0.1:${targetPort}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' }, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) })
        .then(async (r) => { res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' }); res.end(Buffer.from(await r.arrayBuffer())); })
        .catch(() => { res.writeHead(502); res.end(); });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bc-notifications`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function setup(o: { notificationUrl?: (listenPort: number) => Promise<string> } = {}) {
  // Business Central and the workspace start at SYNC_START; the notifications' own clock stands there until advanced.
  const emu: BusinessCentralEmulator = await startBusinessCentralEmulator({ latencyMs: 2, webhooks: { notificationDelayMs: 60_000, handshakeTimeoutMs: 2_000 }, clock: clockStartingAt(SYNC_START) });
  cleanup.push(() => emu.stop());
  const ws: Workspace & { remove(): void } = tempWorkspace(new MemoryCredentials(), clockStartingAt(SYNC_START));
  cleanup.push(() => ws.remove());
  const port = await freePort();
  const notificationUrl = o.notificationUrl ? await o.notificationUrl(port) : `http://127.0.0.1:${port}/bc-notifications`;
  ws.connections.upsert({
    id: BC, kind: 'business-central', name: 'BC with webhooks',
    settings: { deployment: 'online', tenantId: emu.tenantId, environment: emu.environment, clientId: emu.clientId, endpointOverride: emu.url, notificationUrl, notificationPort: String(port) },
  });
  await ws.credentials.set(BC, 'clientSecret', emu.clientSecret);
  const clock = new ManualClock(SYNC_START);
  const notifications = new ErpNotifications(ws, { clock, refreshDelayMs: 10, connector: { backoff: { baseMs: 1, capMs: 10, maxAttempts: 3 } } });
  cleanup.push(() => notifications.stop());
  /** Time passes for the app and for Business Central alike. */
  const advance = (ms: number) => { clock.advance(ms); emu.advanceTime(ms); };
  const fallbacks = () => ws.audit.list({ system: 'business-central', status: 'polling' }).filter((e) => e.operation === 'erp.notifications.fallback');
  return { emu, ws, clock, notifications, notificationUrl, advance, fallbacks };
}

describe('Business Central change notifications (webhooks)', () => {
  it('a public notification URL needs the local port it is forwarded to; a loopback URL carries its own', () => {
    const base = { deployment: 'online', tenantId: 'contoso.com', environment: 'Production', clientId: '7c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' };
    const publicUrl = BusinessCentralSettingsSchema.safeParse({ ...base, notificationUrl: 'https://hooks.contoso.com/bc' });
    expect(publicUrl.success).toBe(false);
    expect(publicUrl.error?.issues).toEqual([expect.objectContaining({ path: ['notificationPort'], message: 'Enter the local port your tunnel or proxy forwards the notification URL to' })]);
    expect(BusinessCentralSettingsSchema.safeParse({ ...base, notificationUrl: 'https://hooks.contoso.com/bc', notificationPort: '8787' }).success).toBe(true);
    expect(BusinessCentralSettingsSchema.safeParse({ ...base, notificationUrl: 'http://127.0.0.1:8787/bc' }).success).toBe(true);
    expect(BusinessCentralSettingsSchema.safeParse({ ...base, notificationUrl: 'http://hooks.contoso.com/bc', notificationPort: '8787' }).error?.issues[0]?.message).toMatch(/full https:\/\/ address/);
  });


  it('subscribes the reference resources after answering the validationToken handshake', async () => {
    const { emu, ws, clock, notifications, notificationUrl } = await setup();
    await notifications.start();
    const subs = emu.webhooks.list();
    // BC registers a subscription only after the handshake succeeded, so four live ones prove four handshakes.
    expect(subs.map((s) => s.resource.split('/').pop()).sort()).toEqual(['accounts', 'customers', 'dimensions', 'items']);
    expect(new Set(subs.map((s) => s.notificationUrl))).toEqual(new Set([notificationUrl]));
    expect(subs.every((s) => s.clientState.length >= 20)).toBe(true);
    const status = notificationStatus(ws, BC)!;
    expect(status.mode).toBe('push');
    expect(status.message).toMatch(/notifies http:\/\/127\.0\.0\.1:\d+\/bc-notifications when accounts, dimensions, items or customers change/);
    expect(Date.parse(status.expiresAt!) - clock.now()).toBeGreaterThan(2.9 * DAY);
    // The clientState is the shared secret notifications are checked against: never stored in the audit log.
    const audit = JSON.stringify(ws.audit.list({ limit: 1000 }));
    expect(audit).toContain('POST subscriptions (customers)');
    expect(audit).not.toContain(subs[0]!.clientState);
  });

  it('a handshake that fails leaves the connection on polling, saying why', async () => {
    // The public URL leads nowhere (say, the tunnel is not running): BC cannot complete the handshake.
    const { emu, ws, notifications, fallbacks } = await setup({ notificationUrl: async () => `http://127.0.0.1:${await freePort()}/bc-notifications` });
    await notifications.start();
    expect(emu.webhooks.list()).toEqual([]);
    const status = notificationStatus(ws, BC)!;
    expect(status.mode).toBe('polling');
    expect(status.message).toMatch(/^Notifications could not be set up\. Business Central answered: The handshake with http:\/\/127\.0\.0\.1:\d+\/bc-notifications failed: it could not be reached \(ECONNREFUSED\)/);
    expect(status.message).toMatch(/The app polls instead: reference data is read when the reference-refresh job runs/);
    expect(status.message).not.toMatch(/CorrelationId/);
    expect(fallbacks()).toHaveLength(1);
  });

  it('renews before the three days are up, and falls back when the tunnel is down at renewal', async () => {
    let tunnel: Awaited<ReturnType<typeof startTunnel>> | null = null;
    const { emu, ws, notifications, advance, fallbacks } = await setup({ notificationUrl: async (port) => (tunnel = await startTunnel(port)).url });
    cleanup.push(() => tunnel?.close());
    await notifications.start();
    const first = emu.webhooks.list()[0]!.expirationDateTime;
    advance(1.5 * DAY);
    await notifications.tick();
    expect(emu.webhooks.list()[0]!.expirationDateTime).toBe(first); // not due yet: renews within a day of expiry
    advance(0.75 * DAY);
    await notifications.tick();
    const renewed = emu.webhooks.list();
    expect(renewed).toHaveLength(4);
    expect(Date.parse(renewed[0]!.expirationDateTime) - Date.parse(first)).toBeGreaterThan(2 * DAY);
    expect(notificationStatus(ws, BC)!.message).toMatch(/Renewed; the subscriptions now expire/);
    // Past the first expiry they are still alive, because they were renewed.
    advance(1.5 * DAY);
    expect(emu.webhooks.list()).toHaveLength(4);
    // The tunnel goes down: the renewal's handshake fails, the app says so and polls.
    await tunnel!.close();
    advance(1 * DAY);
    await notifications.tick();
    const status = notificationStatus(ws, BC)!;
    expect(status.mode).toBe('polling');
    expect(status.message).toMatch(/^The notification subscriptions could not be renewed\. Business Central answered: The handshake with .* failed: it could not be reached/);
    expect(fallbacks()).toHaveLength(1);
  });

  it('a renewal that falls during a settlement import is recorded at once, while the import goes on', async () => {
    const { emu, ws, notifications, advance } = await setup();
    await notifications.start();
    advance(2.25 * DAY);
    // A settlement import on another connection, as the worker's is, holding back the second half of its file.
    const importer = openDatabase(ws.db.name);
    cleanup.push(() => void importer.close());
    const file = Buffer.from(v2File('4711', '100.00', [{ t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' }]));
    let sendRest!: () => void;
    const rest = new Promise<void>((r) => (sendRest = r));
    let waiting = false;
    async function* held(): AsyncGenerator<Uint8Array> {
      // Most of the file is read; the import waits for its last bytes.
      yield file.subarray(0, file.length - 20);
      yield file.subarray(file.length - 20, file.length - 10);
      waiting = true;
      await rest;
      yield file.subarray(file.length - 10);
    }
    const importing = ws.imports.run('settlement 4711 (file june.txt)', () => importSettlement(importer, held(), { fileName: 'june.txt' }));
    await expect.poll(() => waiting).toBe(true);

    await notifications.tick();
    expect(ws.imports.running()).not.toBeNull();
    expect(notificationStatus(ws, BC)!.message).toMatch(/Renewed; the subscriptions now expire/);
    expect(ws.audit.list({ system: 'business-central' }).map((e) => e.operation)).toContain('erp.notifications.renew');
    expect(emu.webhooks.list()).toHaveLength(4);
    sendRest();
    expect(await importing).toMatchObject({ outcome: 'new', settlementId: '4711' });
  });

  it('subscriptions that expired without renewal mean polling, said plainly', async () => {
    const { emu, ws, notifications, advance, fallbacks } = await setup();
    await notifications.start();
    advance(3 * DAY + 60_000); // the computer slept through the renewal window
    expect(emu.webhooks.list()).toEqual([]); // BC dropped them
    await notifications.tick();
    const status = notificationStatus(ws, BC)!;
    expect(status.mode).toBe('polling');
    expect(status.message).toMatch(/expired on .* without being renewed/);
    expect(fallbacks()).toHaveLength(1);
  });

  it('a notification runs the connection\'s reference-refresh job, so the run shows with the others', async () => {
    const { emu, ws, notifications } = await setup();
    const runner = workspaceRunner(ws);
    runner.jobs.save({ id: 'refresh-bc', name: 'BC reference data', kind: 'reference-refresh', erpConnectionId: BC, schedule: { preset: 'daily', time: '05:00' }, timeZone: 'Europe/Berlin' }, new Date(ws.clock.now()));
    await notifications.start();
    await onlineConnector(emu).http.send({ operation: 'POST items', method: 'POST', url: `${emu.apiBaseUrl}/companies(${emu.companyId})/items`, body: { number: '2000-S', displayName: 'ROME Desk' } });
    await emu.webhooks.flush();
    await expect.poll(() => runner.jobs.runs({ jobId: 'refresh-bc', limit: 5 }).length, { timeout: 5_000 }).toBe(1);
    await notifications.idle();
    const run = runner.jobs.runs({ jobId: 'refresh-bc', limit: 1 })[0]!;
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(new ReferenceCache(ws.db).snapshot(BC).items.map((i) => i.code)).toContain('2000-S');
  });

  it('a change in Business Central is notified and refreshes the reference data at once', async () => {
    const { emu, ws, notifications } = await setup();
    await notifications.start();
    const cache = new ReferenceCache(ws.db);
    expect(cache.snapshot(BC).customers).toEqual([]);
    // Someone adds a customer in Business Central.
    const c = onlineConnector(emu);
    await c.http.send({ operation: 'POST customers', method: 'POST', url: `${emu.apiBaseUrl}/companies(${emu.companyId})/customers`, body: { number: 'AMZ-ES', displayName: 'Amazon.es customers' } });
    await emu.webhooks.flush(); // instead of waiting BC's 30 seconds
    const sent = emu.webhooks.delivered.at(-1)!;
    expect(sent.status).toBe(202);
    expect(sent.value).toEqual([expect.objectContaining({ changeType: 'created', resource: expect.stringMatching(/companies\(.*\)\/customers\(.*\)$/) })]);
    await expect.poll(() => cache.snapshot(BC).customers.map((x) => x.code), { timeout: 5_000 }).toContain('AMZ-ES');
    await notifications.idle();
    expect(ws.audit.list({ system: 'business-central', status: 'succeeded' }).some((e) => e.operation === 'erp.notifications.refresh')).toBe(true);
    expect(notificationStatus(ws, BC)!.lastNotificationAt).not.toBeNull();
    // A notification that does not carry our clientState is ignored.
    const before = ws.audit.list({ system: 'business-central' }).length;
    const port = new URL(notificationStatus(ws, BC)!.notificationUrl!).port;
    const forged = await fetch(`http://127.0.0.1:${port}/bc-notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: [{ subscriptionId: emu.webhooks.list()[0]!.subscriptionId, clientState: 'guess', changeType: 'updated' }] }) });
    expect(forged.status).toBe(202);
    await new Promise((r) => setTimeout(r, 50));
    await notifications.idle();
    expect(ws.audit.list({ system: 'business-central' }).filter((e) => e.operation === 'erp.notifications.refresh')).toHaveLength(1);
    expect(ws.audit.list({ system: 'business-central' }).length).toBeGreaterThanOrEqual(before);
  });
  it('sync --watch listens for the notifications too, refreshes on a change, and unsubscribes when it stops', async () => {
    const { emu, ws, notificationUrl } = await setup();
    const out: string[] = [];
    const controller = new AbortController();
    // No sync job at all: the notifications alone are worth watching for.
    const watching = syncCommand(['--workspace', ws.dir, '--watch'], { out: (t) => out.push(t), err: (t) => out.push(t) }, {
      defaultWorkspace: ws.dir, credentials: ws.credentials, signal: controller.signal, clock: ws.clock,
      notifications: { refreshDelayMs: 10, connector: { backoff: { baseMs: 1, capMs: 10, maxAttempts: 3 } } },
    });
    await expect.poll(() => emu.webhooks.list().length, { timeout: 10_000 }).toBe(4);
    expect(out.join('\n')).toMatch(/Listening for Business Central change notifications of "BC with webhooks"/);
    // The status row is written once the last subscription's answer is back, a moment after the emulator counts it.
    await expect.poll(() => notificationStatus(ws, BC)?.mode, { timeout: 5_000 }).toBe('push');
    // Someone adds an item in Business Central; the watching sync reads it without any job having run.
    await onlineConnector(emu).http.send({ operation: 'POST items', method: 'POST', url: `${emu.apiBaseUrl}/companies(${emu.companyId})/items`, body: { number: '3000-W', displayName: 'Watched Chair' } });
    await emu.webhooks.flush();
    await expect.poll(() => new ReferenceCache(ws.db).snapshot(BC).items.map((i) => i.code), { timeout: 5_000 }).toContain('3000-W');
    controller.abort();
    expect(await watching).toBe(0);
    // Stopped with the command: subscriptions removed in Business Central and the local port closed.
    expect(emu.webhooks.list()).toEqual([]);
    const port = new URL(notificationUrl).port;
    await expect(fetch(`http://127.0.0.1:${port}/bc-notifications`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('sync --watch without a notification URL starts no listener', async () => {
    const { emu, ws } = await setup({ notificationUrl: async () => '' });
    const out: string[] = [];
    expect(await syncCommand(['--workspace', ws.dir, '--watch'], { out: (t) => out.push(t), err: (t) => out.push(t) }, { defaultWorkspace: ws.dir, credentials: ws.credentials, clock: ws.clock })).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^No enabled sync jobs in this workspace: nothing to do/)]);
    expect(emu.webhooks.list()).toEqual([]);
  });
});
