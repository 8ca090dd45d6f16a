import { randomBytes } from 'node:crypto';
import { applyListingPatches } from './listing-patches';
import type { SeedSeller } from './seed-data';
import type { EmulatorState, FeedRecord, FeedStore, Reply } from './emulator-state';

/**
 * Feeds 2021-06-30 in the emulator. A feed waits IN_QUEUE then IN_PROGRESS for 30 emulated seconds each
 * before it is DONE (timings are the emulator's; Amazon gives none). JSON_LISTINGS_FEED messages are applied
 * to the seeded listings like patchListingsItem, and the processing report follows Amazon's listings feed
 * processing report v2 (header, issues, summary; "Listings Feed Type Values" docs, not in the local models).
 */

const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message }] } });

export function createFeedDocument(state: EmulatorState, store: FeedStore, seller: SeedSeller, body: Buffer, uploadUrl: (id: string) => string): Reply {
  let spec: { contentType?: unknown };
  try {
    spec = JSON.parse(body.toString('utf8')) as typeof spec;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  if (typeof spec.contentType !== 'string' || !spec.contentType) return invalid('contentType is required');
  const feedDocumentId = `amzn1.tortuga.4.na.${randomBytes(12).toString('hex')}`;
  store.uploads.set(feedDocumentId, { sellerId: seller.sellerId, contentType: spec.contentType, issuedAt: state.clock.now() });
  return { status: 201, body: { feedDocumentId, url: uploadUrl(feedDocumentId) } };
}

export function createFeed(state: EmulatorState, store: FeedStore, seller: SeedSeller, body: Buffer): Reply {
  let spec: { feedType?: unknown; marketplaceIds?: unknown; inputFeedDocumentId?: unknown };
  try {
    spec = JSON.parse(body.toString('utf8')) as typeof spec;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  const marketplaceIds = Array.isArray(spec.marketplaceIds) ? spec.marketplaceIds.map(String) : [];
  if (typeof spec.feedType !== 'string' || typeof spec.inputFeedDocumentId !== 'string' || marketplaceIds.length < 1 || marketplaceIds.length > 25) {
    return invalid('feedType, inputFeedDocumentId and 1 to 25 marketplaceIds are required');
  }
  const upload = store.uploads.get(spec.inputFeedDocumentId);
  if (!upload || upload.sellerId !== seller.sellerId) return invalid('inputFeedDocumentId is not a document of this seller');
  // "Upload the feed document contents before calling the createFeed operation" (CreateFeedSpecification).
  if (!upload.content) return invalid('The feed document has no content: upload it before calling createFeed');
  const feedId = String(50_000_000 + store.feeds.size + 1);
  store.feeds.set(feedId, { feedId, sellerId: seller.sellerId, feedType: spec.feedType, marketplaceIds, inputFeedDocumentId: spec.inputFeedDocumentId, createdAt: state.clock.now() });
  return { status: 202, body: { feedId } };
}

export function getFeed(state: EmulatorState, store: FeedStore, seller: SeedSeller, feedId: string): Reply {
  const feed = store.feeds.get(feedId);
  if (!feed || feed.sellerId !== seller.sellerId) return { status: 404, body: { errors: [{ code: 'NotFound', message: 'Feed not found' }] } };
  const age = state.clock.now() - feed.createdAt;
  const status = age < 30_000 ? 'IN_QUEUE' : age < 60_000 ? 'IN_PROGRESS' : 'DONE';
  // Applied once Amazon is processing it (seen IN_PROGRESS or later), so by DONE its work is done, as Amazon's
  // is; applying 10,000 messages at the first DONE look made the client in the same process wait for it.
  if (status !== 'IN_QUEUE' && !feed.resultFeedDocumentId) process(state, store, seller, feed);
  const iso = (t: number) => new Date(t).toISOString();
  return {
    status: 200,
    body: {
      feedId,
      feedType: feed.feedType,
      marketplaceIds: feed.marketplaceIds,
      createdTime: iso(feed.createdAt),
      processingStatus: status,
      ...(status !== 'IN_QUEUE' ? { processingStartTime: iso(feed.createdAt + 30_000) } : {}),
      ...(status === 'DONE' ? { processingEndTime: iso(feed.createdAt + 60_000), resultFeedDocumentId: feed.resultFeedDocumentId } : {}),
    },
  };
}

/**
 * getFeeds: the seller's feeds of the given types and marketplaces created since an instant, oldest first
 * (the order is UNVERIFIED; the model gives none). The emulator answers every match on one page.
 */
export function getFeeds(state: EmulatorState, store: FeedStore, seller: SeedSeller, url: URL): Reply {
  const list = (name: string) => url.searchParams.get(name)?.split(',').filter(Boolean);
  const types = list('feedTypes');
  const markets = list('marketplaceIds');
  if (types && types.length > 10) return invalid('feedTypes allows at most 10 values');
  if (markets && markets.length > 10) return invalid('marketplaceIds allows at most 10 values');
  const since = url.searchParams.get('createdSince');
  const until = url.searchParams.get('createdUntil');
  const from = since ? Date.parse(since) : state.clock.now() - 90 * 86_400_000;
  const to = until ? Date.parse(until) : state.clock.now();
  if (Number.isNaN(from)) return invalid('createdSince is not an ISO 8601 date-time');
  if (Number.isNaN(to)) return invalid('createdUntil is not an ISO 8601 date-time');
  const feeds = [...store.feeds.values()]
    .filter((f) => f.sellerId === seller.sellerId && (!types || types.includes(f.feedType)) && (!markets || f.marketplaceIds.some((m) => markets.includes(m))) && f.createdAt >= from && f.createdAt <= to)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((f) => getFeed(state, store, seller, f.feedId).body);
  return { status: 200, body: { feeds } };
}

/**
 * Issues carry messageId, sku, code, severity, message and attributeNames (listings feed processing report
 * schema as typed by the peddler gem, sig/peddler/feeds/listings_feed_processing_report_schema.rbs,
 * https://rubydoc.info/gems/peddler/Peddler/Feeds/ListingsFeedProcessingReportSchema/Issue).
 */
function process(state: EmulatorState, store: FeedStore, seller: SeedSeller, feed: FeedRecord): void {
  const content = store.uploads.get(feed.inputFeedDocumentId)?.content ?? Buffer.alloc(0);
  const issues: { messageId: number; sku?: string; code: string; severity: 'ERROR'; message: string; attributeNames?: string[] }[] = [];
  let messages: { messageId?: number; sku?: string; patches?: { op?: string; path?: string; value?: unknown }[] }[] = [];
  try {
    const parsed = JSON.parse(content.toString('utf8')) as { messages?: typeof messages };
    messages = Array.isArray(parsed.messages) ? parsed.messages : [];
  } catch {
    issues.push({ messageId: 0, code: 'INVALID_JSON', severity: 'ERROR', message: 'The feed document is not valid JSON.' });
  }
  let accepted = 0;
  for (const m of messages) {
    const listing = m.sku ? seller.listings?.[m.sku] : undefined;
    if (!listing) {
      issues.push({ messageId: m.messageId ?? 0, ...(m.sku ? { sku: m.sku } : {}), code: 'INVALID_SKU', severity: 'ERROR', message: `No listing exists for SKU ${m.sku ?? '(none)'}.` });
      continue;
    }
    const rejected = state.listingRejections.get(m.sku!);
    if (rejected) {
      issues.push({ messageId: m.messageId ?? 0, sku: m.sku!, severity: 'ERROR', ...rejected });
      continue;
    }
    applyListingPatches(listing, m.patches ?? []);
    accepted++;
  }
  const report = {
    header: { sellerId: seller.sellerId, version: '2.0', feedId: feed.feedId },
    issues,
    summary: { errors: issues.length, warnings: 0, messagesProcessed: messages.length, messagesAccepted: accepted, messagesInvalid: messages.length - accepted },
  };
  const id = `amzn1.tortuga.4.na.result.${feed.feedId}`;
  store.documents.set(id, { sellerId: seller.sellerId, content: Buffer.from(JSON.stringify(report), 'utf8'), contentType: 'application/json' });
  feed.resultFeedDocumentId = id;
}
