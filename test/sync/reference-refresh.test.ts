import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { ReferenceCache } from '../../core/mapping/reference-cache';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

const BC = 'bc-test';
let bc: BusinessCentralEmulator;
let ws: Workspace;
const dir = tempDir();
/** Business Central and the workspace on one pinned clock. */
const clock = syncClock();

beforeAll(async () => {
  bc = await startBusinessCentralEmulator({ latencyMs: 5, clock });
  ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
  ws.connections.upsert({ id: BC, kind: 'business-central', name: 'BC test', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } }, new Date(clock.now()));
  await ws.credentials.set(BC, 'clientSecret', bc.clientSecret);
});
afterAll(async () => {
  ws.close();
  await bc.stop();
  dir.remove();
});

it('the reference-refresh job fills the mapping cache from the ERP; two jobs on one connection share its connector and gate', async () => {
  const resources = new ConnectionResources(ws);
  const runner = new SyncRunner(ws, { resources });
  for (const id of ['refresh-a', 'refresh-b']) {
    runner.jobs.save({ id, name: id, kind: 'reference-refresh', erpConnectionId: BC, schedule: { preset: 'daily', time: '05:00' }, timeZone: 'Europe/Berlin' }, new Date(clock.now()));
  }
  const [a, b] = await Promise.all([runner.runNow('refresh-a'), runner.runNow('refresh-b')]);
  expect(a.status, a.error ?? '').toBe('succeeded');
  expect(b.status, b.error ?? '').toBe('succeeded');
  expect(a.counts.accounts).toBeGreaterThan(0);
  const snapshot = new ReferenceCache(ws.db).snapshot(BC);
  expect(snapshot.accounts.length).toBe(a.counts.accounts);
  expect(Object.keys(snapshot.refreshedAt).sort()).toEqual(['accounts', 'customers', 'dimensions', 'freightCodes', 'items', 'taxCodes']);
  expect(snapshot.taxCodes.map((t) => t.code).sort()).toEqual(['REDUCED', 'STANDARD', 'ZERO']);
  // One connector per connection, whichever job asks: one concurrency gate in front of BC.
  const source = (await resources.erpConnector(BC)) as BusinessCentralConnector;
  expect(await resources.erpConnector(BC)).toBe(source);
  expect(source.http.gate.peakConcurrency).toBeGreaterThanOrEqual(1);
  expect(source.http.gate.peakConcurrency).toBeLessThanOrEqual(5);
  expect(bc.stats.throttled).toBe(0);
});

it('an Amazon connection keeps one rate limiter across jobs, and across an edit of the connection', async () => {
  await addAmazonConnection(ws, { url: 'http://127.0.0.1:9', clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef', clientSecret: 's', refreshToken: 'Atzr|r' });
  const resources = new ConnectionResources(ws);
  const first = await resources.amazonClient(AMAZON_CONNECTION_ID);
  expect(await resources.amazonClient(AMAZON_CONNECTION_ID)).toBe(first);
  // Edited (a new updatedAt): a new client with the new settings, the same buckets.
  const c = ws.connections.get(AMAZON_CONNECTION_ID)!;
  ws.connections.upsert({ id: c.id, kind: c.kind, name: 'Amazon renamed', settings: c.settings }, new Date(clock.now() + 1000));
  const second = await resources.amazonClient(AMAZON_CONNECTION_ID);
  expect(second).not.toBe(first);
  expect(second.limiter).toBe(first.limiter);
  expect(first.limiter).toBe(resources.rateLimiter(AMAZON_CONNECTION_ID));
});
