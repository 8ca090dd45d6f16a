// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, expect, it } from 'vitest';
import { BC, sample, setup } from '../review/review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type FeeType = { transactionType: string; amountType: string; amountDescription: string; seen?: { lineCount: number; amounts: Array<{ currency: string; amount: number }> } };

it('the unmapped list holds the types the settlements hold, with transaction type, line count and amount; the catalogue only on request', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  await t.importText('s.tsv', sample());
  const seen = (await t.value<{ unmapped: FeeType[] }>('mappings.suggest', { connectionId: BC })).unmapped;
  expect(seen.length).toBeGreaterThan(3);
  expect(seen.every((f) => f.seen && f.seen.lineCount > 0 && f.seen.amounts.every((a) => a.currency === 'USD') && f.transactionType !== '')).toBe(true);
  const commission = seen.find((f) => f.amountDescription === 'Commission' && f.transactionType === 'Order');
  expect(commission?.seen).toMatchObject({ lineCount: expect.any(Number), amounts: [{ currency: 'USD', amount: expect.any(Number) }] });
  expect(commission!.seen!.amounts[0]!.amount).toBeLessThan(0);

  const all = (await t.value<{ unmapped: FeeType[] }>('mappings.suggest', { connectionId: BC, catalogue: true })).unmapped;
  expect(all.length).toBeGreaterThan(seen.length);
  expect(all.filter((f) => !f.seen).length).toBe(all.length - seen.length);
});
