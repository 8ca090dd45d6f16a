import { afterEach, describe, expect, it } from 'vitest';
import { getFeedProcessingReport, submitJsonListingsFeed, waitForFeed } from '../../core/amazon/feeds';
import { requestBodyErrors, responseErrors } from './contract';
import { harness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('JSON_LISTINGS_FEED', () => {
  it('uploads, creates, waits for and reads the processing report of a listings feed', async () => {
    // Time scale 100: the emulated minute of feed processing passes in 0.6 s, and the upload URL's five
    // minutes in 3 s (at 1000 they were 0.3 s, which a loaded CI machine overran before the PUT: a 403).
    h = await harness({ timeScale: 100 });
    const feedId = await submitJsonListingsFeed(h.client, {
      sellerId: 'A2DEMOSELLER01',
      marketplaceIds: ['ATVPDKIKX0DER'],
      messages: [
        { messageId: 1, sku: 'MUG-BLUE', operationType: 'PATCH', productType: 'DRINKING_CUP', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }] }] },
        { messageId: 2, sku: 'NOT-LISTED', operationType: 'PATCH', productType: 'DRINKING_CUP', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }] }] },
      ],
    });
    const feed = await waitForFeed(h.client, feedId, { pollMs: 10_000 });
    expect(feed.processingStatus).toBe('DONE');
    expect(responseErrors('feeds_2021-06-30.json', 'getFeed', 200, feed)).toEqual([]);
    const report = await getFeedProcessingReport(h.client, feed.resultFeedDocumentId!);
    expect(report.summary).toMatchObject({ messagesProcessed: 2, messagesAccepted: 1, messagesInvalid: 1 });
    expect(report.issues?.[0]).toMatchObject({ messageId: 2, severity: 'ERROR' });
    expect(h.emulator.sellers[0]!.listings!['MUG-BLUE']!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }]);
    const bodies = h.sent.filter((s) => s.method === 'POST');
    expect(requestBodyErrors('feeds_2021-06-30.json', 'createFeedDocument', JSON.parse(bodies[0]!.body!))).toEqual([]);
    expect(requestBodyErrors('feeds_2021-06-30.json', 'createFeed', JSON.parse(bodies[1]!.body!))).toEqual([]);
  });

  it('refuses createFeed for a document that was never uploaded', async () => {
    h = await harness();
    const doc = await h.client.request({ operation: 'createFeedDocument', method: 'POST', path: '/feeds/2021-06-30/documents', body: { contentType: 'application/json; charset=UTF-8' } });
    expect(doc.status).toBe(201);
    const { feedDocumentId } = JSON.parse(doc.body) as { feedDocumentId: string };
    await expect(
      h.client.request({ operation: 'createFeed', method: 'POST', path: '/feeds/2021-06-30/feeds', body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: feedDocumentId } }),
    ).rejects.toMatchObject({ kind: 'request', detail: { status: 400 } });
  });

  it('rejects an upload whose Content-Type differs from the one the URL was signed for', async () => {
    h = await harness();
    const doc = JSON.parse((await h.client.request({ operation: 'createFeedDocument', method: 'POST', path: '/feeds/2021-06-30/documents', body: { contentType: 'application/json; charset=UTF-8' } })).body) as { url: string };
    const res = await fetch(doc.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });
});
