import { afterEach, describe, expect, it } from 'vitest';
import { getListingShown } from '../../../core/amazon/listings';
import { ConnectionRepository } from '../../../core/connections/connection-repository';
import { SapB1Connector } from '../../../core/erp/sap-b1/client';
import { supports } from '../../../core/erp/erp-connector';
import { buildChangeSet } from '../../../core/listings/change-set';
import { ListingOutbox } from '../../../core/listings/listing-outbox';
import { ListingRules } from '../../../core/listings/listing-rules';
import { sendListingChanges } from '../../../core/listings/listing-sender';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { harness, type Harness } from '../../amazon/harness';
import { FAST } from './sap-b1-fixtures';

const DE = 'A1PA6795UKMFR9';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function b1(settings: { stockWarehouses?: string; priceList?: string } = {}): Promise<{ emu: SapB1Emulator; erp: SapB1Connector }> {
  const emu = await startSapB1Emulator();
  const erp = new SapB1Connector({ settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager', ...settings }, secrets: { password: 'B1Admin!' }, backoff: FAST, settleMs: 1 });
  cleanups.push(() => emu.stop(), () => erp.close());
  return { emu, erp };
}

describe('SAP Business One gives Amazon listings its stock and prices', () => {
  it('counts on hand less committed over every warehouse, or only the warehouses the connection names', async () => {
    const all = await b1();
    expect(supports(all.erp, 'stockAndPrices')).toBe(true);
    // A00001: 01 holds 30 with 4 committed, 02 holds 12, RET holds 3 returns.
    expect(await all.erp.readStock(['A00001', 'A00002', 'NOPE'])).toEqual([{ itemNumber: 'A00001', quantity: 41 }, { itemNumber: 'A00002', quantity: 4 }]);
    const some = await b1({ stockWarehouses: '01, 02' });
    expect(await some.erp.readStock(['A00001'])).toEqual([{ itemNumber: 'A00001', quantity: 38 }]);
  });

  it('refuses a warehouse or price list the company does not have, in words', async () => {
    const { erp } = await b1({ stockWarehouses: '01,XX', priceList: '9' });
    await expect(erp.readStock(['A00001'])).rejects.toThrow('SAP Business One has no warehouse XX; correct "Warehouses that count" in the connection\'s settings.');
    await expect(erp.readPrices(['A00001'])).rejects.toThrow('SAP Business One has no price list 9; correct "Price list" in the connection\'s settings.');
  });

  it('prices from price list 1 unless the connection names another, in that list\'s currency', async () => {
    expect(await (await b1()).erp.readPrices(['A00001', 'A00002'])).toEqual([
      { itemNumber: 'A00001', unitPrice: '149.9', currency: 'USD' }, { itemNumber: 'A00002', unitPrice: '24.5', currency: 'USD' },
    ]);
    expect(await (await b1({ priceList: '3' })).erp.readPrices(['A00001'])).toEqual([{ itemNumber: 'A00001', unitPrice: '139', currency: 'EUR' }]);
  });

  it('feeds a change set that reaches Amazon: the EUR price list and the sellable warehouses', async () => {
    const { erp } = await b1({ stockWarehouses: '01,02', priceList: '3' });
    const h: Harness = await harness({ timeScale: 100 });
    cleanups.push(() => h.stop());
    h.emulator.sellers[0]!.listings!['DE-B1-CHAIR'] = { productType: 'CHAIR', attributes: {
      purchasable_offer: [{ marketplace_id: DE, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 135 }] }] }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 2 }],
    } };
    const connections = new ConnectionRepository(h.db);
    const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
    const erpId = connections.upsert({ kind: 'sap-b1', name: 'B1', settings: {} }).id;
    const rule = new ListingRules(h.db, h.audit).save({
      amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
      pricing: 'markup', markupBp: 0, fixedPriceMinor: null, rounding: 'none', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 0, skus: null,
      sendPrices: true, sendQuantities: true, holdAboveBp: 2000, autoSend: false,
    }, 'tester', new Date(h.emulator.clock.now()));
    const outbox = new ListingOutbox(h.db, h.audit, () => new Date(h.emulator.clock.now()));
    const set = await buildChangeSet(outbox, rule, {
      erp, skuItems: new Map([['DE-B1-CHAIR', 'A00001']]), readAmazon: (sku, s) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE }, s),
    }, 'tester');
    expect(set.found).toEqual([expect.objectContaining({ sku: 'DE-B1-CHAIR', erpPriceMinor: 13900, newPriceMinor: 13900, erpQuantity: 38, newQuantity: 38, state: 'ready' })]);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester' })).toMatchObject({ sent: 1, failed: 0 });
    expect(await getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku: 'DE-B1-CHAIR', marketplaceId: DE })).toMatchObject({ price: { amount: '139', currency: 'EUR' }, quantity: 38 });
  });
});
