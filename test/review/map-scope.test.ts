// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingView } from '../../core/api/calls/mappings';
import type { ReviewItemView } from '../../core/api/calls/review';
import { BC, sample, setup } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function feeItems() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  await t.importText('s.tsv', sample());
  const items = (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items.filter((i) => i.actions.includes('map') && typeof i.facts.transactionType === 'string' && i.facts.transactionType);
  expect(items.length).toBeGreaterThan(1);
  const rule = async (i: ReviewItemView) => (await t.value<MappingView[]>('mappings.list', { connectionId: BC })).find((r) => r.kind === 'fee' && r.amountType === i.facts.amountType && r.amountDescription === i.facts.amountDescription);
  return { ...t, items, rule };
}

describe('"Map now" on a fee type asks which transaction types the rule is for', () => {
  it('by default the rule is for the item\'s own transaction type only (a refund keeps its own rule)', async () => {
    const t = await feeItems();
    const item = t.items.find((i) => i.facts.transactionType === 'Refund') ?? t.items[0]!;
    await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target: '6110' } });
    expect(await t.rule(item)).toMatchObject({ transactionType: item.facts.transactionType, target: '6110' });
  });

  it('asked for every transaction type, the rule matches any, and the audit says so', async () => {
    const t = await feeItems();
    const item = t.items[0]!;
    await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target: '8410', allTransactionTypes: true } });
    expect(await t.rule(item)).toMatchObject({ transactionType: '*', target: '8410' });
    const audit = t.ws.audit.list({ kind: 'decision' }).find((e) => e.operation === 'review.map');
    expect(JSON.parse(String(audit!.detail))).toMatchObject({ allTransactionTypes: true });
  });
});
