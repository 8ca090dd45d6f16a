import { afterEach, expect, it } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import { setup, v2File } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('a settlement in a currency its marketplace does not settle in is a warning in the review queue', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const lines = [{ t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' }];
  await t.importText('eur.tsv', v2File('940001', '100.00', lines, { currency: 'EUR' }));
  await t.importText('usd.tsv', v2File('940002', '100.00', lines));
  const warnings = (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items.filter((i) => i.severity === 'warning');
  expect(warnings.map((w) => [w.settlementId, w.title])).toEqual([
    ['940001', 'The settlement is in EUR, but amazon.com settles in USD: check that the file belongs to this account'],
  ]);
});
