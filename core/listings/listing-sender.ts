import { AmazonError } from '../amazon/errors';
import { getFeedProcessingReport, submitJsonListingsFeed, waitForFeed, type FeedProcessingReport } from '../amazon/feeds';
import { getListingShown, patchListingPriceAndQuantity } from '../amazon/listings';
import { priceAndQuantityFeedDocument } from '../amazon/price-quantity-feed';
import type { SpApiClient } from '../amazon/sp-api-client';
import { toDecimalString } from '../money/amount-format';
import { parseAmount } from '../money/amount-parser';
import { currencyExponent } from '../money/currency';
import type { ListingRule } from './listing-rule';
import { findLostFeed } from './lost-feed';
import type { ListingIssue, ListingOutbox, OutgoingChange } from './listing-outbox';

/**
 * Up to this many changes go one by one with patchListingsItem (5/s, burst 5: twenty take about 3 s);
 * more go as one JSON_LISTINGS_FEED, whose one createFeed is worth more than the patches it saves.
 */
export const PATCH_LIMIT = 20;
/**
 * Messages per listings feed. The listings feed guide caps a JSON_LISTINGS_FEED at 10,000 messages
 * (UNVERIFIED: not in the local models; "Listings Feed Type Values" docs).
 */
export const FEED_MESSAGE_LIMIT = 10_000;

export interface SendOptions {
  actor: string;
  signal?: AbortSignal;
  patchLimit?: number;
  feedPollMs?: number;
  feedTimeoutMs?: number;
  onProgress?(done: number, total: number): void;
  /** Send only changes that carry no price (a quantities-only run): a pending price change is neither sent nor withdrawn. */
  quantitiesOnly?: boolean;
}

export interface SendResult {
  sent: number;
  failed: number;
  /** Left ready (throttled or unreachable past the client's retries): the next send carries on with them. */
  retry: number;
  feedIds: string[];
  /** Why sending stopped early, in words; null when every change got Amazon's answer. */
  stopped: string | null;
}

const issueOf = (i: { code?: string | undefined; message?: string | undefined; severity?: string | undefined; attributeNames?: string[] | undefined }): ListingIssue => ({
  code: i.code ?? null, message: i.message ?? '(Amazon gave no message)', severity: i.severity ?? 'ERROR', ...(i.attributeNames?.length ? { attributeNames: i.attributeNames } : {}),
});

/** Throttling and unreachability past the client's own retries leave the change ready; anything else is Amazon refusing it. */
const retryable = (err: unknown) => err instanceof AmazonError && (err.kind === 'throttled' || err.kind === 'unavailable');

/**
 * Sends the rule's ready changes to Amazon exactly once through the listings outbox: each change is marked
 * `sending` before its request leaves. A change found `sending` (a crash or a dropped connection) is looked up
 * before it is sent again: a patched SKU whose Amazon values already are the change's is recorded as sent, a
 * feed whose id was recorded is read back instead of submitted again, and a feed whose id was lost is looked
 * for among Amazon's feeds (lost-feed.ts) and submitted again only when Amazon never made it.
 */
export async function sendListingChanges(outbox: ListingOutbox, client: SpApiClient, rule: ListingRule, options: SendOptions): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0, retry: 0, feedIds: [], stopped: null };
  const scope = { amazonConnectionId: rule.amazonConnectionId, marketplaceId: rule.marketplaceId };
  const queue: OutgoingChange[] = [];

  // Resume what a previous send left on its way.
  const taking = (c: OutgoingChange) => !options.quantitiesOnly || c.newPriceMinor === null;
  const inFlight = outbox.outgoing(scope, 'sending').filter((c) => taking(c) || c.feedId !== null);
  const feeds = new Map<string, OutgoingChange[]>();
  const lost: OutgoingChange[] = [];
  for (const c of inFlight) {
    if (c.feedId) feeds.set(c.feedId, [...(feeds.get(c.feedId) ?? []), c]);
    else if (c.via === 'feed') lost.push(c);
    else if (c.via === 'patch' && (await alreadyShown(client, rule, c, options.signal))) {
      outbox.markSent(c, options.actor);
      result.sent++;
    } else queue.push(c);
  }
  for (const [feedId, changes] of feeds) await settleFeed(outbox, client, feedId, changes, options, result);
  if (lost.length) {
    const ids = lost.map((c) => c.id);
    const search = await findLostFeed(client, { sellerId: rule.sellerId, marketplaceId: rule.marketplaceId }, lost, outbox.lostFeedContext(scope, ids), {
      ...(options.feedPollMs ? { pollMs: options.feedPollMs } : {}), ...(options.feedTimeoutMs ? { timeoutMs: options.feedTimeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
    if ('ambiguous' in search) {
      result.retry += lost.length + outbox.outgoing(scope, 'ready').length;
      result.stopped = `${lost.length} change${lost.length === 1 ? ' was' : 's were'} submitted in a feed whose id was not recorded, and Amazon holds ${search.ambiguous.length} feeds that could be it (${search.ambiguous.join(', ')}). Nothing was sent again; check those feeds in Seller Central.`;
      return result;
    }
    if (search.found) {
      outbox.setFeed(lost, search.found, 'found', options.actor);
      result.feedIds.push(search.found);
      await settleFeed(outbox, client, search.found, lost, options, result);
    } else queue.push(...lost);
  }

  queue.push(...outbox.outgoing(scope, 'ready').filter(taking));
  const total = queue.length;
  if (!total) return result;
  if (total <= (options.patchLimit ?? PATCH_LIMIT)) {
    let done = 0;
    for (const c of queue) {
      options.signal?.throwIfAborted();
      outbox.markSending([c.id], 'patch', options.actor);
      const sending = outbox.get(c.id)!;
      try {
        const submission = await patchListingPriceAndQuantity(client, { sellerId: rule.sellerId, sku: c.sku, marketplaceId: c.marketplaceId, productType: c.productType, ...values(c) }, options.signal);
        const issues = (submission.issues ?? []).map(issueOf);
        if (submission.status === 'ACCEPTED') {
          outbox.markSent(sending, options.actor, { submissionId: submission.submissionId, issues });
          result.sent++;
        } else {
          outbox.markFailed(sending, options.actor, issues, false);
          result.failed++;
        }
      } catch (err) {
        if (options.signal?.aborted) throw err;
        const again = retryable(err);
        outbox.markFailed(sending, options.actor, [{ code: err instanceof AmazonError ? err.kind : null, message: (err as Error).message, severity: 'ERROR' }], again);
        if (again) {
          result.retry = queue.length - done;
          result.stopped = `${(err as Error).message} ${result.retry} change${result.retry === 1 ? '' : 's'} wait for the next send.`;
          break;
        }
        result.failed++;
      }
      options.onProgress?.(++done, total);
    }
    return result;
  }

  for (let start = 0; start < queue.length; start += FEED_MESSAGE_LIMIT) {
    const batch = queue.slice(start, start + FEED_MESSAGE_LIMIT);
    // Durable before the feed exists: a crash after createFeed finds these sending and looks for their feed.
    outbox.markSending(batch.map((c) => c.id), 'feed', options.actor);
    let feedId: string;
    try {
      feedId = await submitJsonListingsFeed(client, {
        marketplaceIds: [rule.marketplaceId],
        // The change's id is the message id, so the processing report's issues find their change after a restart.
        document: priceAndQuantityFeedDocument(rule.sellerId, batch.map((c) => ({ messageId: c.id, sku: c.sku, marketplaceId: c.marketplaceId, productType: c.productType, ...values(c) }))),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      // Still `sending` with no feed id: the next send looks for the feed on Amazon before submitting again.
      result.retry += queue.length - start;
      result.stopped = `The listings feed could not be submitted: ${(err as Error).message} The next send submits it again.`;
      return result;
    }
    // Amazon's processing time starts here: what is written now is not waited for.
    outbox.setFeed(batch, feedId, 'submitted', options.actor);
    result.feedIds.push(feedId);
    await settleFeed(outbox, client, feedId, batch, options, result);
    options.onProgress?.(Math.min(start + batch.length, total), total);
    if (result.stopped) return result;
  }
  return result;
}

function values(c: OutgoingChange): { price?: { amount: string; currency: string }; quantity?: number } {
  return {
    ...(c.newPriceMinor !== null ? { price: { amount: toDecimalString(c.newPriceMinor, currencyExponent(c.currency)), currency: c.currency } } : {}),
    ...(c.newQuantity !== null ? { quantity: c.newQuantity } : {}),
  };
}

async function alreadyShown(client: SpApiClient, rule: ListingRule, c: OutgoingChange, signal?: AbortSignal): Promise<boolean> {
  const shown = await getListingShown(client, { sellerId: rule.sellerId, sku: c.sku, marketplaceId: c.marketplaceId }, signal);
  if (!shown) return false;
  const priceOk = c.newPriceMinor === null || (shown.price?.currency === c.currency && parseAmount(shown.price.amount, currencyExponent(c.currency)) === c.newPriceMinor);
  return priceOk && (c.newQuantity === null || shown.quantity === c.newQuantity);
}

/** Waits for a feed, reads its processing report and records each change's outcome in Amazon's words. */
async function settleFeed(outbox: ListingOutbox, client: SpApiClient, feedId: string, changes: readonly OutgoingChange[], options: SendOptions, result: SendResult): Promise<void> {
  let report: FeedProcessingReport | null = null;
  let status: string;
  try {
    const feed = await waitForFeed(client, feedId, { ...(options.feedPollMs ? { pollMs: options.feedPollMs } : {}), ...(options.feedTimeoutMs ? { timeoutMs: options.feedTimeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    status = feed.processingStatus;
    if (feed.resultFeedDocumentId) report = await getFeedProcessingReport(client, feed.resultFeedDocumentId, options.signal);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // The feed is Amazon's now: the changes stay `sending` with its id, and the next send reads it back.
    result.retry += changes.length;
    result.stopped = `Feed ${feedId} was submitted; its outcome could not be read yet: ${(err as Error).message}`;
    return;
  }
  const noted = new Map<number, { sent: boolean; issues: ListingIssue[] }>();
  const reported = report?.issues ?? [];
  if (reported.length) {
    const byId = new Map(changes.map((c) => [c.id, c]));
    const bySku = new Map(changes.map((c) => [c.sku, c]));
    for (const i of reported) {
      const change = (i.messageId !== undefined ? byId.get(i.messageId) : undefined) ?? (i.sku ? bySku.get(i.sku) : undefined);
      if (change) noted.set(change.id, { sent: true, issues: [...(noted.get(change.id)?.issues ?? []), issueOf(i)] });
    }
    for (const n of noted.values()) n.sent = !n.issues.some((i) => i.severity === 'ERROR');
  }
  if (status !== 'DONE') {
    for (const c of changes) {
      const issues = noted.get(c.id)?.issues ?? [{ code: status, message: `Amazon ended feed ${feedId} as ${status}: no change of it was applied.`, severity: 'ERROR' }];
      noted.set(c.id, { sent: false, issues });
    }
  }
  const { sent, failed } = outbox.settleFeed(feedId, { changes, noted }, options.actor);
  result.sent += sent;
  result.failed += failed;
}

