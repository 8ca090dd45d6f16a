import { afterEach, describe, expect, it } from 'vitest';
import type { VersionStatusView } from '../../core/api/calls/review';
import { resolveAccount, type MappingRule } from '../../core/settlement/journal-rules';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from './review-fixtures';
import type { ReviewItemView } from '../../core/api/calls/review';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };
type Usage = Array<{ amountDescription: string; category: string | null; rule: string | null; target: string | null }>;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const commission = { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission' } as const;
const referralFees = { kind: 'category', subject: 'referral-fee' } as const;

async function mappedAndApproved() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  // One rule per fee type for sales and refunds alike: mapping a sale's fee for every type clears its refund's item too.
  const mappable = (i: ReviewItemView) => SAMPLE_ACCOUNTS[String(i.facts.amountDescription ?? i.facts.role ?? '')] && i.actions.includes('map');
  for (let item = (await t.value<List>('review.list', { state: 'open' })).items.find(mappable); item; item = (await t.value<List>('review.list', { state: 'open' })).items.find(mappable)) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')]!;
    await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target, ...(item.kind === 'unmapped-fee' ? { allTransactionTypes: true } : {}) } });
  }
  await t.value('review.approve', { versionId });
  const status = async () => (await t.value<List>('review.list', {})).settlements.find((s) => s.versionId === versionId)!;
  const usage = async (description: string) => (await t.value<Usage>('mappings.usage', { connectionId: BC })).find((u) => u.amountDescription === description);
  return { ...t, versionId, status, usage };
}

describe('the resolution order of mapping rules', () => {
  const subject = { category: 'referral-fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'Commission' };
  const rule = (match: MappingRule['match'], account: string): MappingRule => ({ match, account });

  it('a rule by combination beats a category rule, a category rule beats a rule that names nothing, whatever the order', () => {
    expect(resolveAccount([rule({ category: 'referral-fee' }, 'CAT'), rule({ amountDescription: 'Commission' }, 'FEE')], subject)?.account).toBe('FEE');
    expect(resolveAccount([rule({}, 'ANY'), rule({ category: 'referral-fee' }, 'CAT')], subject)?.account).toBe('CAT');
    expect(resolveAccount([rule({ category: 'fba-fee' }, 'FBA')], subject)).toBeNull();
    expect(resolveAccount([rule({ amountDescription: 'Commission' }, 'A'), rule({ amountType: 'ItemFees', amountDescription: 'Commission' }, 'B')], subject)?.account).toBe('B');
  });
});

describe('rules by category', () => {
  it('are saved, shown per line, and take over a line once its own rule is removed, withdrawing the approval', async () => {
    const t = await mappedAndApproved();
    await t.value('mappings.save', { connectionId: BC, entry: { ...referralFees, target: '8450' } });
    // The Commission fee rule is more specific: the journal is unchanged and the approval stands.
    expect((await t.status()).status).toBe('approved');
    expect(await t.usage('Commission')).toMatchObject({ category: 'referral-fee', rule: 'ItemFees / Commission', target: '8410' });

    await t.value('mappings.remove', { connectionId: BC, key: commission });
    expect(await t.usage('Commission')).toMatchObject({ category: 'referral-fee', rule: 'category referral-fee', target: '8450' });
    const after = await t.status();
    expect(after.status).toBe('ready');
    expect(after.withdrawal!.reason).toMatch(/rule 'category referral-fee'.*8450/);

    // A change of the category rule alone is seen too.
    await t.value('review.approve', { versionId: t.versionId });
    await t.value('mappings.save', { connectionId: BC, entry: { ...referralFees, target: '8410' } });
    expect((await t.status()).withdrawal!.reason).toMatch(/rule 'category referral-fee' changed by .*: account 8450 → 8410/);
  });

  it('refuse a category that does not exist and the reserve, and travel through the mappings CSV', async () => {
    const t = await mappedAndApproved();
    const bad = await t.call('mappings.save', { connectionId: BC, entry: { kind: 'category', subject: 'fba-fees', target: '8420' } });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining('"fba-fees" is not a category') } });
    const reserve = await t.call('mappings.save', { connectionId: BC, entry: { kind: 'category', subject: 'reserve', target: '2930' } });
    expect(reserve).toMatchObject({ ok: false, error: { message: expect.stringContaining('Reserves post to the reserve account') } });

    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'category', subject: 'fba-fee', target: '8420' } });
    const { csv } = await t.value<{ csv: string }>('mappings.exportCsv', { connectionId: BC });
    expect(csv).toContain('category,,,,fba-fee,8420,');
    const changed = csv.replace('category,,,,fba-fee,8420,', 'category,,,,fba-fee,8450,');
    expect(await t.value('mappings.importCsv', { connectionId: BC, csv: changed })).toMatchObject({ changed: 1 });
    const rules = await t.value<Array<{ kind: string; subject: string; target: string }>>('mappings.list', { connectionId: BC });
    expect(rules.find((r) => r.kind === 'category')).toMatchObject({ subject: 'fba-fee', target: '8450' });
  });
});
