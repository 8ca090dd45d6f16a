import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import type { SettlementPreview } from '../../core/api/calls/settlements';
import type { SettlementReportView } from '../../core/api/calls/reports';
import { PostingOutbox } from '../../core/posting/outbox';
import { enqueuePlan, planSettlementPosting } from '../../core/posting/settlement-posting';
import { accountTotals } from '../../core/reports/reconciliation-report';
import { BC, SAMPLE_ACCOUNTS, setup, v2File } from '../review/review-fixtures';
import { businessCentralKind } from '../../core/erp/business-central/kind';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type Line = { period: string; currency: string; account: string; dimensions: Record<string, string>; description: string; debit: number; credit: number };

/**
 * One settlement through every review action: an unknown type to map, another to exclude, the difference
 * that leaves to accept as a variance, a warning (no deposit) to acknowledge.
 */
async function settlement() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const file = v2File('910001', '64.50', [
    { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' },
    { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00' },
    { t: 'Order', a: 'ItemFees', d: 'MysteryFee', amount: '-20.00' },
    { t: 'Order', a: 'ItemFees', d: 'BogusFee', amount: '-5.00' },
  ], { deposit: null });
  const { versionId } = await t.importText('s.tsv', file);
  const open = async () => (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items;
  const resolve = (item: ReviewItemView | undefined, resolution: Record<string, unknown>) => t.value('review.resolve', { itemId: item!.id, resolution });

  /** The journal as the preview shows it, as posting would send it, and as the report totals it: all must agree. */
  const views = async () => {
    const preview = await t.value<SettlementPreview>('settlements.preview', { versionId });
    const previewLines: Line[] = preview.documents.flatMap((d) =>
      d.lines.filter((l) => l.debit || l.credit).map((l) => ({ period: d.period, currency: d.currency, account: l.account ?? '', dimensions: l.dimensions, description: l.description, debit: l.debit, credit: l.credit })));
    const plan = planSettlementPosting(t.ws, new PostingOutbox(t.ws.db, t.ws.audit), versionId, BC, { name: 'BC test', localCurrency: 'USD', capabilities: businessCentralKind.capabilities })!;
    const planLines: Line[] = plan.erpDocuments.flatMap((d, i) =>
      d.lines.map((l) => ({ period: plan.documents[i]!.period, currency: d.currency, account: l.accountNumber, dimensions: l.dimensions ?? {}, description: l.description, debit: l.debit, credit: l.credit })));
    const report = (await t.value<{ settlements: SettlementReportView[] }>('reports.reconciliation', { scope: 'settlement', id: '910001' })).settlements[0]!;
    return { preview, previewLines, plan, planLines, report };
  };
  const agree = async () => {
    const v = await views();
    expect(v.previewLines).toEqual(v.planLines);
    expect(v.report.accounts).toEqual(accountTotals(v.plan.erpDocuments));
    expect(v.report.documents.map((d) => [d.naturalKey, d.postingDate, d.totalDebit, d.totalCredit, d.lines])).toEqual(
      v.plan.documents.map((d) => [d.naturalKey, d.postingDate, d.totalDebit, d.totalCredit, d.lineCount]));
    expect(v.report.tieOut).toMatchObject({ deposit: v.preview.tieOut.deposit, linesTotal: v.preview.tieOut.linesTotal, difference: v.preview.tieOut.difference, acceptedVariance: v.preview.tieOut.acceptedVariance, excludedLines: v.preview.tieOut.excludedLines });
    return v;
  };
  return { ...t, versionId, open, resolve, agree };
}

describe('one journal on every screen and in the ERP', () => {
  it('after each review action and a rule change, the preview, the posting plan and the report show the same journal, line for line', async () => {
    const t = await settlement();
    for (const item of await t.open()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.resolve(item, { action: 'map', target });
    }
    await t.agree();

    // map: the unknown type now posts to the chosen account.
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'MysteryFee'), { action: 'map', target: '8410' });
    let v = await t.agree();
    expect(v.previewLines.some((l) => l.description.includes('BogusFee'))).toBe(true);

    // exclude: the excluded line is gone from every view; the preview names what was left out.
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'BogusFee'), { action: 'exclude', reason: 'charged in error, refunded by Amazon next week' });
    v = await t.agree();
    expect(v.previewLines.some((l) => l.description.includes('BogusFee'))).toBe(false);
    expect(v.preview.tieOut).toMatchObject({ excludedLines: 1, excludedAmount: -500, difference: 50, acceptedVariance: 0, balanced: false });

    // accept variance: the variance line is on every view, and the preview ties out.
    await t.resolve((await t.open()).find((i) => i.kind === 'difference'), { action: 'acceptVariance', account: '8490', reason: 'rounding difference on Amazon side' });
    v = await t.agree();
    expect(v.previewLines.filter((l) => l.account === '8490')).toEqual([expect.objectContaining({ debit: 50, credit: 0 })]);
    expect(v.preview.tieOut).toMatchObject({ acceptedVariance: 50, deposit: 6450, balanced: true });
    expect(v.preview.issues).toEqual([]);

    // acknowledge: the warning changes nothing in the journal.
    await t.resolve((await t.open()).find((i) => i.kind === 'anomaly'), { action: 'acknowledge', note: 'deposit follows' });
    await t.agree();
    expect(await t.open()).toEqual([]);

    // a rule change: every view moves together.
    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'Commission', target: '8420' } });
    v = await t.agree();
    expect(v.previewLines.some((l) => l.account === '8420')).toBe(true);
    expect(v.preview.posted).toBeNull();
  });

  it('once posted, the preview and the report show what the outbox sent, and the current rules apart only when they differ', async () => {
    const t = await settlement();
    for (const item of await t.open()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.resolve(item, { action: 'map', target });
    }
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'MysteryFee'), { action: 'map', target: '8410' });
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'BogusFee'), { action: 'exclude', reason: 'charged in error, refunded by Amazon next week' });
    await t.resolve((await t.open()).find((i) => i.kind === 'difference'), { action: 'acceptVariance', account: '8490', reason: 'rounding difference on Amazon side' });
    await t.resolve((await t.open()).find((i) => i.kind === 'anomaly'), { action: 'acknowledge' });
    await t.value('review.approve', { versionId: t.versionId });
    const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
    const plan = planSettlementPosting(t.ws, outbox, t.versionId, BC, { name: 'BC test', localCurrency: 'USD', capabilities: businessCentralKind.capabilities })!;
    enqueuePlan(outbox, plan, 'tester');
    for (const d of plan.erpDocuments) {
      outbox.begin(d.externalDocumentNumber);
      outbox.posted(d.externalDocumentNumber, 'G00042', 'created');
    }
    let preview = await t.value<SettlementPreview>('settlements.preview', { versionId: t.versionId });
    expect(preview.posted).toMatchObject({ currentDiffers: false, documents: [{ naturalKey: '910001-202606-JNL-V1', state: 'posted', erpDocumentNumber: 'G00042' }] });
    expect(preview.posted!.documents[0]!.lines).toEqual(plan.erpDocuments[0]!.lines.map((l) => ({ account: l.accountNumber, description: l.description, dimensions: l.dimensions ?? {}, debit: l.debit, credit: l.credit })));

    // A rule change after posting: what was posted stays what every screen shows; the draft differs, apart.
    await t.value('mappings.save', { connectionId: BC, entry: { kind: 'fee', transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'Commission', target: '8420' } });
    preview = await t.value<SettlementPreview>('settlements.preview', { versionId: t.versionId });
    expect(preview.posted).toMatchObject({ currentDiffers: true, documents: [{ state: 'posted' }] });
    expect(preview.posted!.documents[0]!.lines.some((l) => l.account === '8420')).toBe(false);
    expect(preview.documents[0]!.lines.some((l) => l.account === '8420')).toBe(true);
    const report = (await t.value<{ settlements: SettlementReportView[] }>('reports.reconciliation', { scope: 'settlement', id: '910001' })).settlements[0]!;
    expect(report.accounts).toEqual(accountTotals(plan.erpDocuments));
    expect(report).toMatchObject({ status: 'posted', approval: { approvedBy: t.ws.osUser } });
  });

  it('a journal line drills down to exactly its lines, an excluded one left out', async () => {
    const t = await settlement();
    for (const item of await t.open()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.resolve(item, { action: 'map', target });
    }
    // Both unknown types on one account: one journal line until one of them is excluded.
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'MysteryFee'), { action: 'map', target: '8490' });
    await t.resolve((await t.open()).find((i) => i.facts.amountDescription === 'BogusFee'), { action: 'exclude', reason: 'charged in error, refunded by Amazon next week' });
    const preview = await t.value<SettlementPreview>('settlements.preview', { versionId: t.versionId });
    const d = preview.documents[0]!;
    for (const l of d.lines.filter((x) => x.role === 'amount')) {
      const page = await t.value<{ total: number; amount: number; rows: Array<{ amountDescription: string }> }>('settlements.lines', {
        versionId: t.versionId, journalLine: { period: d.period, currency: d.currency, account: l.account, dimensions: l.dimensions, description: l.description },
      });
      expect(page.total).toBe(l.lineCount);
      expect(-page.amount).toBe(l.debit - l.credit);
      expect(page.rows.some((r) => r.amountDescription === 'BogusFee')).toBe(false);
    }
  });
});
