// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { PostingPlan, PostingRunView, ReversalView } from '../../../core/api/calls/posting';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { defaultSapB1Seed, type SapB1Account } from '../../../core/sandbox/sap-b1/emulator-seed';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { AuditLog } from '../../../core/store';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { readReference } from '../../support/reference';
import { tempWorkspace } from '../../support/temp-workspace';
import { b1Connector, b1Journal } from './sap-b1-fixtures';
import { apiCalls } from '../../support/api-calls';

const B1 = 'b1-demo';
type List = { items: ReviewItemView[] };

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function seedWithSampleAccounts() {
  const seed = defaultSapB1Seed();
  const template = seed.accounts[1]!;
  seed.accounts = [...new Set(Object.values(SAMPLE_ACCOUNTS))].map((Code): SapB1Account => ({ ...template, Code, Name: `Account ${Code}` }));
  return seed;
}

async function setup() {
  const emu = await startSapB1Emulator({ seed: seedWithSampleAccounts() });
  cleanups.push(() => emu.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: B1, kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager' } });
  await ws.credentials.set(B1, 'password', 'B1Admin!');
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  const importText = async (text: string) => (await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(text, 'utf8').toString('base64') })).versionId;
  const reviewAndApprove = async (versionId: number) => {
    for (const item of (await value<List>('review.list', { connectionId: B1, state: 'open' })).items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: B1, resolution: { action: 'map', target } });
      else if (item.actions.includes('acknowledge')) await value('review.resolve', { itemId: item.id, connectionId: B1, resolution: { action: 'acknowledge', note: 'Amazon corrected the principal' } });
    }
    return (await value<VersionStatusView>('review.approve', { versionId, connectionId: B1 })).status;
  };
  const audit = (operation: string) => new AuditLog(ws.db).list({ subjectType: 'settlement' }).filter((e) => e.operation === operation);
  return { emu, ws, call, value, importText, reviewAndApprove, audit };
}

const cents = (lines: ReadonlyArray<Record<string, unknown>>, k: 'Debit' | 'Credit') => lines.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);

describe('SAP Business One: a re-issued settlement replaces the posted version', () => {
  it('offers to reverse the posted version (JournalEntries(n)/Cancel) before posting the new one; each step audited; posting twice changes nothing', async () => {
    const t = await setup();
    const v1 = await t.importText(sample());
    await t.value('mappings.refreshReference', { connectionId: B1 });
    expect(await t.reviewAndApprove(v1)).toBe('approved');
    const first = await t.value<PostingRunView>('posting.post', { versionId: v1, connectionId: B1 });
    const [posted] = first.posted;
    expect(posted).toMatchObject({ naturalKey: expect.stringMatching(/-V1$/), alreadyInErp: false });

    // Amazon re-issues the settlement with one amount corrected.
    const v2 = await t.importText(sample().replace('129.99', '130.99').replace('582.89', '583.89'));
    await t.reviewAndApprove(v2);
    const plan = await t.value<PostingPlan>('posting.plan', { versionId: v2, connectionId: B1 });
    expect(plan.approval).not.toBeNull();
    expect(plan.reversible).toEqual([{ naturalKey: posted!.naturalKey, erpDocumentNumber: posted!.erpDocumentNumber }]);
    expect(plan.refusals).toEqual([
      `Another version of this settlement is posted to OEC Computers (${posted!.naturalKey} as ${posted!.erpDocumentNumber}); posting this version too would book the settlement twice. Reverse it first: OEC Computers books a reversing entry, then this version can be posted.`,
    ]);
    expect(await t.call('posting.post', { versionId: v2, connectionId: B1 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Reverse it first') } });
    expect(await t.call('posting.reverse', { versionId: v1, connectionId: B1 })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('not the current version') } });

    const reversal = await t.value<ReversalView>('posting.reverse', { versionId: v2, connectionId: B1 });
    const [original, reversing] = t.emu.journalEntries();
    expect(reversal.reversed).toEqual([{ naturalKey: posted!.naturalKey, erpDocumentNumber: String(original!.JdtNum), reversalDocumentNumber: String(reversing!.JdtNum), alreadyReversed: false }]);
    expect(reversing).toMatchObject({ Original: original!.JdtNum });
    expect(cents(reversing!.JournalEntryLines, 'Debit')).toBe(cents(original!.JournalEntryLines, 'Credit'));
    const [requested] = t.audit('posting.reversal-requested');
    expect(JSON.parse(requested!.detail!)).toMatchObject({ naturalKey: posted!.naturalKey, erpDocumentNumber: posted!.erpDocumentNumber, supersededBy: 2, requestedBy: t.ws.osUser });
    const [done] = t.audit('posting.reversed');
    expect(done).toMatchObject({ actor: t.ws.osUser, connectionId: B1 });
    expect(JSON.parse(done!.detail!)).toMatchObject({ from: 'posted', to: 'cancelled', erpDocumentNumber: posted!.erpDocumentNumber, reversalDocumentNumber: String(reversing!.JdtNum) });

    const after = await t.value<PostingPlan>('posting.plan', { versionId: v2, connectionId: B1 });
    expect(after).toMatchObject({ refusals: [], reversible: [] });
    const second = await t.value<PostingRunView>('posting.post', { versionId: v2, connectionId: B1 });
    expect(second).toMatchObject({ outcome: 'completed', enqueued: 1, failed: [] });
    const entries = t.emu.journalEntries();
    expect(entries).toHaveLength(3);
    expect(entries[2]).toMatchObject({ Reference: expect.stringMatching(/-V2$/), JdtNum: Number(second.posted[0]!.erpDocumentNumber) });

    // Nothing is left to reverse or post: both calls change nothing in B1.
    expect((await t.value<ReversalView>('posting.reverse', { versionId: v2, connectionId: B1 })).reversed).toEqual([]);
    expect((await t.value<PostingRunView>('posting.post', { versionId: v2, connectionId: B1 })).enqueued).toBe(0);
    expect(t.emu.journalEntries()).toHaveLength(3);
  });
});

describe('SAP Business One journal reversal (connector)', () => {
  let emu: SapB1Emulator | undefined;
  afterEach(async () => { await emu?.stop(); emu = undefined; });

  it('looks the reversal up by a property the Service Layer metadata declares on JournalEntry, and cancels through its bound action', () => {
    const edmx = readReference('erp', 'specs', 'sapb1-servicelayer-v2-metadata.edmx.xml');
    const journalEntry = /<EntityType[^>]*Name="JournalEntry"[^>]*>([\s\S]*?)<\/EntityType>/.exec(edmx)?.[1] ?? '';
    expect(journalEntry).toMatch(/<Property[^>]*Name="Original"/);
    expect(edmx).toMatch(/<Action IsBound="true" Name="Cancel">\s*<Parameter Name="JournalEntryParams" Type="SAPB1.JournalEntry" \/>/);
  });

  it('a Cancel whose answer is lost after B1 booked it is found by Original and not booked again; a second call finds it too', async () => {
    const b1 = await startSapB1Emulator();
    emu = b1;
    const c = b1Connector(b1);
    const doc = b1Journal('8101');
    const { documentNumber } = await c.postJournal(doc);
    b1.faults.dropAfterProcessing(1, { path: /^POST JournalEntries\(\d+\)\/Cancel$/ });
    const first = await c.reverseJournal({ documentNumber, naturalKey: doc.externalDocumentNumber });
    const reversals = b1.journalEntries().filter((j) => j.Original === Number(documentNumber));
    expect(reversals).toHaveLength(1);
    expect(first).toEqual({ reversalDocumentNumber: String(reversals[0]!.JdtNum), alreadyReversed: false });
    expect(await c.reverseJournal({ documentNumber, naturalKey: doc.externalDocumentNumber })).toEqual({ reversalDocumentNumber: String(reversals[0]!.JdtNum), alreadyReversed: true });
    expect(b1.journalEntries()).toHaveLength(2);
    await c.close();
  });
});
