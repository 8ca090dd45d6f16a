// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView, VersionStatusView } from '../../core/api/calls/review';
import type { DescriptionTemplateView } from '../../core/api/calls/mappings';
import { businessCentralKind } from '../../core/erp/business-central/kind';
import { PostingOutbox } from '../../core/posting/outbox';
import { planSettlementPosting } from '../../core/posting/settlement-posting';
import { digestOf, type ApprovedContent } from '../../core/review/approval-digest';
import { BC, SAMPLE_ACCOUNTS, sample, setup } from './review-fixtures';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function approved() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  for (const item of (await t.value<List>('review.list', { state: 'open' })).items) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
  }
  expect(await t.value<VersionStatusView>('review.approve', { versionId })).toMatchObject({ status: 'approved' });
  const status = async () => (await t.value<List>('review.list', {})).settlements.find((s) => s.versionId === versionId)!;
  const plan = () => planSettlementPosting(t.ws, new PostingOutbox(t.ws.db, t.ws.audit), versionId, BC, { name: 'BC test', localCurrency: 'USD', capabilities: businessCentralKind.capabilities })!;
  return { ...t, versionId, status, plan };
}

describe('line description wording and approvals', () => {
  it('an upgrade that rewords the lines leaves an approval standing, moved to the new words and audited, while what the ERP books is unchanged', async () => {
    const t = await approved();
    // The approval as the previous release recorded it: no wording, its own words on every line.
    const row = t.ws.db.prepare('SELECT content FROM settlement_approval WHERE version_id = ?').get(t.versionId) as { content: string };
    const now = JSON.parse(row.content) as ApprovedContent;
    const { descriptions: _words, ...rest } = now;
    const legacy: ApprovedContent = { ...rest, documents: now.documents.map((d) => ({ ...d, lines: d.lines.map((l, i) => ({ ...l, description: `legacy words ${i}` })) })) };
    const json = JSON.stringify(legacy);
    t.ws.db.prepare('UPDATE settlement_approval SET content = ?, digest = ? WHERE version_id = ?').run(json, digestOf(json), t.versionId);

    expect(await t.status()).toMatchObject({ status: 'approved', withdrawal: null });
    const plan = t.plan();
    expect(plan.refusals).toEqual([]);
    expect(plan.erpDocuments[0]!.lines.every((l) => / settlement 28471003921 — [A-Z]/.test(l.description))).toBe(true);
    const reworded = t.ws.audit.list({ subjectId: '28471003921', kind: 'decision' }).filter((e) => e.operation === 'settlement.approval-reworded');
    expect(reworded).toHaveLength(1);
    expect(JSON.parse(String(reworded[0]!.detail))).toMatchObject({ digestBefore: digestOf(json), why: expect.stringContaining('accounts, dimensions, amounts and dates are as approved') });
  });

  it('an upgrade that rewords the lines and also changes an amount still withdraws the approval', async () => {
    const t = await approved();
    const row = t.ws.db.prepare('SELECT content FROM settlement_approval WHERE version_id = ?').get(t.versionId) as { content: string };
    const now = JSON.parse(row.content) as ApprovedContent;
    const { descriptions: _words, ...rest } = now;
    const legacy: ApprovedContent = { ...rest, documents: now.documents.map((d) => ({ ...d, lines: d.lines.map((l, i) => ({ ...l, description: `legacy words ${i}`, amount: i === 0 ? l.amount + 1 : l.amount })) })) };
    const json = JSON.stringify(legacy);
    t.ws.db.prepare('UPDATE settlement_approval SET content = ?, digest = ? WHERE version_id = ?').run(json, digestOf(json), t.versionId);
    expect(await t.status()).toMatchObject({ status: 'ready', approval: null, withdrawal: { reason: expect.stringMatching(/^The journal changed since it was approved/) } });
  });

  it("a user's new template withdraws the approval, saying whose change from what to what; the preview and the ERP then read the new words", async () => {
    const t = await approved();
    const set = await t.value<DescriptionTemplateView>('mappings.setDescriptionTemplate', { connectionId: BC, template: 'AMZ {settlement} {period}: {line}' });
    expect(set).toMatchObject({ custom: true, template: 'AMZ {settlement} {period}: {line}', updatedBy: t.ws.osUser });
    expect(set.examples).toContain('AMZ 28471003921 2026-06: Referral fees');

    const st = await t.status();
    expect(st).toMatchObject({ status: 'ready', approval: null });
    expect(st.withdrawal!.reason).toMatch(new RegExp(`^The journal changed since it was approved: the line description template changed by ${t.ws.osUser} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: the application's own → 'AMZ \\{settlement\\} \\{period\\}: \\{line\\}'\\. Approve it again once checked\\.$`));

    const preview = await t.value<{ preview: { journal: Array<{ period: string; lines: Array<{ description: string }> }> } }>('review.status', { settlementId: '28471003921' });
    const doc = preview.preview.journal[0]!;
    expect(doc.lines.every((l) => l.description.startsWith(`AMZ 28471003921 ${doc.period}: `))).toBe(true);

    await t.value('review.approve', { versionId: t.versionId });
    const plan = t.plan();
    expect(plan.refusals).toEqual([]);
    expect(plan.erpDocuments[0]!.lines.every((l) => l.description.startsWith('AMZ 28471003921 '))).toBe(true);

    // Back to the application's own words: withdrawn again, and said so.
    await t.value('mappings.setDescriptionTemplate', { connectionId: BC, template: null });
    expect((await t.status()).withdrawal!.reason).toContain("'AMZ {settlement} {period}: {line}' → the application's own");
  });

  it('a template that cannot be used is refused with what is wrong, and changes nothing', async () => {
    const t = await approved();
    const r = await t.call('mappings.setDescriptionTemplate', { connectionId: BC, template: '{marketplace} {settlment}' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = (r as { error: { message: string } }).error.message;
    expect(message).toContain('uses {settlment}, which it does not know');
    expect(message).toContain('has no {line}');
    expect(await t.value<DescriptionTemplateView>('mappings.descriptionTemplate', { connectionId: BC })).toMatchObject({ custom: false });
    expect(await t.status()).toMatchObject({ status: 'approved' });
  });
});
