import { getFeedProcessingReport, getFeeds, waitForFeed, type Feed, type FeedProcessingReport } from '../amazon/feeds';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { OutgoingChange } from './listing-outbox';

/** How far Amazon's clock may be off ours when comparing a feed's createdTime with when the changes were marked. */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * How long after its changes were marked a lost submission could still have created its feed: createFeedDocument,
 * the upload and createFeed, each waiting for a token (createFeed's plan gives one every two minutes once its burst
 * is spent) and retrying within the client's attempts of at most a minute each. A feed created later is another's.
 */
const SUBMIT_WINDOW_MS = 30 * 60_000;

export type LostFeed = { found: string } | { found: null } | { ambiguous: string[] };

/**
 * Finds the feed of changes that were marked sending while no feed id was recorded (the process died, or the
 * answer was lost, after createFeed reached Amazon). Amazon's Feed carries no input document id
 * (feeds_2021-06-30.json), so a feed is known by everything Amazon does return of it: a JSON_LISTINGS_FEED for
 * this marketplace alone, created while our submission could have made it, not one we recorded; and by its
 * processing report: our seller in the header (and this feed's id where the header gives one), exactly as many
 * messages as we sent, and each issue about a message we sent and, where it names a SKU, the SKU we sent with that
 * message id (message ids are the changes' ids). None found: Amazon never made the feed and the changes may be
 * submitted again. More than one: nothing is resubmitted, and a person is told which.
 */
export async function findLostFeed(
  client: SpApiClient,
  where: { sellerId: string; marketplaceId: string },
  lost: readonly OutgoingChange[],
  context: { markedAt: Date; knownFeedIds: ReadonlySet<string> },
  options: { pollMs?: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<LostFeed> {
  const from = context.markedAt.getTime() - CLOCK_SKEW_MS;
  const until = Math.min(client.clock.now(), context.markedAt.getTime() + SUBMIT_WINDOW_MS) + CLOCK_SKEW_MS;
  const listed = await getFeeds(client, { feedTypes: ['JSON_LISTINGS_FEED'], marketplaceIds: [where.marketplaceId], createdSince: new Date(from), createdUntil: new Date(until) }, options.signal);
  const candidates = listed.filter((f) => !context.knownFeedIds.has(f.feedId) && couldBeOurs(f, where.marketplaceId, from, until));
  const sent = new Map(lost.map((c) => [c.id, c.sku]));
  const matching: string[] = [];
  for (const candidate of candidates) {
    const feed = await waitForFeed(client, candidate.feedId, options);
    // No report, nothing to know it by (a FATAL feed may give none): sending the same values again sets what it may have set.
    if (!feed.resultFeedDocumentId) continue;
    const report = await getFeedProcessingReport(client, feed.resultFeedDocumentId, options.signal);
    if (reportsWhatWeSent(report, feed.feedId, where.sellerId, sent)) matching.push(feed.feedId);
  }
  if (matching.length > 1) return { ambiguous: matching };
  return { found: matching[0] ?? null };
}

/** Of the feeds Amazon lists, one we could have made: a listings feed for this marketplace alone, created in the window, not cancelled unprocessed. */
function couldBeOurs(f: Feed, marketplaceId: string, from: number, until: number): boolean {
  const created = Date.parse(f.createdTime);
  const markets = f.marketplaceIds;
  return f.feedType === 'JSON_LISTINGS_FEED' && f.processingStatus !== 'CANCELLED' && created >= from && created <= until
    && (markets === undefined || (markets.length === 1 && markets[0] === marketplaceId));
}

function reportsWhatWeSent(report: FeedProcessingReport, feedId: string, sellerId: string, sent: ReadonlyMap<number, string>): boolean {
  if (report.header?.sellerId !== undefined && report.header.sellerId !== sellerId) return false;
  if (report.header?.feedId !== undefined && report.header.feedId !== feedId) return false;
  if (report.summary.messagesProcessed !== sent.size) return false;
  return (report.issues ?? []).every((i) => {
    if (i.messageId === undefined) return i.sku === undefined || [...sent.values()].includes(i.sku);
    const sku = sent.get(i.messageId);
    return sku !== undefined && (i.sku === undefined || i.sku === sku);
  });
}
