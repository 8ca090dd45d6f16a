/**
 * Headless host benchmark (not part of the test run), run by `npm run bench` after a build.
 *   host.pingDuringImport = p99 round trip of a trivial call (app.info) while the host imports a
 *   1,000,000-line settlement (uploaded gzip, as the Settlements screen sends a file) ÷ p99 of the same
 *   call when the host is idle (400 pings before and 400 after the import). Goal <= 3 (issue 6).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { percentile, startBenchHost, type BenchHost } from './host-harness';
import { generate } from './settlement-file';

const args = process.argv.slice(2);
const json = args.includes('--json');
const linesAt = args.indexOf('--lines');
const lines = linesAt >= 0 ? Number(args[linesAt + 1]) : 1_000_000;
const root = process.cwd();
const log = (m: string) => !json && console.error(m);

/** One ping every `gapMs` until `until` resolves (or `count` pings when given); round trips in ms. */
async function pings(host: BenchHost, gapMs: number, opts: { count?: number; until?: Promise<unknown> }): Promise<number[]> {
  let done = false;
  void opts.until?.then(
    () => (done = true),
    () => (done = true),
  );
  const rtts: number[] = [];
  while (opts.count !== undefined ? rtts.length < opts.count : !done) {
    const t = performance.now();
    await host.call('app.info');
    rtts.push(performance.now() - t);
    await new Promise((ok) => setTimeout(ok, gapMs));
  }
  return rtts;
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'host', 'cli.cjs'))) throw new Error('the host is not built: run npm run build first');
  const dir = join(root, '.tmp', 'settlement-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `v2-${lines}.tsv`);
  await generate(file, lines);
  const gz = `${file}.gz`;
  if (!existsSync(gz)) writeFileSync(gz, gzipSync(readFileSync(file), { level: 6 }));
  const contentBase64 = readFileSync(gz).toString('base64');
  log(`upload: ${(contentBase64.length / 1e6).toFixed(0)} MB of base64 (gzip of ${lines} lines)`);

  const host = await startBenchHost(root);
  try {
    await pings(host, 5, { count: 50 }); // warm up
    // Idle before and after the import, so a passing hiccup of another program weighs on one window only.
    const idle = await pings(host, 5, { count: 400 });
    const started = performance.now();
    const importing = host.call<{ outcome: string; lineCount: number }>('settlements.importUpload', { fileName: 'bench.tsv.gz', contentBase64 });
    const during = await pings(host, 5, { until: importing });
    const result = await importing;
    const importMs = performance.now() - started;
    idle.push(...(await pings(host, 5, { count: 400 })));
    if (result.outcome !== 'new' || result.lineCount !== lines) throw new Error(`unexpected import result ${JSON.stringify(result)}`);
    const metrics = {
      'host.idleP99Ms': +percentile(idle, 99).toFixed(2),
      'host.importP99Ms': +percentile(during, 99).toFixed(2),
      'host.importMaxMs': +Math.max(...during).toFixed(1),
      'host.pingsDuringImport': during.length,
      'host.importMs': Math.round(importMs),
      'host.pingDuringImport': +(percentile(during, 99) / percentile(idle, 99)).toFixed(2),
    };
    if (json) console.log(JSON.stringify(metrics));
    else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
  } finally {
    await host.stop();
  }
}

await main();
