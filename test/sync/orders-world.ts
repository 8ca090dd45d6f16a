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

const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';

/** An Amazon.de order as Orders v2026-01-01 gives it with includedData=FULFILLMENT. */
export function deOrder(orderId: string, updatedAt: number, status: string, items: Array<[sku: string, quantity: number, unitPrice: string]>) {
  return {
    orderId,
    createdTime: new Date(updatedAt - DAY).toISOString(),
    lastUpdatedTime: new Date(updatedAt).toISOString(),
    salesChannel: { channelName: 'AMAZON', marketplaceId: DE, marketplaceName: 'Amazon.de' },
    buyer: { buyerName: 'Erika Mustermann', buyerEmail: 'erika@marketplace.amazon.de' },
    fulfillment: { fulfillmentStatus: status, fulfilledBy: 'AMAZON' },
    orderItems: items.map(([sku, quantity, unitPrice], i) => ({
      orderItemId: `${orderId.replace(/-/g, '').slice(-10)}0${i + 1}`,
      quantityOrdered: quantity,
      product: { sellerSku: sku, title: `Artikel ${sku}`, price: { unitPrice: { amount: unitPrice, currencyCode: 'EUR' } } },
    })),
  };
}

/** What an order-invoicing test runs against, renewed for each test. */
export interface OrdersWorld { ws: Workspace; amazon: AmazonEmulator; bc: BusinessCentralEmulator }

/**
 * Registers each test's world: a workspace on a clock starting at `t0`, the Amazon emulator with the seller
 * and its Amazon connection, and the Business Central emulator as ERP connection `bcId` ("BC Cronus").
 * `amazonFetch` stands in for the Amazon client's fetch (to hold a request). The returned object holds the current test's world.
 */
export function ordersWorld(t0: number, bcId: string, seller: (now: number) => SeedSeller, amazonFetch?: typeof fetch): OrdersWorld {
  const world = {} as OrdersWorld;
  let dir: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    dir = tempDir();
    const clock = clockStartingAt(t0);
    const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), clock });
    const amazon = await startAmazonEmulator({ clock, sellers: [seller(t0)] });
    const bc = await startBusinessCentralEmulator({ clock, latencyMs: 1 });
    connectionResources(ws, { backoff: FAST_BACKOFF, ...(amazonFetch ? { fetch: amazonFetch } : {}) });
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
