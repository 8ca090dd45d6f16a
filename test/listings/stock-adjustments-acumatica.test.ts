import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInventorySummaries } from '../../core/amazon/fba-inventory';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { AcumaticaConnector } from '../../core/erp/acumatica/connector';
import { supports } from '../../core/erp/erp-connector';
import { compareFbaStock } from '../../core/listings/fba-comparison';
import { fbaTotals, sendStockAdjustments } from '../../core/listings/stock-adjustment-sender';
import { StockAdjustments, type AdjustmentScope } from '../../core/listings/stock-adjustments';
import type { AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { harness, type Harness } from '../amazon/harness';
import { connector, emulator } from '../erp/acumatica/acumatica-fixtures';

const US = 'ATVPDKIKX0DER';
/** The US seller's FBA SKUs (MUG-BLUE 42, MUG-RED 0) on the emulator's stock items (CHAIR01: 20 MAIN + 5 EAST; BOX01: 3 MAIN). */
const SKU_ITEMS = new Map([['MUG-BLUE', 'CHAIR01'], ['MUG-RED', 'BOX01']]);

let h: Harness;
let acu: AcumaticaEmulator;
let erp: AcumaticaConnector;
let store: StockAdjustments;
let scope: AdjustmentScope;
let erpConnectionId: string;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  acu = await emulator();
  erp = connector(acu);
  const connections = new ConnectionRepository(h.db);
  scope = { amazonConnectionId: connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id, marketplaceId: US };
  erpConnectionId = connections.upsert({ kind: 'acumatica', name: 'Acumatica', settings: {} }).id;
  store = new StockAdjustments(h.db, h.audit, () => new Date(h.emulator.clock.now()));
});
afterEach(async () => {
  await erp.close();
  await acu.stop();
  await h.stop();
});

async function compareAndApprove() {
  const rows = await compareFbaStock(await getInventorySummaries(h.client, US, { details: true }), SKU_ITEMS, erp);
  for (const r of rows) store.propose(scope, { erpConnectionId, sku: r.sku, itemNumber: r.itemNumber!, amazonTotal: r.amazonTotal, erpStock: r.erpStock! }, 'alice');
  return store.approve(store.list(scope, ['held']).map((a) => a.id), 'alice');
}
const send = () => sendStockAdjustments(store, scope, { erp, readAmazonTotals: fbaTotals(h.client, US) }, { actor: 'bob', date: '2026-07-02' });

describe('inventory adjustments from the FBA comparison into Acumatica', () => {
  it('reads stock over every warehouse and posts one released adjustment per approved difference, in the item\'s default warehouse', async () => {
    expect(supports(erp, 'stockAndPrices') && supports(erp, 'inventoryAdjustments')).toBe(true);
    expect(await erp.readStock(['CHAIR01', 'BOX01'])).toEqual([{ itemNumber: 'CHAIR01', quantity: 25 }, { itemNumber: 'BOX01', quantity: 3 }]);
    expect(await erp.readPrices(['CHAIR01'])).toEqual([{ itemNumber: 'CHAIR01', unitPrice: '149.9', currency: null }]);
    const approved = await compareAndApprove();
    expect(approved.map((a) => [a.sku, a.quantity])).toEqual([['MUG-RED', -3], ['MUG-BLUE', 17]]);

    expect(await send()).toMatchObject({ posted: 2, failed: 0, withdrawn: [], stopped: null });
    expect(acu.inventoryAdjustments.map((a) => [a.ExternalRef, a.Status, a.Details])).toEqual([
      [approved[1]!.naturalKey, 'Released', [{ InventoryID: 'CHAIR01', WarehouseID: 'MAIN', Qty: 17, ReasonCode: null }]],
      [approved[0]!.naturalKey, 'Released', [{ InventoryID: 'BOX01', WarehouseID: 'MAIN', Qty: -3, ReasonCode: null }]],
    ]);
    expect(store.list(scope).map((a) => [a.sku, a.state, a.documentNumber])).toEqual([['MUG-RED', 'posted', 'ADJ000002'], ['MUG-BLUE', 'posted', 'ADJ000001']]);
    expect(await erp.readStock(['CHAIR01', 'BOX01'])).toEqual([{ itemNumber: 'CHAIR01', quantity: 42 }, { itemNumber: 'BOX01', quantity: 0 }]);
  });

  it('posts one document per approved adjustment through a lost answer, throttling and an expired token', async () => {
    const approved = await compareAndApprove();
    acu.faults.expireTokens();
    acu.faults.dropAfterProcessing(1, { path: /^PUT \/InventoryAdjustment$/ });
    acu.faults.throttle(2, { path: /^POST \/InventoryAdjustment\/ReleaseAdjustment$/ });

    expect(await send()).toMatchObject({ posted: 2, failed: 0, stopped: null });
    for (const a of approved) expect(acu.inventoryAdjustments.filter((x) => x.ExternalRef === a.naturalKey)).toHaveLength(1);
    expect(acu.inventoryAdjustments.every((a) => a.Status === 'Released')).toBe(true);
    expect(await erp.readStock(['CHAIR01', 'BOX01'])).toEqual([{ itemNumber: 'CHAIR01', quantity: 42 }, { itemNumber: 'BOX01', quantity: 0 }]);
  });

  it('withdraws an approved adjustment whose Acumatica stock moved before posting', async () => {
    await compareAndApprove();
    acu.stock.find((s) => s.InventoryID === 'CHAIR01')!.WarehouseDetails[1]!.QtyOnHand += 1;
    const result = await send();
    expect(result.withdrawn).toEqual([{ sku: 'MUG-BLUE', reason: "Withdrawn before posting: item CHAIR01's ERP stock moved from 25 to 26 since alice approved +17. Compare again to see the difference now." }]);
    expect(result.posted).toBe(1);
    expect(acu.inventoryAdjustments.map((a) => a.Details[0]!.InventoryID)).toEqual(['BOX01']);
  });
});
