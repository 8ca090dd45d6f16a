import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import type { SettlementPreview } from '../../core/api/calls/settlements';
import { ledgerNames } from '../../core/mapping/ledger-names';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from '../review/review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('accounts and dimensions read with their ERP names', () => {
  it('names each account and dimension value the lines use, and none the ERP does not know', () => {
    const snapshot = {
      accounts: [{ code: '8410', name: 'Amazon Selling Fees', postable: true }, { code: '6100', name: 'Sales', postable: true }],
      dimensions: [{ code: 'CHANNEL', name: 'Sales channel', postable: true, values: [{ code: 'FBA', name: 'Fulfilled by Amazon', postable: true }] }],
      items: [], customers: [], taxCodes: [], freightCodes: [], refreshedAt: {},
    };
    expect(ledgerNames(snapshot, [{ account: '8410', dimensions: { CHANNEL: 'FBA' } }, { account: '7777', dimensions: { CHANNEL: 'MFN', AREA: 'X' } }, { account: null, dimensions: {} }])).toEqual({
      accounts: { '8410': 'Amazon Selling Fees' },
      dimensions: { CHANNEL: { name: 'Sales channel', values: { FBA: 'Fulfilled by Amazon' } } },
    });
  });

  it("the preview and the approval dialog carry the ERP's names of every account their journal uses", async () => {
    const t = await setup();
    cleanups.push(t.ws.remove);
    const { versionId } = await t.importText('s.tsv', sample());
    for (const item of (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
    }
    const preview = await t.value<SettlementPreview>('settlements.preview', { versionId, connectionId: BC });
    const used = [...new Set(preview.documents.flatMap((d) => d.lines.map((l) => l.account)).filter((a): a is string => !!a))];
    expect(used.length).toBeGreaterThan(3);
    expect(Object.keys(preview.names.accounts).sort()).toEqual(used.sort());
    expect(preview.names.accounts['8410']).toBe('Amazon Selling Fees');
    const status = await t.value<{ preview: { names: SettlementPreview['names'] } }>('review.status', { settlementId: '28471003921' });
    expect(status.preview.names.accounts['2920']).toBe('Amazon Clearing');
  });
});
