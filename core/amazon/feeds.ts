import { z } from 'zod';
import { gunzipBounded } from '../net/expansion-limits';
import { AmazonError } from './errors';
import { decodeReportBytes, isGzip, rawGet, rawRequest } from './report-document';
import { allItemsByToken } from './next-token-pages';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Feeds API 2021-06-30 (feeds_2021-06-30.json): createFeedDocument -> upload to the presigned URL ->
 * createFeed -> poll getFeed -> getFeedDocument for the processing report. Used with JSON_LISTINGS_FEED
 * for bulk price and quantity changes. Note the model: "The rate limit for the JSON_LISTINGS_FEED feed
 * type differs from the rate limit for the createFeed operation" without saying what it is, so the
 * createFeed plan (0.0083/s, burst 15) is used until Amazon's header says otherwise.
 */
const FeedSchema = z
  .object({
    feedId: z.string(),
    feedType: z.string(),
    marketplaceIds: z.array(z.string()).optional(),
    createdTime: z.string(),
    processingStatus: z.enum(['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE']),
    resultFeedDocumentId: z.string().optional(),
  })
  .passthrough();
export type Feed = z.infer<typeof FeedSchema>;

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

export interface ListingsFeedMessage {
  messageId: number;
  sku: string;
  operationType: 'UPDATE' | 'PARTIAL_UPDATE' | 'DELETE' | 'PATCH';
  productType: string;
  patches?: { op: 'add' | 'replace' | 'merge' | 'delete'; path: string; value?: unknown[] }[];
}

/**
 * Uploads a JSON_LISTINGS_FEED and creates the feed. Returns the feed id. The body follows Amazon's
 * listings feed schema v2 (header {sellerId, version "2.0"}, messages[]; "Listings Feed Type Values",
 * https://developer-docs.amazon.com/sp-api/docs/listings-feed-type-values; that schema is not in the local models).
 */
export async function submitJsonListingsFeed(
  client: SpApiClient,
  input: { marketplaceIds: string[]; signal?: AbortSignal } & ({ sellerId: string; messages: ListingsFeedMessage[] } | { /** Written already (price-quantity-feed.ts). */ document: Buffer }),
): Promise<string> {
  const signal = input.signal;
  const docRes = await client.request({
    operation: 'createFeedDocument',
    method: 'POST',
    path: '/feeds/2021-06-30/documents',
    body: { contentType: JSON_CONTENT_TYPE },
    // Creating an empty document twice is harmless; resending after a dropped connection is safe.
    idempotent: true,
    ...(signal ? { signal } : {}),
  });
  const doc = parseBody(z.object({ feedDocumentId: z.string(), url: z.string() }), docRes.body, 'createFeedDocument');
  const content = 'document' in input ? input.document : Buffer.from(JSON.stringify({ header: { sellerId: input.sellerId, version: '2.0' }, messages: input.messages }), 'utf8');
  const started = performance.now();
  // The upload must carry the same Content-Type given to createFeedDocument: it is part of the URL's signature.
  const put = await rawRequest('PUT', doc.url, { 'content-type': JSON_CONTENT_TYPE }, content, signal);
  client.options.audit?.record({
    kind: 'external_call', system: 'amazon', operation: 'feedDocument.upload', connectionId: client.options.connectionId ?? null,
    status: put.status, durationMs: Math.round(performance.now() - started), request: { method: 'PUT', url: doc.url.split('?')[0], bytes: content.length },
    response: put.status === 200 ? null : put.body.toString('utf8'), detail: { feedDocumentId: doc.feedDocumentId },
  });
  if (put.status !== 200) {
    throw new AmazonError('document', `Uploading the listings feed failed with HTTP ${put.status}; no feed was created.`, { operation: 'feedDocument.upload', status: put.status });
  }
  const feedRes = await client.request({
    operation: 'createFeed',
    method: 'POST',
    path: '/feeds/2021-06-30/feeds',
    body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: input.marketplaceIds, inputFeedDocumentId: doc.feedDocumentId },
    ...(input.marketplaceIds.length === 1 ? { marketplaceId: input.marketplaceIds[0] } : {}),
    ...(signal ? { signal } : {}),
  });
  return parseBody(z.object({ feedId: z.string() }), feedRes.body, 'createFeed').feedId;
}

export async function getFeed(client: SpApiClient, feedId: string, signal?: AbortSignal): Promise<Feed> {
  const res = await client.request({ operation: 'getFeed', method: 'GET', path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`, ...(signal ? { signal } : {}) });
  return parseBody(FeedSchema, res.body, 'getFeed');
}

/**
 * getFeeds: the feeds of some types and marketplaces created since an instant (feeds_2021-06-30.json; at most
 * 10 feed types and 10 marketplaces). With a nextToken the model wants it "as the only parameter".
 */
export async function getFeeds(client: SpApiClient, filter: { feedTypes: string[]; marketplaceIds: string[]; createdSince: Date; createdUntil?: Date }, signal?: AbortSignal): Promise<Feed[]> {
  return allItemsByToken(
    'getFeeds',
    async (nextToken) => {
      const query = nextToken ? { nextToken } : {
        feedTypes: filter.feedTypes, marketplaceIds: filter.marketplaceIds, createdSince: filter.createdSince.toISOString(), pageSize: 100,
        ...(filter.createdUntil ? { createdUntil: filter.createdUntil.toISOString() } : {}),
      };
      const res = await client.request({ operation: 'getFeeds', method: 'GET', path: '/feeds/2021-06-30/feeds', query, ...(signal ? { signal } : {}) });
      return parseBody(z.object({ feeds: z.array(FeedSchema), nextToken: z.string().optional() }), res.body, 'getFeeds');
    },
    (page) => page.nextToken,
    (page) => page.feeds,
  );
}

/** Polls getFeed until the feed is DONE, CANCELLED or FATAL, or `timeoutMs` (clock time) passes. */
export async function waitForFeed(client: SpApiClient, feedId: string, options: { pollMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Feed> {
  const deadline = client.clock.now() + (options.timeoutMs ?? 60 * 60_000);
  for (;;) {
    const feed = await getFeed(client, feedId, options.signal);
    if (feed.processingStatus === 'DONE' || feed.processingStatus === 'CANCELLED' || feed.processingStatus === 'FATAL') return feed;
    if (client.clock.now() >= deadline) {
      throw new AmazonError('unavailable', `Amazon has not finished processing feed ${feedId} (still ${feed.processingStatus}); check it again later.`, { operation: 'getFeed' });
    }
    await client.clock.sleep(options.pollMs ?? 30_000, options.signal);
  }
}

const ProcessingReportSchema = z
  .object({
    header: z.object({ sellerId: z.string().optional(), version: z.string().optional(), feedId: z.string().optional() }).passthrough().optional(),
    issues: z.array(z.object({ messageId: z.number().optional(), sku: z.string().optional(), code: z.string().optional(), severity: z.string().optional(), message: z.string().optional(), attributeNames: z.array(z.string()).optional() }).passthrough()).optional(),
    summary: z.object({ errors: z.number(), warnings: z.number(), messagesProcessed: z.number(), messagesAccepted: z.number(), messagesInvalid: z.number() }).passthrough(),
  })
  .passthrough();
export type FeedProcessingReport = z.infer<typeof ProcessingReportSchema>;

/** getFeedDocument for the result document, then its JSON processing report (gzip sniffed as for reports). */
export async function getFeedProcessingReport(client: SpApiClient, resultFeedDocumentId: string, signal?: AbortSignal): Promise<FeedProcessingReport> {
  const res = await client.request({
    operation: 'getFeedDocument',
    method: 'GET',
    path: `/feeds/2021-06-30/documents/${encodeURIComponent(resultFeedDocumentId)}`,
    ...(signal ? { signal } : {}),
  });
  const doc = parseBody(z.object({ feedDocumentId: z.string(), url: z.string(), compressionAlgorithm: z.literal('GZIP').optional() }), res.body, 'getFeedDocument');
  const got = await rawGet(doc.url, signal);
  if (got.status !== 200) throw new AmazonError('document', `Downloading the processing report of feed document ${resultFeedDocumentId} failed with HTTP ${got.status}.`, { operation: 'feedDocument.download', status: got.status });
  const bytes = isGzip(got.body) ? gunzipBounded(got.body) : got.body;
  const { text } = decodeReportBytes(bytes, got.headers['content-type']);
  return parseBody(ProcessingReportSchema, text, 'feedProcessingReport');
}
