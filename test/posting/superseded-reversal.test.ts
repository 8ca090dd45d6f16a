// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { PostingPlan, PostingRunView } from '../../core/api/calls/posting';
import type { ReviewItemView } from '../../core/api/calls/review';
import type { SettlementListItem } from '../../core/api/calls/settlements';
import type { ConnectionKind } from '../../core/connections/connection-kinds';
import { FAKE_KIND, FakeLedger, registerFakeErp } from '../erp/fake-erp/fake-erp';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../review/review-fixtures';
import { tempWorkspace } from '../support/temp-workspace';
import { apiCalls } from '../support/api-calls';

const FAKE = 'fake-books';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

/** Version 1 of the sample approved and posted to an ERP that cannot reverse from here; version 2, re-issued with other amounts, approved. */
async function reissuedAfterPosting() {
  const ledger = new FakeLedger();
  cleanups.push(registerFakeErp(ledger));
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: FAKE, kind: FAKE_KIND as ConnectionKind, name: 'Fake Books Inc.', settings: { company: 'Fake Books Inc.' } });
  await ws.credentials.set(FAKE, 'apiKey', ledger.apiKey);
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  const importText = async (text: string) => (await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(text, 'utf8').toString('base64') })).versionId;
  const approve = async (versionId: number) => {
    for (const item of (await value<{ items: ReviewItemView[] }>('review.list', { connectionId: FAKE, state: 'open' })).items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: FAKE, resolution: { action: 'map', target } });
      else if (item.actions.includes('acknowledge')) await value('review.resolve', { itemId: item.id, connectionId: FAKE, resolution: { action: 'acknowledge', note: 're-issued' } });
    }
    await value('review.approve', { versionId, connectionId: FAKE });
  };

  const v1 = await importText(sample());
  await value('mappings.refreshReference', { connectionId: FAKE });
  await approve(v1);
  const [posted] = (await value<PostingRunView>('posting.post', { versionId: v1, connectionId: FAKE })).posted;
  const v2 = await importText(sample().replace('129.99', '130.99').replace('582.89', '583.89'));
  await approve(v2);
  return { ledger, call, value, v1, v2, posted: posted! };
}

describe('a re-issued settlement whose old version is posted to an ERP that cannot reverse from here', () => {
  it('is refused with what to do in the ERP; nothing is reversed, cancelled or posted', async () => {
    const { ledger, call, value, v2, posted } = await reissuedAfterPosting();
    const plan = await value<PostingPlan>('posting.plan', { versionId: v2, connectionId: FAKE });
    expect(plan.reversible).toEqual([]);
    expect(plan.refusals).toEqual([expect.stringContaining(`(${posted.naturalKey}, posted as ${posted.erpDocumentNumber}); posting this version too would book the settlement twice. Reverse it in the ERP`)]);
    expect(await call('posting.reverse', { versionId: v2, connectionId: FAKE })).toEqual({
      ok: false, error: expect.objectContaining({ code: 'conflict', message: `Fake Books Inc. cannot reverse journals from ml-connector. Reverse ${posted.erpDocumentNumber} in Fake Books Inc. itself.` }),
    });
    const outbox = await value<{ documents: Array<{ naturalKey: string; state: string }> }>('posting.list', { settlementId: plan.settlementId });
    expect(outbox.documents.map((d) => [d.naturalKey, d.state])).toEqual([[posted.naturalKey, 'posted']]);
    expect(ledger.journals).toHaveLength(1);
  });

  it('leaves the re-issued version unposted on every screen: its own status, an approval it can still revoke', async () => {
    const { value, v1, v2 } = await reissuedAfterPosting();
    const listed = await value<SettlementListItem[]>('settlements.list', {});
    expect(listed.find((r) => r.versionId === v2)?.state).toBe('approved');
    expect(listed.find((r) => r.versionId === v1)?.state).toBe('superseded');
    // Version 1's journal in the ERP does not make version 2's approval final: it can still be taken back.
    const revoked = await value<{ status: string }>('review.revokeApproval', { versionId: v2, reason: 'the amounts need another look' });
    expect(revoked.status).not.toBe('approved');
  });
});
