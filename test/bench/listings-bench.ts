/**
 * Listings benchmark (not part of the test run), run by `npm run bench`.
 *   listings.ratio = time to send 10,000 price/quantity changes through the listings outbox ÷ the least time
 *   the Listings/Feeds limits allow for them. 10,000 changes go as one JSON_LISTINGS_FEED: createFeedDocument and
 *   createFeed fit in their bursts (feeds_2021-06-30.json), so the least time is the feed's processing time
 *   (the emulator's 60 s; Amazon states none) plus one poll. Goal <= 1.3 (issue 20).
 *   listings.patchOnlyMs is what patchListingsItem alone would need at 5/s, burst 5, for comparison.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpApiClient } from '../../core/amazon/sp-api-client';
import { scaledClock } from '../../core/clock/clock';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { ListingOutbox } from '../../core/listings/listing-outbox';
import { ListingRules } from '../../core/listings/listing-rules';
import { sendListingChanges } from '../../core/listings/listing-sender';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { AuditLog, openDatabase } from '../../core/store';

const args = process.argv.slice(2);
const json = args.includes('--json');
const countArg = args.indexOf('--changes');
const count = countArg >= 0 ? Number(args[countArg + 1]) : 10_000;
const DE = 'A1PA6795UKMFR9';
/** Emulated seconds per real second: the feed's emulated minute takes 6 s. */
const TIME_SCALE = 10;
/** getFeed polls every 2 emulated seconds (0.2 s real), well inside its 2/s plan. */
const POLL_MS = 2_000;
const FEED_PROCESSING_MS = 60_000;

/** The seed and the emulator start at one pinned instant, so a run does not depend on the day it is made. */
const PINNED_START = Date.parse('2026-06-20T12:00:00Z');

const seller = demoSeller(PINNED_START);
for (let i = 0; i < count; i++) seller.listings![`BENCH-${i}`] = { productType: 'CHAIR', attributes: {} };
const emulator = await startAmazonEmulator({ clock: scaledClock(TIME_SCALE, PINNED_START), sellers: [seller] });
try {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-listings-bench-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  const connections = new ConnectionRepository(db);
  const amazonId = connections.upsert({ kind: 'amazon', name: 'Amazon', settings: {} }).id;
  const erpId = connections.upsert({ kind: 'business-central', name: 'BC', settings: {} }).id;
  const now = () => new Date(emulator.clock.now());
  const rule = new ListingRules(db, audit).save({
    amazonConnectionId: amazonId, marketplaceId: DE, erpConnectionId: erpId, sellerId: seller.sellerId, currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 0, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 100_000, autoSend: true,
  }, 'bench', now());
  const outbox = new ListingOutbox(db, audit, now);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      outbox.add({ amazonConnectionId: amazonId, marketplaceId: DE, sku: `BENCH-${i}`, itemNumber: '1900-S', productType: 'CHAIR', currency: 'EUR', erpPriceMinor: 19280,
        sentPriceMinor: null, amazonPriceMinor: null, newPriceMinor: 22199 + (i % 100), erpQuantity: 40, sentQuantity: null, amazonQuantity: null, newQuantity: i % 50,
        rule: 'bench', holdReason: null }, 'bench');
    }
  })();
  const client = new SpApiClient({
    region: 'EU', endpoint: emulator.url, lwaTokenUrl: emulator.lwaUrl, clock: emulator.clock,
    credentials: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: emulator.refreshToken },
  });
  await client.tokens.getAccessToken(); // the login is not part of the sending being measured
  const started = performance.now();
  const result = await sendListingChanges(outbox, client, rule, { actor: 'bench', feedPollMs: POLL_MS });
  const measuredMs = performance.now() - started;
  if (result.sent !== count) throw new Error(`Expected ${count} changes sent, got ${JSON.stringify(result)}`);
  const leastMs = (FEED_PROCESSING_MS + POLL_MS) / TIME_SCALE;
  const { rate, burst } = OPERATIONS.patchListingsItem;
  const metrics = {
    'listings.ratio': Number((measuredMs / leastMs).toFixed(3)),
    'listings.changes': count,
    'listings.feeds': result.feedIds.length,
    'listings.leastMs': Math.round(leastMs),
    'listings.measuredMs': Math.round(measuredMs),
    // Our own work (outbox writes, the feed document, reading the report) beside Amazon's processing.
    'listings.overheadMs': Math.round(measuredMs - leastMs),
    'listings.throttled': emulator.stats.throttled,
    'listings.patchOnlyMs': Math.round((Math.max(0, count - burst) / rate) * 1000),
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
} finally {
  await emulator.stop();
}
