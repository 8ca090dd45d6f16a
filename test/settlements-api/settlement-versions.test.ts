// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference; the damaged copy is its first lines, as a download cut short would be.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView, VersionStatusView } from '../../core/api/calls/review';
import type { SettlementListItem } from '../../core/api/calls/settlements';
import { PostingOutbox, planSettlementPosting } from '../../core/posting';
import { AuditLog } from '../../core/store';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from '../review/review-fixtures';
import { businessCentralKind } from '../../core/erp/business-central/kind';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** The sample cut off after its first 15 report lines (header, summary, 15 lines): 582.89 declared, 314.57 in the lines. */
const truncated = () => sample().split('\n').slice(0, 17).join('\n');
/** A real re-issue: different content whose lines still add up. */
const reissued = () => sample().replace('129.99', '130.99').replace('582.89', '583.89');

type Upload = {
  outcome: string; settlementId: string; version: number; versionId: number; lineCount: number;
  tieOut: { currency: string; declaredTotal: number; linesTotal: number; difference: number; tiesOut: boolean };
  current: { versionId: number; version: number; standing: string };
};
type MadeCurrent = { settlementId: string; current: { version: number; standing: string }; previous: { version: number; standing: string } | null; approvalWithdrawn: boolean };

async function fresh() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const upload = (fileName: string, text: string) => t.value<Upload>('settlements.importUpload', { fileName, contentBase64: Buffer.from(text, 'utf8').toString('base64') });
  const versions = async () => (await t.value<SettlementListItem[]>('settlements.list', {})).map((s) => [s.version, s.status, s.tiesOut, s.state]);
  const openItems = async () => (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items;
  /** Maps every open mapping item of the sample, as a person working through the queue would. */
  const mapAll = async () => {
    for (const item of await openItems()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
    }
  };
  const decisions = (operation: string) => new AuditLog(t.ws.db).list({ subjectType: 'settlement' }).filter((e) => e.operation === operation);
  return { ...t, upload, versions, openItems, mapAll, decisions };
}

describe('settlement versions never lose a good settlement', () => {
  it('a damaged re-download is kept as an incomplete copy beside the complete version, which stays current and can be approved', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    await t.mapAll();

    const damaged = await t.upload('damaged.tsv', truncated());
    expect(damaged).toMatchObject({
      outcome: 'incomplete-copy', version: 2, lineCount: 15,
      tieOut: { currency: 'USD', declaredTotal: 58289, linesTotal: 31457, difference: -26832, tiesOut: false },
      current: { versionId: complete.versionId, version: 1, standing: 'current' },
    });
    expect(await t.versions()).toEqual([[2, 'incomplete-copy', false, 'superseded'], [1, 'current', true, 'ready']]);
    expect(t.decisions('settlement.incomplete-copy')).toHaveLength(1);

    expect(await t.value<VersionStatusView>('review.approve', { versionId: complete.versionId })).toMatchObject({ status: 'approved', version: 1 });
    const refused = await t.call('review.approve', { versionId: damaged.versionId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('is an incomplete copy') } });
    const copyItem = (await t.openItems()).find((i) => i.version === 2);
    expect(copyItem?.title).toMatch(/^Incomplete copy: its lines do not add up to the declared total; version 1 is current/);
    // Posting refuses it; the complete version has nothing in its way.
    const plan = (versionId: number) =>
      planSettlementPosting(t.ws, new PostingOutbox(t.ws.db, t.ws.audit), versionId, BC, { name: 'BC test', localCurrency: 'USD', capabilities: { ...businessCentralKind.capabilities, journalCurrencies: 'any-with-rate' } })!.refusals;
    expect(plan(damaged.versionId)).toContain('Version 2 is an incomplete copy (its lines do not add up to its total) and not the current version; make it current under Settlements first, or post the current version.');
    expect(plan(complete.versionId)).toEqual([]);
  });

  it('the incomplete copy can be made current anyway: audited with the reason, the approval of the version it replaces withdrawn', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    await t.mapAll();
    await t.value('review.approve', { versionId: complete.versionId });
    const damaged = await t.upload('damaged.tsv', truncated());

    const made = await t.value<MadeCurrent>('settlements.makeCurrent', { versionId: damaged.versionId, reason: 'Amazon support says the rest follows in the next settlement' });
    expect(made).toMatchObject({ settlementId: '28471003921', current: { version: 2, standing: 'current' }, previous: { version: 1, standing: 'superseded' }, approvalWithdrawn: true });
    const [decision] = t.decisions('settlement.made-current');
    expect(decision).toMatchObject({ kind: 'decision', actor: t.ws.osUser, subjectId: '28471003921' });
    expect(JSON.parse(decision!.detail!)).toMatchObject({
      version: 2, was: 'incomplete-copy', previousVersion: 1, reason: 'Amazon support says the rest follows in the next settlement',
      tieOut: { difference: -26832, tiesOut: false }, previousTieOut: { difference: 0, tiesOut: true },
    });
    expect(t.decisions('settlement.revoke-approval')).toHaveLength(1);
    // Now current, the copy is reviewed like any version: its difference blocks until someone decides about it.
    const items = (await t.openItems()).filter((i) => i.version === 2).map((i) => i.kind);
    expect(items).toContain('difference');
    expect(await t.versions()).toEqual([[2, 'current', false, 'needs-review'], [1, 'superseded', true, 'superseded']]);
  });

  it('importing the content of a superseded version says so, and makes nothing current until asked; make-current brings it back, audited', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    const second = await t.upload('reissue.tsv', reissued());
    expect(second).toMatchObject({ outcome: 'new-version', version: 2, current: { version: 2 } });

    const again = await t.upload('complete-again.tsv', sample());
    expect(again).toMatchObject({ outcome: 'identical-to-superseded', version: 1, versionId: complete.versionId, current: { version: 2, standing: 'current' }, tieOut: { tiesOut: true } });
    expect(await t.versions()).toEqual([[2, 'current', true, 'needs-review'], [1, 'superseded', true, 'superseded']]);

    const made = await t.value<MadeCurrent>('settlements.makeCurrent', { versionId: complete.versionId });
    expect(made).toMatchObject({ current: { version: 1, standing: 'current' }, previous: { version: 2, standing: 'superseded' }, approvalWithdrawn: false });
    expect(await t.versions()).toEqual([[2, 'superseded', true, 'superseded'], [1, 'current', true, 'needs-review']]);
    expect(JSON.parse(t.decisions('settlement.made-current')[0]!.detail!)).toMatchObject({ version: 1, was: 'superseded', previousVersion: 2, reason: null });
    expect((await t.upload('complete-again.tsv', sample())).outcome).toBe('unchanged');
  });

  it('a version brought back does not bring back the approval it had before it was replaced: it is approved again as it stands', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    await t.mapAll();
    await t.value('review.approve', { versionId: complete.versionId, note: 'matches the bank' });
    await t.upload('reissue.tsv', reissued());
    await t.value('settlements.makeCurrent', { versionId: complete.versionId, reason: 'the re-issue was withdrawn by Amazon' });
    expect(await t.versions()).toEqual([[2, 'superseded', true, 'superseded'], [1, 'current', true, 'ready']]);
    const revoked = t.decisions('settlement.revoke-approval').map((e) => JSON.parse(e.detail!) as { version: number; reason: string });
    expect(revoked).toEqual([{ version: 1, reason: 'made current again after it had been replaced: the re-issue was withdrawn by Amazon; approve it as it stands now' }]);
    expect(await t.value<VersionStatusView>('review.approve', { versionId: complete.versionId })).toMatchObject({ status: 'approved' });
  });

  it('a complete file imported after a damaged copy was made current is recognised and restores the complete version', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    const damaged = await t.upload('damaged.tsv', truncated());
    await t.value('settlements.makeCurrent', { versionId: damaged.versionId });

    const again = await t.upload('complete.tsv', sample());
    expect(again).toMatchObject({ outcome: 'identical-to-superseded', version: 1, current: { version: 2 } });
    await t.value('settlements.makeCurrent', { versionId: again.versionId });
    expect(await t.versions()).toEqual([[2, 'incomplete-copy', false, 'superseded'], [1, 'current', true, expect.any(String)]]);
    expect(t.ws.db.prepare('SELECT current_version FROM settlement').get()).toEqual({ current_version: 1 });
    expect(complete.versionId).toBe(again.versionId);
  });

  it('make-current is refused for the current version, and once documents of the settlement are in the posting outbox', async () => {
    const t = await fresh();
    const complete = await t.upload('complete.tsv', sample());
    const damaged = await t.upload('damaged.tsv', truncated());
    expect(await t.call('settlements.makeCurrent', { versionId: complete.versionId })).toMatchObject({
      ok: false, error: { code: 'conflict', message: 'Version 1 of settlement 28471003921 is already the current version.' },
    });
    t.ws.db
      .prepare(`INSERT INTO posting_outbox (natural_key, kind, settlement_id, document, state, created_at, updated_at) VALUES ('28471003921-202606-JNL-V1', 'journal', '28471003921', '{}', 'posted', 'x', 'x')`)
      .run();
    const r = await t.call('settlements.makeCurrent', { versionId: damaged.versionId });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already has documents in the posting outbox (1 posted)') } });
    expect(await t.versions()).toEqual([[2, 'incomplete-copy', false, 'superseded'], [1, 'current', true, 'posted']]);
    expect(t.decisions('settlement.made-current')).toEqual([]);
  });
});
