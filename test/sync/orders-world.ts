import { afterEach, beforeEach } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import type { SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { connectionResources } from '../../core/sync/connection-resources';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, FAST_BACKOFF } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

/** What an order-invoicing test runs against, renewed for each test. */
export interface OrdersWorld { ws: Workspace; amazon: AmazonEmulator; bc: BusinessCentralEmulator }

/**
 * Registers each test's world: a workspace on a clock starting at `t0`, the Amazon emulator with the seller
 * and its Amazon connection, and the Business Central emulator as ERP connection `bcId` ("BC Cronus").
 * The returned object holds the current test's world.
 */
export function ordersWorld(t0: number, bcId: string, seller: (now: number) => SeedSeller): OrdersWorld {
  const world = {} as OrdersWorld;
  let dir: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    dir = tempDir();
    const clock = clockStartingAt(t0);
    const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
    const amazon = await startAmazonEmulator({ clock, sellers: [seller(t0)] });
    const bc = await startBusinessCentralEmulator({ clock, latencyMs: 1 });
    connectionResources(ws, { backoff: FAST_BACKOFF });
    ws.erp.tune({ backoff: { baseMs: 5, capMs: 40, maxAttempts: 6 } });
    await addAmazonConnection(ws, amazon);
    ws.connections.upsert({ id: bcId, kind: 'business-central', name: 'BC Cronus', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
    await ws.credentials.set(bcId, 'clientSecret', bc.clientSecret);
    Object.assign(world, { ws, amazon, bc });
  });
  afterEach(async () => {
    world.ws.close();
    await Promise.all([world.amazon.stop(), world.bc.stop()]);
    dir.remove();
  });
  return world;
}
