/**
 * UI benchmark (not part of the test run), run by `npm run bench` after a build.
 *   ui.previewScale = time to show the Settlements preview (journal and tie-out) of a 100,000-line
 *   settlement ÷ that of a 1,000-line one, in Chromium against the headless host. Goal <= 2 (issue 6).
 * Each preview is opened from a freshly loaded Settlements screen (nothing cached), several times
 * alternating the two settlements; the median of each is used.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchHost, type BenchHost } from './host-harness';
import { generate } from './settlement-file';
import { SettlementsPage } from '../e2e/pages/settlements-page';

const args = process.argv.slice(2);
const json = args.includes('--json');
const root = process.cwd();
const log = (m: string) => !json && console.error(m);
const ROUNDS = 11;
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

async function importFile(host: BenchHost, file: string): Promise<void> {
  const contentBase64 = readFileSync(file).toString('base64');
  await host.call('settlements.importUpload', { fileName: file.split('/').pop(), contentBase64 });
}

/** Milliseconds from the click on the settlement's row until its journal and tie-out are on screen. */
async function timePreview(page: Page, url: string, settlementId: string): Promise<number> {
  await page.goto(url);
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.row(settlementId).waitFor();
  const t = performance.now();
  await settlements.openPreview(settlementId);
  await settlements.journalDocument(1).waitFor();
  await settlements.tieOut.waitFor();
  return performance.now() - t;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) throw new Error('the app is not built: run npm run build first');
  const dir = join(root, '.tmp', 'settlement-bench');
  mkdirSync(dir, { recursive: true });
  const small = join(dir, 'ui-1000.tsv');
  const large = join(dir, 'ui-100000.tsv');
  await generate(small, 1_000, '77000001');
  await generate(large, 100_000, '77000002');
  const host = await startBenchHost(root);
  const browser = await chromium.launch({
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await importFile(host, small);
    await importFile(host, large);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await timePreview(page, host.url, '77000001'); // warm up the renderer bundle and the host
    await timePreview(page, host.url, '77000002');
    const times: Record<string, number[]> = { small: [], large: [] };
    for (let i = 0; i < ROUNDS; i++) {
      times.small!.push(await timePreview(page, host.url, '77000001'));
      times.large!.push(await timePreview(page, host.url, '77000002'));
    }
    log(`1,000 lines: ${times.small!.map((t) => t.toFixed(0)).join(' ')} ms; 100,000 lines: ${times.large!.map((t) => t.toFixed(0)).join(' ')} ms`);
    const metrics = {
      'ui.preview1kMs': Math.round(median(times.small!)),
      'ui.preview100kMs': Math.round(median(times.large!)),
      'ui.previewScale': +(median(times.large!) / median(times.small!)).toFixed(2),
    };
    if (json) console.log(JSON.stringify(metrics));
    else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

await main();
