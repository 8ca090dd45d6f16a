import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItemView } from '../../core/api/calls/review';
import { reviewQueueOf } from '../../core/posting/settlement-status';
import { ReviewRefused } from '../../core/review/review-queue';
import { BC, SAMPLE_ACCOUNTS, setup, v2File } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A workspace whose people are named: the queue is driven as ana and ben would through their own OS accounts. */
async function fresh() {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const q = reviewQueueOf(t.ws);
  const open = async (settlementId?: string) =>
    (await t.value<{ items: ReviewItemView[] }>('review.list', { state: 'open', ...(settlementId ? { settlementId } : {}) })).items;
  const mapAll = async (actor = 'ana') => {
    for (const item of await open()) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) q.resolve(item.id, { action: 'map', target }, actor, BC);
    }
  };
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      if (err instanceof ReviewRefused) return { code: err.code, message: err.message };
      throw err;
    }
    throw new Error('not refused');
  };
  return { ...t, q, open, mapAll, refusal };
}

const settle = (id: string, total: string, end: string, extra: Array<{ t: string; a: string; d: string; amount: string }> = []) =>
  v2File(id, total, [{ t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00', posted: end }, { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', posted: end }, ...extra.map((l) => ({ ...l, posted: end }))], {
    start: `${end} 00:00:00 UTC`, end: `${end} 23:59:59 UTC`, deposit: `${end} 23:59:59 UTC`,
  });

describe('materiality and segregation of duties', () => {
  it('a variance above the limit (default 1.00) needs a second person; a reason of fewer than three words is refused', async () => {
    const t = await fresh();
    const { versionId } = await t.importText('v.tsv', settle('930001', '80.00', '2026-06-20'));
    await t.mapAll();
    const difference = (await t.open()).find((i) => i.kind === 'difference')!;
    expect(difference.amount).toBe(500);
    expect(await t.value('review.policy', {})).toEqual({ varianceLimit: '1.00', separateApprover: false, implausibleMultiple: 10 });

    expect(t.refusal(() => t.q.resolve(difference.id, { action: 'acceptVariance', account: '8490', reason: 'rounding' }, 'ana', BC)))
      .toEqual({ code: 'invalid_input', message: 'Say in a few words (at least 3) why the difference is accepted, e.g. "rounding on Amazon\'s side": "rounding" does not explain it.' });

    // ana proposes: the item stays open (approval is still blocked) until someone else confirms it.
    const proposed = t.q.resolve(difference.id, { action: 'acceptVariance', account: '8490', reason: 'Amazon kept 5.00 it owes us, claim opened' }, 'ana', BC);
    expect(proposed.item).toMatchObject({ state: 'open', resolution: { action: 'acceptVariance', account: '8490', proposedBy: 'ana' } });
    expect(proposed.status).toMatchObject({ status: 'needs-review', openBlocking: 1 });
    expect(t.refusal(() => t.q.approve(versionId, 'ana', null, BC))).toMatchObject({ code: 'conflict', message: 'Settlement 930001 cannot be approved yet: 1 blocking item open.' });
    expect(t.refusal(() => t.q.resolve(difference.id, { action: 'acceptVariance', account: '8490', reason: 'confirming my own' }, 'ana', BC)))
      .toEqual({ code: 'conflict', message: 'A variance of more than 1.00 USD needs a second person: ana proposed it, someone else must confirm it.' });
    expect(t.refusal(() => t.q.resolve(difference.id, { action: 'acceptVariance', account: '8450', reason: 'another account instead' }, 'ben', BC)))
      .toMatchObject({ code: 'conflict', message: 'ana proposed the variance to account 8490; confirm that account, or ask ana to withdraw the proposal.' });

    const confirmed = t.q.resolve(difference.id, { action: 'acceptVariance', account: '8490', reason: 'checked the claim' }, 'ben', BC);
    expect(confirmed.item).toMatchObject({ state: 'resolved', resolution: { proposedBy: 'ana', confirmedBy: 'ben', reason: 'Amazon kept 5.00 it owes us, claim opened' } });
    expect(confirmed.status.status).toBe('ready');
    const variance = t.q.versionJournal(versionId, BC).journal.documents[0]!.lines.find((l) => l.role === 'variance')!;
    expect(variance).toMatchObject({ account: '8490', amount: 500, description: expect.stringContaining('Variance accepted by ana, confirmed by ben: Amazon kept 5.00 it owes us, claim opened') });
    const ops = t.ws.audit.list({ subjectId: '930001', kind: 'decision' }).map((e) => `${e.operation}:${e.actor}`);
    expect(ops).toContain('review.variance-proposed:ana');
    expect(ops).toContain('settlement.variance-accepted:ana, confirmed by ben');
    expect(t.q.approve(versionId, 'ana', null, BC).status).toBe('approved');
  });

  it('a variance within the limit is one person\'s decision; the limit is a workspace setting in the settlement currency', async () => {
    const t = await fresh();
    await t.importText('v.tsv', settle('930002', '84.50', '2026-06-20'));
    await t.mapAll();
    const difference = (await t.open()).find((i) => i.kind === 'difference')!;
    expect(difference.amount).toBe(50);
    expect(t.q.resolve(difference.id, { action: 'acceptVariance', account: '8490', reason: 'rounding on Amazon side' }, 'ana', BC).item.state).toBe('resolved');
    expect(await t.call('review.setPolicy', { varianceLimit: 'ten' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The variance limit "ten" is not an amount: write it like 1.00, in units of the settlement\'s currency.' } });
    expect(await t.value('review.setPolicy', { varianceLimit: '25.00' })).toMatchObject({ varianceLimit: '25.00' });
    expect(t.ws.audit.list({ subjectId: 'review-policy' })).toHaveLength(1);
  });

  it('with segregation of duties on, whoever made the last change cannot approve; another person can', async () => {
    const t = await fresh();
    const { versionId } = await t.importText('v.tsv', settle('930003', '85.00', '2026-06-20'));
    await t.value('review.setPolicy', { separateApprover: true });
    await t.mapAll('ana');
    expect(await t.open()).toEqual([]);
    expect(t.refusal(() => t.q.approve(versionId, 'ana', null, BC))).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Settlement 930003 cannot be approved by ana: ana made the last change to what its journal is built from \(map, \d{4}-\d\d-\d\d \d\d:\d\d UTC\), and this workspace requires another person to approve it\.$/),
    });
    expect(t.q.approve(versionId, 'ben', null, BC)).toMatchObject({ status: 'approved', approval: { approvedBy: 'ben' } });
  });

  it('a line far larger than the seller\'s usual settlement blocks until checked; acknowledged, it can be approved', async () => {
    const t = await fresh();
    for (const [id, end] of [['931001', '2026-03-01'], ['931002', '2026-04-01'], ['931003', '2026-05-01']] as const) await t.importText(`${id}.tsv`, settle(id, '85.00', end));
    // 85.00 is usual; a 9,000.00 principal is more than 10× that.
    const big = await t.importText('big.tsv', settle('931004', '9085.00', '2026-06-01', [{ t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '9000.00' }]));
    await t.mapAll();
    const open = await t.open('931004');
    const items = open.filter((i) => i.severity === 'blocking');
    expect(items.map((i) => [i.kind, i.severity])).toEqual([['implausible-amount', 'blocking']]);
    expect(items[0]).toMatchObject({ amount: 900000, lineCount: 1, actions: ['acknowledge', 'exclude'], facts: { rows: [5], usual: 8500, multiple: 10 } });
    expect(items[0]!.title).toBe("A line is more than 10× this seller's usual settlement of 85.00 USD: file line 5 Order / ItemPrice / Principal 9000.00 USD. Check against Seller Central, then acknowledge or exclude");
    expect(await t.open('931001')).toEqual([]);
    t.q.resolve(items[0]!.id, { action: 'acknowledge', note: 'a wholesale order, confirmed in Seller Central' }, 'ana', BC);
    // The referral rate of that order is unusual too: a warning, acknowledged as well.
    for (const w of open.filter((i) => i.severity === 'warning')) t.q.resolve(w.id, { action: 'acknowledge' }, 'ana', BC);
    expect(t.q.approve(big.versionId, 'ana', null, BC).status).toBe('approved');
  });

  it('negative amounts in an item\'s title and details read as Settings → Amounts says: in brackets when chosen, the stored title unchanged', async () => {
    const t = await fresh();
    for (const [id, end] of [['932001', '2026-03-01'], ['932002', '2026-04-01'], ['932003', '2026-05-01']] as const) await t.importText(`${id}.tsv`, settle(id, '85.00', end));
    // A refund of 9,000.00: more than 10× the usual settlement, shown as a negative amount.
    await t.importText('refund.tsv', settle('932004', '-8915.00', '2026-06-01', [{ t: 'Refund', a: 'ItemPrice', d: 'Principal', amount: '-9000.00' }]));
    await t.mapAll();
    const title = async () => (await t.open('932004')).find((i) => i.kind === 'implausible-amount')!.title;
    expect(await title()).toContain('file line 5 Refund / ItemPrice / Principal -9000.00 USD.');

    await t.value('app.setAmountDisplay', { negatives: 'brackets' });
    expect(await title()).toBe("A line is more than 10× this seller's usual settlement of 85.00 USD: file line 5 Refund / ItemPrice / Principal (9000.00 USD). Check against Seller Central, then acknowledge or exclude");
    const stored = t.ws.db.prepare("SELECT title FROM review_item WHERE settlement_id = '932004' AND kind = 'implausible-amount'").get() as { title: string };
    expect(stored.title).toContain('-9000.00 USD');

    await t.value('app.setAmountDisplay', { negatives: 'minus' });
    expect(await title()).toContain('Principal -9000.00 USD.');
  });
});
