import { afterEach, describe, expect, it } from 'vitest';
import { BC, setup, v2File } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A monthly settlement with a sale and a fee of the given kind. */
const monthly = (id: string, month: number, fee: string) => {
  const m = String(month).padStart(2, '0');
  return v2File(id, '85.00', [
    { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00', posted: `2026-${m}-10` },
    { t: 'Order', a: 'ItemFees', d: fee, amount: '-15.00', posted: `2026-${m}-10` },
  ], { start: `2026-${m}-01 00:00:00 UTC`, end: `2026-${m}-28 23:59:59 UTC`, deposit: `2026-${m}-28 23:59:59 UTC` });
};

async function workspaceWithSettlements(count: number) {
  const t = await setup();
  cleanups.push(t.ws.remove);
  let at = Date.parse('2026-12-01T00:00:00Z');
  // A stopped clock: every evaluation of one call carries that call's time.
  t.ws.clock = { now: () => at, sleep: async () => {} };
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await t.importText(`s${i}`, monthly(`81000${i}`, i + 1, i % 2 ? 'FBAPerUnitFulfillmentFee' : 'Commission'))).versionId);
  await t.value('settlements.list', {});
  /** The versions the next call checks again: those whose evaluation carries the time of that call. */
  const evaluatedBy = async (call: () => Promise<unknown>) => {
    at += 60_000;
    await call();
    const rows = t.ws.db.prepare('SELECT version_id AS id FROM review_evaluation WHERE evaluated_at = ? ORDER BY version_id').all(new Date(at).toISOString()) as { id: number }[];
    return rows.map((r) => r.id);
  };
  return { ...t, ids, evaluatedBy };
}

describe('review re-evaluation', () => {
  it('one more import checks only the new version when the settlements are listed', async () => {
    const t = await workspaceWithSettlements(6);
    expect(await t.evaluatedBy(() => t.value('settlements.list', {}))).toEqual([]);
    let added = 0;
    const checked = await t.evaluatedBy(async () => {
      added = (await t.importText('s-new', monthly('819999', 9, 'Commission'))).versionId;
      await t.value('settlements.list', {});
    });
    expect(checked).toEqual([added]);
  });

  it('a mapping rule for one fee type checks again only the versions holding that fee type', async () => {
    const t = await workspaceWithSettlements(6);
    const rule = { kind: 'fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', subject: '', target: '8420', dimensions: {} };
    const checked = await t.evaluatedBy(async () => {
      await t.value('mappings.save', { connectionId: BC, entry: rule });
      await t.value('settlements.list', {});
    });
    // The odd months hold the fulfilment fee.
    expect(checked).toEqual([t.ids[1], t.ids[3], t.ids[5]]);
  });
});
