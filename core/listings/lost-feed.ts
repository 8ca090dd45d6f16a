import { getFeedProcessingReport, getFeeds, waitForFeed } from '../amazon/feeds';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { OutgoingChange } from './listing-outbox';

/** How far Amazon's clock may be ahead of ours when asking for feeds created since a change was marked. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type LostFeed = { found: string } | { found: null } | { ambiguous: string[] };

/**
 * Finds the feed of changes that were marked sending while no feed id was recorded (the process died, or the
 * answer was lost, after createFeed reached Amazon). Amazon's Feed carries no input document id
 * (feeds_2021-06-30.json), so a feed is known by what it did: a JSON_LISTINGS_FEED of the marketplace created
 * since the changes were marked, not one we recorded, whose processing report counts exactly these messages and
 * names no message id but theirs (message ids are the changes' ids). None found: Amazon never made the feed and
 * the changes may be submitted again. More than one: nothing is resubmitted, and a person is told which.
 */
export async function findLostFeed(
  client: SpApiClient,
  marketplaceId: string,
  lost: readonly OutgoingChange[],
  context: { markedAt: Date; knownFeedIds: ReadonlySet<string> },
  options: { pollMs?: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<LostFeed> {
  const ids = new Set(lost.map((c) => c.id));
  const candidates = (await getFeeds(client, { feedTypes: ['JSON_LISTINGS_FEED'], marketplaceIds: [marketplaceId], createdSince: new Date(context.markedAt.getTime() - CLOCK_SKEW_MS) }, options.signal))
    .filter((f) => !context.knownFeedIds.has(f.feedId) && f.processingStatus !== 'CANCELLED');
  const matching: string[] = [];
  for (const candidate of candidates) {
    const feed = await waitForFeed(client, candidate.feedId, options);
    if (feed.processingStatus !== 'DONE' || !feed.resultFeedDocumentId) {
      // A FATAL feed applied nothing; it cannot be told apart from another's, and resubmitting sends nothing twice.
      continue;
    }
    const report = await getFeedProcessingReport(client, feed.resultFeedDocumentId, options.signal);
    const named = (report.issues ?? []).map((i) => i.messageId).filter((m): m is number => m !== undefined);
    if (report.summary.messagesProcessed === lost.length && named.every((m) => ids.has(m))) matching.push(feed.feedId);
  }
  if (matching.length > 1) return { ambiguous: matching };
  return { found: matching[0] ?? null };
}
