/**
 * Amazon client benchmark (not part of the test run), run by `npm run bench`.
 *   amazon.rateEfficiency = theoretical minimum time under the emulated usage plan ÷ measured time, for a
 *   paged read long enough to exhaust the burst (2,000 financial-event pages at a time scale of 100).
 *   Goal >= 0.90 with zero 429 answers when no fault is injected (issue 3).
 */
import { measureAmazonRateEfficiency } from '../../core/sandbox/amazon/rate-efficiency';

const args = process.argv.slice(2);
const json = args.includes('--json');
const pagesArg = args.indexOf('--pages');
const pages = pagesArg >= 0 ? Number(args[pagesArg + 1]) : 2000;

const r = await measureAmazonRateEfficiency({ pages, timeScale: 100 });
const metrics = {
  'amazon.rateEfficiency': Number(r.rateEfficiency.toFixed(3)),
  'amazon.throttled': r.throttled,
  'amazon.pages': r.pages,
  'amazon.theoreticalMs': Math.round(r.theoreticalMs),
  'amazon.measuredMs': Math.round(r.measuredMs),
};
if (json) console.log(JSON.stringify(metrics));
else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
