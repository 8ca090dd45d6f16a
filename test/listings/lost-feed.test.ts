import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitJsonListingsFeed } from '../../core/amazon/feeds';
import { priceAndQuantityPatches } from '../../core/amazon/listings';
import { buildChangeSet } from '../../core/listings/change-set';
import type { OutgoingChange } from '../../core/listings/listing-outbox';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { DE, REFUSED, SELLER, startFeedRun, type FeedRun } from './feed-run-fixture';

const UK = 'A1F83G8C2ARO7P';

let run: FeedRun;
beforeEach(async () => {
  run = await startFeedRun();
});
afterEach(async () => {
  await run.stop();
});

const scope = () => ({ amazonConnectionId: run.rule.amazonConnectionId, marketplaceId: DE });

/** A JSON_LISTINGS_FEED of these messages, created on Amazon the way our sender makes one (221.99 and 38 each). */
const submit = (messages: { messageId: number; sku: string }[], marketplaceIds = [DE]) => submitJsonListingsFeed(run.h.client, {
  sellerId: SELLER, marketplaceIds,
  messages: messages.map((m) => ({ ...m, operationType: 'PATCH' as const, productType: 'CHAIR', patches: priceAndQuantityPatches({ marketplaceId: DE, price: { amount: '221.99', currency: 'EUR' }, quantity: 38 }) })),
});

/** The first life: the changes marked sending for a feed, which is then created on Amazon, and the process killed before it records the id. */
async function diedAfterCreateFeed(): Promise<OutgoingChange[]> {
  await buildChangeSet(run.outbox, run.rule, run.sources, 'tester');
  const batch = run.outbox.outgoing(scope(), 'ready');
  run.outbox.markSending(batch.map((c) => c.id), 'feed', 'tester');
  await submit(batch.map((c) => ({ messageId: c.id, sku: c.sku })));
  return batch;
}

describe('a listings feed whose id was lost', () => {
  it('is found again on Amazon when the answer to createFeed was lost, read back and settled, and no SKU is sent twice', async () => {
    const { h, outbox, rule, sources } = run;
    await buildChangeSet(outbox, rule, sources, 'tester');
    h.emulator.faults.rejectListings(REFUSED);
    h.emulator.faults.dropAfterProcessing(1, { operation: 'createFeed' });
    const first = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(first.stopped).toMatch(/^The listings feed could not be submitted/);
    expect(run.feedsCreated()).toBe(1);
    expect(outbox.list({ ...scope(), states: ['sending'] }).every((c) => c.feedId === null)).toBe(true);

    const second = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(second).toMatchObject({ sent: 27, failed: 3, stopped: null });
    expect(second.feedIds).toHaveLength(1);
    expect(run.feedsCreated()).toBe(1);
    expect(h.emulator.stats.byOperation.getFeeds?.ok).toBe(1);
    const changes = outbox.list(scope());
    expect(changes.filter((c) => c.state === 'sent')).toHaveLength(27);
    expect(changes.filter((c) => c.state === 'failed').map((c) => c.sku).sort()).toEqual([...REFUSED].sort());
    expect(new Set(changes.map((c) => c.feedId))).toEqual(new Set([second.feedIds[0]]));
    expect(await run.shown('DE-RUN-0')).toMatchObject({ price: { amount: '221.99', currency: 'EUR' }, quantity: 38 });
    expect(h.audit.list({ subjectType: 'listing-feed' }).filter((e) => e.operation === 'listing-feed.found').map((e) => e.subjectId)).toEqual(second.feedIds);
  });

  it('after a death between createFeed\'s answer and the record of its id, the next send adopts that feed instead of submitting another', async () => {
    await diedAfterCreateFeed();
    expect(run.feedsCreated()).toBe(1);
    const result = await sendListingChanges(run.outbox, run.h.client, run.rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 30, failed: 0, stopped: null });
    expect(run.feedsCreated()).toBe(1);
    expect(run.outbox.outgoing(scope(), 'sending')).toEqual([]);
  });

  it('is not mistaken for another listings feed: one for more marketplaces, one whose report names our message ids with other SKUs, one created after our submission could have', async () => {
    const { h, outbox, rule } = run;
    const batch = await diedAfterCreateFeed();
    const ours = batch.map((c) => ({ messageId: c.id, sku: c.sku }));
    // As many messages with our ids, for DE and the UK at once.
    await submit(ours, [DE, UK]);
    // Our message ids, other SKUs (Amazon names each SKU it has no listing for).
    await submit(ours.map((m, i) => ({ messageId: m.messageId, sku: `OTHER-${i}` })));
    // The same messages two hours after ours were marked: no submission of ours lives that long.
    h.emulator.advanceTime(2 * 3_600_000);
    await submit(ours);
    expect(run.feedsCreated()).toBe(4);

    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 30, failed: 0, stopped: null });
    expect(run.feedsCreated()).toBe(4);
    const [adopted] = result.feedIds;
    expect(adopted).toBe(String(50_000_001));
    expect(new Set(outbox.list(scope()).map((c) => c.feedId))).toEqual(new Set([adopted]));
  });

  it('sends nothing when two feeds could be it, and says which', async () => {
    const { h, outbox, rule } = run;
    const batch = await diedAfterCreateFeed();
    // The same feed created twice (say, by a copy of the app restored from a backup): both report exactly our messages.
    await submit(batch.map((c) => ({ messageId: c.id, sku: c.sku })));
    const result = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(result).toMatchObject({ sent: 0, failed: 0, retry: 30, feedIds: [] });
    expect(result.stopped).toBe('30 changes were submitted in a feed whose id was not recorded, and Amazon holds 2 feeds that could be it (50000001, 50000002). Nothing was sent again; check those feeds in Seller Central.');
    expect(run.feedsCreated()).toBe(2);
    expect(outbox.outgoing(scope(), 'sending').map((c) => c.feedId)).toEqual(batch.map(() => null));
    // Asking again changes nothing until a person decides.
    expect((await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 })).sent).toBe(0);
    expect(run.feedsCreated()).toBe(2);
  });

  it('is submitted again when Amazon never made it (createFeed never arrived), once', async () => {
    const { h, outbox, rule, sources } = run;
    await buildChangeSet(outbox, rule, sources, 'tester');
    h.emulator.faults.dropNext(5, { operation: 'createFeed' });
    const first = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(first.stopped).toMatch(/^The listings feed could not be submitted/);
    expect(run.feedsCreated()).toBe(0);
    h.emulator.faults.clear();
    const second = await sendListingChanges(outbox, h.client, rule, { actor: 'tester', feedPollMs: 10_000 });
    expect(second).toMatchObject({ sent: 30, failed: 0, stopped: null });
    expect(run.feedsCreated()).toBe(1);
  });
});
