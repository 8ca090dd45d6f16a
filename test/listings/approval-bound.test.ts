import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getListingShown } from '../../core/amazon/listings';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { StockAndPriceReading } from '../../core/erp/erp-connector';
import { withdrawStale } from '../../core/listings/approval-check';
import { buildChangeSet } from '../../core/listings/change-set';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import type { ListingRule } from '../../core/listings/listing-rule';
import { ListingRules } from '../../core/listings/listing-rules';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { harness, type Harness } from '../amazon/harness';

const DE = 'A1PA6795UKMFR9';
const SKU = 'DE-LONDON-CHAIR';

/** An ERP whose item price and stock the test moves between runs, as a person editing the item would. */
function movableErp(price: string, stock: number) {
  const erp = {
    price, stock,
    readPrices: async (ns: readonly string[]) => ns.filter((n) => n === '1908-S').map((n) => ({ itemNumber: n, unitPrice: erp.price, currency: null })),
    readStock: async (ns: readonly string[]) => ns.filter((n) => n === '1908-S').map((n) => ({ itemNumber: n, quantity: erp.stock })),
  };
  return erp satisfies StockAndPriceReading;
}

let h: Harness;
let outbox: ListingOutbox;
let rule: ListingRule;

beforeEach(async () => {
  h = await harness({ timeScale: 100 });
  const connections = new ConnectionRepository(h.db);
  const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  outbox = new ListingOutbox(h.db, h.audit, () => new Date(h.emulator.clock.now()));
  rule = new ListingRules(h.db, h.audit).save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 0, fixedPriceMinor: null, rounding: 'none', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 0, skus: [SKU],
    sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: false,
  }, 'tester', new Date(h.emulator.clock.now()));
});
afterEach(() => h.stop());

const run = (erp: StockAndPriceReading) =>
  buildChangeSet(outbox, rule, { erp, skuItems: new Map([[SKU, '1908-S']]), readAmazon: (sku, s) => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku, marketplaceId: DE }, s) }, 'tester');
const shown = () => getListingShown(h.client, { sellerId: 'A2DEMOSELLER01', sku: SKU, marketplaceId: DE });
const patches = () => h.emulator.stats.byOperation.patchListingsItem?.requests ?? 0;

describe('an approval is bound to the values it approved', () => {
  it('withdraws an approved change whose ERP price moved before sending, asks again on the next run, and sends only the new values, once', async () => {
    const erp = movableErp('250.00', 3);
    const [held] = (await run(erp)).found;
    expect(held).toMatchObject({ state: 'held', erpPriceMinor: 25000, newPriceMinor: 25000, newQuantity: null });
    outbox.approve([held!.id], 'alice');

    // The item's price is changed in the ERP after the approval, before anyone presses Send.
    erp.price = '260.00';
    const withdrawn = await withdrawStale(outbox, rule, erp, 'bob');
    expect(withdrawn).toEqual([{ sku: SKU, reason: "Withdrawn before sending: item 1908-S's ERP price moved from 250.00 to 260.00 since alice approved it. The next run compares again and asks again if the move is still held." }]);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'bob' })).toMatchObject({ sent: 0, failed: 0 });
    expect(patches()).toBe(0);
    expect(await shown()).toMatchObject({ price: { amount: '199', currency: 'EUR' }, quantity: 3 });
    expect(outbox.get(held!.id)).toMatchObject({ state: 'superseded', approvedBy: 'alice', withdrawnReason: withdrawn[0]!.reason });

    // The next run finds the new price, holds it and asks again; only once approved does it go, and only it.
    const again = await run(erp);
    expect(again.found).toHaveLength(1);
    expect(again.found[0]).toMatchObject({ state: 'held', newPriceMinor: 26000, approvedBy: null });
    outbox.approve([again.found[0]!.id], 'alice');
    expect(await withdrawStale(outbox, rule, erp, 'bob')).toEqual([]);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'bob' })).toMatchObject({ sent: 1, failed: 0 });
    expect(patches()).toBe(1);
    expect(await shown()).toMatchObject({ price: { amount: '260', currency: 'EUR' }, quantity: 3 });
    const sent = h.audit.list({ subjectType: 'listing' }).filter((e) => e.operation === 'listing-change.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subjectId).toBe(SKU);
  });

  it('a run that finds new values supersedes the approved change and says the approval no longer holds', async () => {
    const erp = movableErp('250.00', 3);
    const [held] = (await run(erp)).found;
    outbox.approve([held!.id], 'alice');
    erp.price = '240.00';
    const next = await run(erp);
    expect(next.found[0]).toMatchObject({ state: 'held', newPriceMinor: 24000, approvedBy: null });
    expect(next.withdrawn).toEqual([{ sku: SKU, reason: 'The values alice approved no longer hold: a newer run found other values, which wait for approval again.' }]);
    expect(outbox.get(held!.id)?.withdrawnReason).toBe('A newer run found other values (price 240.00, quantity kept in place of price 250.00, quantity kept); this change, approved by alice, was not sent.');
    expect(outbox.list({ amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE, states: ['held', 'ready'] })).toHaveLength(1);
  });

  it('a run that finds the ERP back at what Amazon shows withdraws the approved change instead of sending it', async () => {
    const erp = movableErp('250.00', 3);
    const [held] = (await run(erp)).found;
    outbox.approve([held!.id], 'alice');
    erp.price = '199.00';
    const next = await run(erp);
    expect(next).toMatchObject({ found: [], unchanged: 1 });
    expect(next.withdrawn).toEqual([{ sku: SKU, reason: 'Withdrawn by a newer run: Amazon already shows what the rule now gives for SKU DE-LONDON-CHAIR (unit price 199.00 + 0.00% = 199.00; stock 3).' }]);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'bob' })).toMatchObject({ sent: 0 });
    expect(patches()).toBe(0);
  });

  it('keeps the approval when the next run finds the same values, and sends them once', async () => {
    const erp = movableErp('250.00', 3);
    const [held] = (await run(erp)).found;
    outbox.approve([held!.id], 'alice');
    const next = await run(erp);
    expect(next.found[0]).toMatchObject({ id: held!.id, state: 'ready', approvedBy: 'alice' });
    expect(next.withdrawn).toEqual([]);
    expect(await withdrawStale(outbox, rule, erp, 'bob')).toEqual([]);
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'bob' })).toMatchObject({ sent: 1 });
    expect(await shown()).toMatchObject({ price: { amount: '250' } });
  });

  it('a quantity change falls when the ERP stock moved; a price-only change does not', async () => {
    const erp = movableErp('199.00', 10);
    const [qty] = (await run(erp)).found;
    expect(qty).toMatchObject({ state: 'ready', newPriceMinor: null, newQuantity: 10 });
    erp.stock = 9;
    expect((await withdrawStale(outbox, rule, erp, 'bob'))[0]?.reason).toBe("Withdrawn before sending: item 1908-S's ERP stock moved from 10 to 9 since the run that found it. The next run compares again.");

    erp.price = '205.00';
    erp.stock = 3;
    const [price] = (await run(erp)).found;
    expect(price).toMatchObject({ state: 'ready', newPriceMinor: 20500, newQuantity: null });
    erp.stock = 1;
    expect(await withdrawStale(outbox, rule, erp, 'bob')).toEqual([]);
  });
});
