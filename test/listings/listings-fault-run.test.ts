import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChangeSet } from '../../core/listings/change-set';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { DE, REFUSED, startFeedRun, type FeedRun } from './feed-run-fixture';

let run: FeedRun;
beforeEach(async () => {
  run = await startFeedRun();
});
afterEach(async () => {
  await run.stop();
});

describe('a listings fault run: a change set from Business Central through a 429 storm, a dropped connection and a feed that refuses some SKUs', () => {
  it('sends each change in one feed, records every SKU\'s outcome in Amazon\'s words, and the next run finds only the refused SKUs again', async () => {
    const { h, outbox, rule, sources, shown } = run;
    const ops = () => h.emulator.stats.byOperation;
    const set = await buildChangeSet(outbox, rule, sources, 'tester');
    expect(set.found).toHaveLength(30);

    // A 429 storm longer than the client's retries: nothing leaves, every change waits, no feed exists.
    h.emulator.faults.throttle(10, { operation: 'createFeedDocument' });
    const stormy = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(stormy).toMatchObject({ sent: 0, failed: 0, retry: 30, feedIds: [] });
    expect(stormy.stopped).toMatch(/could not be submitted/);
    expect(ops().createFeed).toBeUndefined();
    h.emulator.faults.clear();

    // The storm's tail, a connection dropped while polling the feed and another after Amazon answered the report download;
    // Amazon refuses three SKUs in the feed's processing report.
    h.emulator.faults.throttle(2, { operation: 'createFeedDocument' });
    h.emulator.faults.dropNext(1, { operation: 'getFeed' });
    h.emulator.faults.dropAfterProcessing(1, { operation: 'getFeedDocument' });
    h.emulator.faults.rejectListings(REFUSED);
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 27, failed: 3, retry: 0, stopped: null, feedIds: [expect.any(String)] });
    expect(ops().createFeed?.ok).toBe(1);
    expect(ops().patchListingsItem).toBeUndefined();

    // Per SKU: sent ones show the new values on Amazon, refused ones keep theirs and carry Amazon's words.
    const scope = { amazonConnectionId: rule.amazonConnectionId, marketplaceId: DE };
    expect(outbox.list({ ...scope, states: ['sent'] })).toHaveLength(27);
    const failed = outbox.list({ ...scope, states: ['failed'] });
    expect(failed.map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    for (const c of failed) expect(c.issues).toEqual([expect.objectContaining({ code: '90244', severity: 'ERROR', attributeNames: ['purchasable_offer'] })]);
    expect(await shown('DE-RUN-0')).toMatchObject({ price: { amount: '221.99' }, quantity: 38 });
    expect(await shown('DE-RUN-4')).toMatchObject({ price: { amount: '200' }, quantity: 1 });
    const settled = h.audit.list({ subjectType: 'listing-feed' }).filter((e) => e.operation === 'listing-feed.settled');
    expect(settled).toHaveLength(1);
    const detail = JSON.parse(String(settled[0]!.detail)) as { sent: string[]; refused: { sku: string; issues: { message: string }[] }[] };
    expect(detail.sent).toHaveLength(27);
    expect(detail.sent).not.toContain('DE-RUN-4');
    // What went is audited once the feed exists: every message's SKU and values.
    const submitted = h.audit.list({ subjectType: 'listing-feed' }).filter((e) => e.operation === 'listing-feed.submitted');
    expect(submitted.map((e) => e.subjectId)).toEqual(result.feedIds);
    const messages = (JSON.parse(String(submitted[0]!.detail)) as { messages: { sku: string; price: number; quantity: number }[] }).messages;
    expect(messages).toHaveLength(30);
    expect(messages.find((m) => m.sku === 'DE-RUN-0')).toMatchObject({ price: 22199, quantity: 38 });
    expect(detail.refused.map((r) => r.sku).sort()).toEqual([...REFUSED].sort());
    expect(detail.refused[0]!.issues[0]!.message).toMatch(/outside the allowed range/);

    // Nothing is sent twice: a further send has nothing left, and the next run finds only the refused SKUs.
    expect(await sendListingChanges(outbox, h.client, rule, { actor: 'tester' })).toMatchObject({ sent: 0, failed: 0, retry: 0 });
    const next = await buildChangeSet(outbox, rule, sources, 'tester');
    expect(next.found.map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    expect(next.unchanged).toBe(27);
  });
});
