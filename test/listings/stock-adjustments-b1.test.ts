import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInventorySummaries } from '../../core/amazon/fba-inventory';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { supports } from '../../core/erp/erp-connector';
import { SapB1Connector } from '../../core/erp/sap-b1/client';
import { compareFbaStock } from '../../core/listings/fba-comparison';
import { fbaTotals, sendStockAdjustments } from '../../core/listings/stock-adjustment-sender';
import { StockAdjustments, type AdjustmentScope } from '../../core/listings/stock-adjustments';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { harness, type Harness } from '../amazon/harness';
import { FAST } from '../erp/sap-b1/sap-b1-fixtures';

const US = 'ATVPDKIKX0DER';
/** The US seller's FBA SKUs (core/sandbox/amazon/seed-data.ts: MUG-BLUE 42, MUG-RED 0) on the B1 demo company's items. */
const SKU_ITEMS = new Map([['MUG-BLUE', 'A00001'], ['MUG-RED', 'A00002']]);

let h: Harness;
let b1: SapB1Emulator;
let erp: SapB1Connector;
let store: StockAdjustments;
let scope: AdjustmentScope;
let erpConnectionId: string;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  b1 = await startSapB1Emulator();
  // Warehouses 01 and 02 count: A00001 holds 30 − 4 committed + 12 = 38, A00002 8 − 8 + 5 − 1 = 4.
  erp = new SapB1Connector({ settings: { serviceLayerUrl: b1.v2, companyDb: b1.seed.companyDb, userName: 'manager', stockWarehouses: '01, 02' }, secrets: { password: 'B1Admin!' }, backoff: FAST, settleMs: 1 });
  const connections = new ConnectionRepository(h.db);
  const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  erpConnectionId = connections.upsert({ kind: 'sap-b1', name: 'SAP B1', settings: {} }).id;
  store = new StockAdjustments(h.db, h.audit, () => new Date(h.emulator.clock.now()));
  scope = { amazonConnectionId: amazonId, marketplaceId: US };
});
afterEach(async () => {
  await erp.close();
  await b1.stop();
  await h.stop();
});

const inventory = () => h.emulator.sellers[0]!.inventory![US]!;
const setAmazonTotal = (sku: string, total: number) => {
  inventory().find((i) => i.sellerSku === sku)!.totalQuantity = total;
};
const warehouse = (item: string, code: string) => b1.seed.items.find((i) => i.ItemCode === item)!.ItemWarehouseInfoCollection!.find((w) => w.WarehouseCode === code)!;

/** What the Listings screen's comparison does: FBA inventory beside B1's stock, each difference proposed. */
async function compare() {
  const rows = await compareFbaStock(await getInventorySummaries(h.client, US, { details: true }), SKU_ITEMS, erp);
  for (const r of rows) store.propose(scope, { erpConnectionId, sku: r.sku, itemNumber: r.itemNumber!, amazonTotal: r.amazonTotal, erpStock: r.erpStock! }, 'alice');
  return rows;
}
const send = (actor = 'bob') => sendStockAdjustments(store, scope, { erp, readAmazonTotals: fbaTotals(h.client, US) }, { actor, date: '2026-06-20' });
const byKey = (key: string) => [...b1.goodsReceipts(), ...b1.goodsIssues()].filter((d) => d.Comments === key);

describe('inventory adjustments from the FBA comparison into SAP Business One', () => {
  it('proposes each difference held, posts what a person approved as one goods receipt or issue, and then both sides agree', async () => {
    expect(supports(erp, 'inventoryAdjustments')).toBe(true);
    await compare();
    const held = store.list(scope);
    expect(held.map((a) => [a.sku, a.state, a.amazonTotal, a.erpStock, a.quantity])).toEqual([['MUG-RED', 'held', 0, 4, -4], ['MUG-BLUE', 'held', 42, 38, 4]]);

    // Nothing goes before approval.
    expect(await send()).toMatchObject({ posted: 0, found: 0, failed: 0, withdrawn: [] });
    expect(b1.stats.stockPosts).toBe(0);

    store.approve(held.map((a) => a.id), 'alice');
    expect(await send()).toMatchObject({ posted: 2, found: 0, failed: 0, withdrawn: [], stopped: null });
    const [red, blue] = store.list(scope);
    expect(blue).toMatchObject({ state: 'posted', documentNumber: '70001' });
    expect(red).toMatchObject({ state: 'posted', documentNumber: '80001' });
    expect(b1.goodsReceipts()).toEqual([expect.objectContaining({ Comments: blue!.naturalKey, JournalMemo: 'FBA count MUG-BLUE +4', DocumentLines: [{ LineNum: 0, ItemCode: 'A00001', Quantity: 4, WarehouseCode: '01' }] })]);
    expect(b1.goodsIssues()).toEqual([expect.objectContaining({ Comments: red!.naturalKey, DocumentLines: [{ LineNum: 0, ItemCode: 'A00002', Quantity: 4, WarehouseCode: '01' }] })]);
    expect(await erp.readStock(['A00001', 'A00002'])).toEqual([{ itemNumber: 'A00001', quantity: 42 }, { itemNumber: 'A00002', quantity: 0 }]);

    // The next comparison finds nothing to adjust, and a second send posts nothing.
    const rows = await compare();
    expect(rows.map((r) => r.difference)).toEqual([0, 0]);
    expect(store.list(scope, ['held', 'approved', 'sending'])).toEqual([]);
    expect(await send()).toMatchObject({ posted: 0, found: 0 });
    expect(b1.stats.stockPosts).toBe(2);
    const decisions = h.audit.list({ subjectType: 'stock-adjustment' }).filter((e) => e.operation === 'stock-adjustment.approve');
    expect(decisions.map((e) => e.actor)).toEqual(['alice', 'alice']);
  });

  it('withdraws an approved adjustment when either count moved before posting, saying which, and posts nothing for it', async () => {
    await compare();
    store.approve(store.list(scope).map((a) => a.id), 'alice');
    // Amazon receives one more blue mug; a person issues two red ones in B1 by hand.
    setAmazonTotal('MUG-BLUE', 43);
    warehouse('A00002', '02').InStock -= 2;

    const result = await send();
    expect(result).toMatchObject({ posted: 0, failed: 0 });
    expect(result.withdrawn).toEqual([
      { sku: 'MUG-BLUE', reason: "Withdrawn before posting: Amazon's total for SKU MUG-BLUE moved from 42 to 43 since alice approved +4. Compare again to see the difference now." },
      { sku: 'MUG-RED', reason: "Withdrawn before posting: item A00002's ERP stock moved from 4 to 2 since alice approved -4. Compare again to see the difference now." },
    ]);
    expect(b1.stats.stockPosts).toBe(0);

    // The next comparison proposes the new differences, held: the old approval does not carry over.
    await compare();
    expect(store.list(scope, ['held']).map((a) => [a.sku, a.quantity, a.approvedBy])).toEqual([['MUG-RED', -2, null], ['MUG-BLUE', 5, null]]);
  });

  it('a newer comparison on other counts withdraws the open proposal, approved or not; on the same counts it keeps it and its approval', async () => {
    await compare();
    const [red] = store.list(scope);
    store.approve([red!.id], 'alice');
    await compare();
    expect(store.get(red!.id)).toMatchObject({ state: 'approved', approvedBy: 'alice' });

    setAmazonTotal('MUG-RED', 4);
    await compare();
    expect(store.get(red!.id)).toMatchObject({
      state: 'withdrawn',
      withdrawnReason: 'A newer comparison found other counts (Amazon and the ERP now agree at 4 in place of Amazon 0, ERP 4); this adjustment, approved by alice, was not posted.',
    });
    expect(store.open(scope, 'MUG-RED')).toBeNull();
  });

  it('posts one document per approved adjustment through a lost answer, throttling and an expired session', async () => {
    await compare();
    const approved = store.approve(store.list(scope).map((a) => a.id), 'alice');
    b1.faults.dropAfterProcessing(1, { path: /^POST InventoryGenEntries$/ });
    b1.faults.throttle(2, { path: /^POST InventoryGenExits$/ });
    b1.faults.expireTokens();

    expect(await send()).toMatchObject({ posted: 2, failed: 0, withdrawn: [], stopped: null });
    for (const a of approved) expect(byKey(a.naturalKey)).toHaveLength(1);
    expect(b1.goodsReceipts()).toHaveLength(1);
    expect(b1.goodsIssues()).toHaveLength(1);
    expect(b1.stats.expiredRejections).toBeGreaterThan(0);
    expect(await erp.readStock(['A00001', 'A00002'])).toEqual([{ itemNumber: 'A00001', quantity: 42 }, { itemNumber: 'A00002', quantity: 0 }]);
  });

  it('after a death between the document\'s creation and its record, the next send finds it in B1 instead of posting it again', async () => {
    await compare();
    const [blue] = store.approve([store.open(scope, 'MUG-BLUE')!.id], 'alice');
    store.withdraw([store.open(scope, 'MUG-RED')!.id], 'Not this one.', 'alice');
    // The first life marked it sending and B1 created the receipt; the process died before recording the number.
    store.markSending(blue!.id, 'bob');
    await erp.postInventoryAdjustment({ externalDocumentNumber: blue!.naturalKey, date: '2026-06-20', description: 'FBA count MUG-BLUE +4', itemNumber: 'A00001', quantity: 4 });

    // B1's stock has moved by the receipt itself: the resumed adjustment is not withdrawn for it, only found.
    expect(await send()).toMatchObject({ posted: 0, found: 1, withdrawn: [] });
    expect(store.get(blue!.id)).toMatchObject({ state: 'posted', documentNumber: '70001' });
    expect(byKey(blue!.naturalKey)).toHaveLength(1);
  });

  it('a goods issue B1 refuses is failed in B1\'s words, and nothing else is posted for it', async () => {
    await compare();
    const red = store.open(scope, 'MUG-RED')!;
    store.approve([red.id], 'alice');
    // Between the approval and the post, B1's warehouse 01 is emptied by a transfer that leaves the counted total alone.
    warehouse('A00002', '01').InStock = 0;
    warehouse('A00002', '01').Committed = 0;
    warehouse('A00002', '02').InStock = 4;
    warehouse('A00002', '02').Committed = 0;

    expect(await send()).toMatchObject({ posted: 0, failed: 1 });
    expect(store.get(red.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('Quantity falls into negative inventory: item A00002 has 0 in warehouse 01, 4 issued') });
    expect(b1.goodsIssues()).toHaveLength(0);
  });
});
