import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { clockStartingAt } from '../../core/clock/clock';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import type { SeedCustomerReturn, SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { workspaceAttention } from '../../core/sync/attention-registry';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { FAST_BACKOFF } from '../sync/discovery-fixture';
import { MemoryCredentials } from '../sync/sync-fixture';

/**
 * FBA customer returns from the Amazon emulator's returns report into the workspace, against faults:
 * throttling and a download that drops halfway. Each return is stored once; a return whose reason no ERP
 * code maps waits under Needs attention, and after the mapping one retry (of two at once) gets it through.
 */

const NOW = Date.parse('2026-07-01T12:00:00Z');
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const PLANS = { createReport: { rate: 50, burst: 50 }, getReport: { rate: 50, burst: 50 }, getReportDocument: { rate: 50, burst: 50 } };

const ret = (r: Partial<SeedCustomerReturn> & Pick<SeedCustomerReturn, 'orderId' | 'sku' | 'reason' | 'returnDate'>): SeedCustomerReturn => ({
  asin: 'B000MUG001', fnsku: 'X000MUG001', productName: 'Mug', quantity: 1, fulfillmentCenterId: 'SEA8', detailedDisposition: 'SELLABLE', status: 'Unit returned to inventory', licensePlateNumber: '', ...r,
});

const RETURNS: SeedCustomerReturn[] = [
  ret({ orderId: '111-0000010-0000001', sku: 'MUG-BLUE', reason: 'DEFECTIVE', detailedDisposition: 'DEFECTIVE', licensePlateNumber: 'LPNRR0000001', returnDate: at(10) }),
  ret({ orderId: '111-0000010-0000002', sku: 'MUG-RED', reason: 'UNWANTED_ITEM', licensePlateNumber: 'LPNRR0000002', returnDate: at(8) }),
  // The same order and SKU returned twice on different days, without licence plates: two returns.
  ret({ orderId: '111-0000010-0000003', sku: 'MUG-BLUE', reason: 'DEFECTIVE', returnDate: at(6) }),
  ret({ orderId: '111-0000010-0000003', sku: 'MUG-BLUE', reason: 'DEFECTIVE', returnDate: at(5) }),
];

const seller = (): SeedSeller => ({
  sellerId: 'A3RETURNS0001', refreshToken: 'Atzr|returns-refresh-token', storeName: 'Return Mugs', marketplaceIds: ['ATVPDKIKX0DER'],
  reports: [], eventGroups: [], orders: [], transactions: [], customerReturns: RETURNS.map((r) => ({ ...r })),
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function setup(): Promise<{ ws: Workspace; amazon: AmazonEmulator; runner: SyncRunner }> {
  const clock = clockStartingAt(NOW);
  const amazon = await startAmazonEmulator({ sellers: [seller()], usagePlans: PLANS, clock });
  cleanups.push(() => amazon.stop());
  const d = tempDir();
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  cleanups.push(() => { ws.close(); d.remove(); });
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: ['ATVPDKIKX0DER'], endpointOverride: amazon.url } });
  await ws.credentials.set('amz', 'clientSecret', amazon.clientSecret);
  await ws.credentials.set('amz', 'refreshToken', 'Atzr|returns-refresh-token');
  const runner = new SyncRunner(ws, { clock, resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: PLANS, requestTimeoutMs: 2_000 }) });
  runner.jobs.save({ id: 'returns', name: 'FBA returns', kind: 'fba-returns', amazonConnectionId: 'amz', schedule: { preset: 'daily', time: '06:00' }, timeZone: 'UTC' }, new Date(NOW));
  return { ws, amazon, runner };
}

const storedReturns = (ws: Workspace) =>
  ws.db.prepare('SELECT order_id, unit_key, return_date, state, erp_reason_code FROM fba_return ORDER BY return_date').all() as Array<{ order_id: string; unit_key: string; return_date: string; state: string; erp_reason_code: string | null }>;

describe('FBA customer returns through the returns report', () => {
  it('stores each return once through throttling and a download that drops halfway, without asking for a second report', async () => {
    const { ws, amazon, runner } = await setup();
    workspaceAttention(ws).returns.map.set('reason', 'DEFECTIVE', 'DEF', 'controller');
    amazon.faults.throttle(2, { operation: 'createReport' }).throttle(2, { operation: 'getReport' }).throttle(1, { operation: 'getReportDocument' });
    amazon.faults.dropDocumentMidway(1);
    const first = await runner.runNow('returns');
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/could not be downloaded/);
    expect(amazon.stats.throttled, 'the 429s were met and retried').toBe(5);
    expect(storedReturns(ws)).toEqual([]);

    const second = await runner.runNow('returns');
    expect(second.status, second.error ?? '').toBe('succeeded');
    expect(second.counts).toEqual({ read: 4, imported: 4, ready: 3, held: 1 });
    expect(amazon.stats.byOperation['createReport']!.requests - amazon.stats.byOperation['createReport']!.throttled, 'one report asked for').toBe(1);
    expect(storedReturns(ws).map((r) => [r.order_id, r.unit_key, r.state, r.erp_reason_code])).toEqual([
      ['111-0000010-0000001', 'LPNRR0000001', 'ready', 'DEF'],
      ['111-0000010-0000002', 'LPNRR0000002', 'unmapped', null],
      ['111-0000010-0000003', 'MUG-BLUE', 'ready', 'DEF'],
      ['111-0000010-0000003', 'MUG-BLUE', 'ready', 'DEF'],
    ]);

    // The same window read again (a cursor put back) stores nothing twice and holds nothing twice.
    ws.db.prepare('UPDATE returns_read_cursor SET read_until = ?').run(new Date(NOW - 30 * DAY).toISOString());
    const again = await runner.runNow('returns');
    expect(again.counts).toEqual({ read: 4, imported: 0, ready: 0, held: 0 });
    expect(storedReturns(ws)).toHaveLength(4);
    expect(workspaceAttention(ws).letters.list()).toHaveLength(1);
  });

  it('an unmapped reason waits under Needs attention with what to map; after mapping, one of two retries at once gets it through', async () => {
    const { ws, runner } = await setup();
    const api = createDispatcher(ws);
    let n = 0;
    const call = async (name: string, input: unknown) => {
      const r = await api.invoke(name, input, `c${n++}`);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value as never;
    };
    workspaceAttention(ws).returns.map.set('reason', 'DEFECTIVE', 'DEF', 'controller');
    expect((await runner.runNow('returns')).status).toBe('succeeded');
    const held = await call('attention.list', { flow: 'fba-returns' }) as Array<{ id: number; summary: string; error: string; fix: string; fixAction: unknown }>;
    expect(held).toEqual([expect.objectContaining({
      summary: 'Return of 1 × MUG-RED (B000MUG001) on order 111-0000010-0000002, licence plate LPNRR0000002, returned 2026-06-23',
      error: 'Amazon\'s return reason "UNWANTED_ITEM" has no ERP return reason code.',
      fix: expect.stringMatching(/^Map Amazon return reason "UNWANTED_ITEM" to an ERP return reason code/),
      fixAction: { kind: 'map-return-reason', label: 'Map reason', params: { codeKind: 'reason', amazonCode: 'UNWANTED_ITEM' } },
    })]);
    const id = held[0]!.id;

    // Retried before the fix: still held, same words.
    expect(await call('attention.retry', { id })).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/UNWANTED_ITEM/) });
    await call('returns.mapCode', { codeKind: 'reason', amazonCode: 'UNWANTED_ITEM', erpCode: 'NOWANT' });
    const both = await Promise.all([call('attention.retry', { id }), call('attention.retry', { id })]) as Array<{ outcome: string }>;
    // One goes through; the other finds it claimed (busy) or already through (gone), never runs it again.
    expect(both.filter((r) => r.outcome === 'resolved')).toHaveLength(1);
    expect(both.filter((r) => r.outcome !== 'resolved').map((r) => r.outcome)).toEqual([expect.stringMatching(/^(busy|gone)$/)]);
    expect(await call('attention.list', {})).toEqual([]);
    expect(storedReturns(ws).filter((r) => r.order_id === '111-0000010-0000002')).toEqual([expect.objectContaining({ state: 'ready', erp_reason_code: 'NOWANT' })]);
    const flows = await call('attention.flows', {}) as Array<{ flow: string; moved: number; failed: number; lastRun: { status: string } | null }>;
    expect(flows).toEqual(expect.arrayContaining([expect.objectContaining({ flow: 'fba-returns', moved: 4, failed: 0, lastRun: expect.objectContaining({ status: 'succeeded' }) })]));
  });
});
