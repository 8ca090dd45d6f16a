// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView, VersionStatusView } from '../../core/api/calls/review';
import type { ReferenceRecord } from '../../core/erp/erp-connector';
import { ReferenceCache } from '../../core/mapping/reference-cache';
import { PostingOutbox } from '../../core/posting/outbox';
import { planSettlementPosting } from '../../core/posting/settlement-posting';
import { ACCOUNTS, BC, referenceSource, SAMPLE_ACCOUNTS, sample, setup } from './review-fixtures';
import { businessCentralKind } from '../../core/erp/business-central/kind';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** The sample imported and every item mapped as a person would: ready to approve. */
async function ready(accounts: () => ReferenceRecord[] = () => ACCOUNTS) {
  const t = await setup({ accounts });
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  const list = () => t.value<List>('review.list', {});
  for (const item of (await t.value<List>('review.list', { state: 'open' })).items) {
    const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
    if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, resolution: { action: 'map', target } });
  }
  const status = async () => (await list()).settlements.find((s) => s.versionId === versionId)!;
  const plan = () => planSettlementPosting(t.ws, new PostingOutbox(t.ws.db, t.ws.audit), versionId, BC, { name: 'BC test', localCurrency: 'USD', capabilities: businessCentralKind.capabilities })!;
  return { ...t, versionId, list, status, plan };
}

// The queue maps each fee per transaction type (a refund's apart from a sale's): this is the sales' rule.
const commission = { kind: 'fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'Commission' } as const;

describe('an approval is bound to the journal it approved', () => {
  it('a rule change withdraws it, naming the rule, who, when and the accounts; posting refuses; approved again it posts', async () => {
    const t = await ready();
    expect((await t.status()).status).toBe('ready');
    const approved = await t.value<VersionStatusView>('review.approve', { versionId: t.versionId });
    expect(approved).toMatchObject({ status: 'approved', withdrawal: null });
    expect(t.plan().refusals).toEqual([]);

    await t.value('mappings.save', { connectionId: BC, entry: { ...commission, target: '8420' } });
    const after = await t.status();
    expect(after).toMatchObject({ status: 'ready', approval: null, withdrawal: { approvedBy: t.ws.osUser } });
    expect(after.withdrawal!.reason).toMatch(new RegExp(`^The journal changed since it was approved: rule 'Order / ItemFees / Commission' changed by ${t.ws.osUser} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: account 8410 → 8420\\. Approve it again once checked\\.$`));
    expect(t.plan().refusals).toEqual([`It is not approved: approve settlement 28471003921 version 1 in the review queue first.`]);
    const audit = t.ws.audit.list({ subjectId: '28471003921', kind: 'decision' });
    expect(audit[0]).toMatchObject({ operation: 'settlement.approval-withdrawn', actor: 'ml-connector' });
    expect(JSON.parse(String(audit[0]!.detail))).toEqual({ version: 1, reason: after.withdrawal!.reason });

    // Approved again: bound to the new journal, which posts.
    const again = await t.value<VersionStatusView>('review.approve', { versionId: t.versionId, note: 'commission now on 8420' });
    expect(again).toMatchObject({ status: 'approved', withdrawal: null, approval: { note: 'commission now on 8420' } });
    const plan = t.plan();
    expect(plan.refusals).toEqual([]);
    expect(plan.erpDocuments[0]!.lines.some((l) => l.accountNumber === '8420')).toBe(true);
  });

  it('posting refuses a journal that differs from the approved digest even when nothing checked it before, and withdraws the approval', async () => {
    const t = await ready();
    await t.value('review.approve', { versionId: t.versionId });
    // A change that bypasses every screen: only posting sees it.
    t.ws.db.prepare("UPDATE mapping_rule SET target = '8460' WHERE connection_id = ? AND amount_description = 'Commission' AND transaction_type = 'Order'").run(BC);
    const plan = t.plan();
    expect(plan.approval).toBeNull();
    expect(plan.refusals).toEqual([expect.stringMatching(/^Its approval was withdrawn\. The journal changed since it was approved: rule 'Order \/ ItemFees \/ Commission': account 8410 → 8460\. Approve settlement 28471003921 version 1 again in the review queue\.$/)]);
    expect(t.ws.db.prepare('SELECT COUNT(*) AS n FROM settlement_approval WHERE withdrawn = 1').get()).toEqual({ n: 1 });
  });

  it('a CSV import of rules that changes an account the journal uses withdraws it', async () => {
    const t = await ready();
    await t.value('review.approve', { versionId: t.versionId });
    const { csv } = await t.value<{ csv: string }>('mappings.exportCsv', { connectionId: BC });
    const changed = csv.replace(/(ItemFees,Commission,[^\n]*?)8410/, '$18420');
    expect(changed).not.toBe(csv);
    await t.value('mappings.importCsv', { connectionId: BC, csv: changed });
    expect((await t.status()).withdrawal?.reason).toMatch(/rule 'Order \/ ItemFees \/ Commission' changed by .*: account 8410 → 8420/);
  });

  it('a new blocking item after approval withdraws it with the item named; a rule for a type this settlement lacks does not', async () => {
    let accounts = ACCOUNTS;
    const t = await ready(() => accounts);
    await t.value('review.approve', { versionId: t.versionId });
    // A rule that no line of this settlement uses leaves the approved journal as it was.
    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'fee', transactionType: 'Order', amountType: 'Promotion', amountDescription: 'Shipping', target: '8490' } });
    expect(await t.status()).toMatchObject({ status: 'approved', withdrawal: null });

    // The ERP closes the storage fee account: a blocking item the approval did not see.
    accounts = ACCOUNTS.map((a) => (a.code === '8450' ? { ...a, postable: false } : a));
    await new ReferenceCache(t.ws.db).refresh(BC, referenceSource(() => accounts));
    const st = await t.status();
    expect(st).toMatchObject({ status: 'needs-review', approval: null, openBlocking: 1 });
    expect(st.withdrawal!.reason).toBe('A new blocking item since it was approved: Account 8450 "Storage Fees" cannot be posted to in BC test (used by Storage Fee). Approve it again once checked.');
  });

  it('the approval dialog\'s digest must be the journal approved: a change in between refuses the approval', async () => {
    const t = await ready();
    const shown = await t.value<{ digest: string }>('review.status', { settlementId: '28471003921' });
    await t.value('mappings.save', { connectionId: BC, entry: { ...commission, target: '8420' } });
    const r = await t.call('review.approve', { versionId: t.versionId, digest: shown.digest });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: 'The journal of settlement 28471003921 changed while it was being looked at; nothing was approved. Look at it again, then approve.' } });
    const fresh = await t.value<{ digest: string }>('review.status', { settlementId: '28471003921' });
    expect(fresh.digest).not.toBe(shown.digest);
    expect(await t.value('review.approve', { versionId: t.versionId, digest: fresh.digest })).toMatchObject({ status: 'approved' });
  });
});
