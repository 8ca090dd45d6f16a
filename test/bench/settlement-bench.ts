/**
 * Settlement engine benchmark (not part of the test run).
 *
 *   node scripts/build.mjs && npx esbuild test/bench/settlement-bench.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=.tmp/settlement-bench.mjs && node .tmp/settlement-bench.mjs [--json] [--lines 1000000] [--rounds 3]
 *
 * Generates V2 settlements (settlement-file.ts: a realistic US file, the same in EU formats, and the old
 * kind file; 1M lines, and the realistic one at 4M) and measures each scenario in its own child process, so
 * peak RSS belongs to that scenario alone. Every round runs every scenario once, interleaved, so a busy
 * neighbour slows both sides of a ratio alike; a figure is the best of the rounds and `…Spread` gives the
 * lowest and highest per-round ratio.
 *   settlement.vsPapaparse  = `ml-connector settlement inspect FILE --json`, the whole process from start to exit,
 *                             ÷ papaparse's whole process streaming the file and summing amounts per combination
 *                             (test/bench/peers); settlement.vsCsvParse the same against csv-parse. Realistic file.
 *   settlement.parseRatio   = parse + classify + journal ÷ baseline (stream, split lines and fields). Realistic file.
 *   settlement.importRatio  = full import into SQLite ÷ (baseline + the same rows inserted with one bare
 *                             prepared statement in one transaction). Realistic file.
 *   settlement.peakRssMB    = peak RSS of the 1M-line import; settlement.rssGrowth = that of the 4M-line import ÷ it.
 *   settlement.eu.* and settlement.kind.* : the same parse and peer figures on the EU file and the old file.
 *   …Cpu beside a ratio: the same ratio of CPU time (user + system, all threads), steadier than wall time on a
 *   shared machine; settlement.cores and settlement.loadAverage (1-minute, at the start and end of the rounds) say how busy it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { DEFAULT_LINE_CATALOG } from '../../core/settlement/line-catalog';
import { SettlementDigest } from '../../core/settlement/settlement-digest';
import { fileBytes } from '../../core/settlement/byte-source';
import { readSettlementBatches } from '../../core/settlement/settlement-reader';
import { importSettlementFile } from '../../core/settlement/settlement-store';
import { openDatabase } from '../../core/store';
import { generateSettlement, type SettlementCase } from './settlement-file';

async function baseline(file: string, onRow?: (fields: string[]) => void): Promise<number> {
  const decoder = new TextDecoder();
  let carry = '';
  let fields = 0;
  // Node's default 64 KB reads: each decoded piece stays a young string (see PIECE_BYTES in core/settlement/text-lines.ts).
  for await (const chunk of createReadStream(file)) {
    const lines = (carry + decoder.decode(chunk as Buffer, { stream: true })).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      const f = line.split('\t');
      fields += f.length;
      onRow?.(f);
    }
  }
  return fields;
}

function freshDb(file: string) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return openDatabase(file);
}

async function baselineImport(file: string, dbFile: string): Promise<number> {
  const db = freshDb(dbFile);
  db.exec(`CREATE TABLE bare (${Array.from({ length: 24 }, (_, i) => `c${i} TEXT`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO bare VALUES (${Array.from({ length: 24 }, () => '?').join(', ')})`);
  db.exec('BEGIN');
  const n = await baseline(file, (f) => {
    if (f.length === 24) insert.run(f);
  });
  db.exec('COMMIT');
  db.close();
  return n;
}

async function fullImport(file: string, dbFile: string): Promise<number> {
  const db = freshDb(dbFile);
  const r = await importSettlementFile(db, file, { mapping });
  db.close();
  if (r.inspection.difference !== 0 || r.journal?.issues.length) throw new Error('generated settlement does not reconcile');
  return r.inspection.lineCount;
}

const mapping: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: [...new Set(DEFAULT_LINE_CATALOG.map((e) => e.category))].map((category) => ({ match: { category }, account: `ACC-${category}` })),
};

async function parseClassifyJournal(file: string): Promise<number> {
  const digest = new SettlementDigest();
  for await (const batch of readSettlementBatches(fileBytes(file), { fileName: file })) {
    for (const record of batch) digest.add(record);
  }
  const journal = digest.journal(mapping);
  const inspection = digest.inspection();
  if (inspection.difference !== 0 || journal.issues.length) throw new Error(`generated settlement does not reconcile: ${JSON.stringify(journal.issues)}`);
  return inspection.lineCount;
}

interface RunResult {
  /** Wall time: of the measured work inside the child, or of the whole process for the CLI and the peers. */
  ms: number;
  /** CPU time (user + system, all threads): steadier than wall time on a busy machine. */
  cpuMs: number;
  maxRssMB: number;
}

async function child(mode: string, file: string): Promise<void> {
  const dbFile = join(process.cwd(), '.tmp', 'settlement-bench', `${mode}.sqlite`);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (mode === 'baseline') await baseline(file);
  else if (mode === 'parse') await parseClassifyJournal(file);
  else if (mode === 'baseline-import') await baselineImport(file, dbFile);
  else await fullImport(file, dbFile);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const result: RunResult = { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

const dir = join(process.cwd(), '.tmp', 'settlement-bench');
const self = fileURLToPath(import.meta.url);
const cli = join(process.cwd(), 'bin', 'ml-connector.cjs');
/** Preloaded into the CLI and the peers: their CPU time and peak RSS as the process exits. */
const usageHook = join(dir, 'process-usage.cjs');
const USAGE_HOOK = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMB: u.maxRSS / 1024 }));
});
`;

/** A whole process from spawn to exit; its stdout must be JSON (checked by `check`). */
function wholeProcess(args: string[], check: (stdout: string) => void): RunResult {
  const usageFile = join(dir, `usage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', usageHook, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, BENCH_USAGE_FILE: usageFile } });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  check(r.stdout);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMB: number };
  return { ms, ...usage };
}

function run(mode: string, file: string, expectedTotalCents: () => number | undefined): RunResult {
  const sameTotal = (cents: number) => {
    const expected = expectedTotalCents();
    if (expected !== undefined && cents !== expected) throw new Error(`${mode} summed ${cents} cents, the file's lines sum ${expected}`);
  };
  if (mode === 'cli') {
    return wholeProcess([cli, 'settlement', 'inspect', file, '--json'], (out) => {
      const j = JSON.parse(out) as { difference: string; linesTotal: string };
      if (j.difference !== '0.00') throw new Error(`inspect: difference ${j.difference}`);
      sameTotal(Math.round(Number(j.linesTotal) * 100));
    });
  }
  if (mode === 'papaparse' || mode === 'csv-parse') {
    return wholeProcess([join(dir, `${mode}-sum.mjs`), file], (out) => sameTotal((JSON.parse(out) as { total: number }).total));
  }
  return JSON.parse(execFileSync(process.execPath, [self, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as RunResult;
}

async function buildPeers(): Promise<void> {
  writeFileSync(usageHook, USAGE_HOOK);
  for (const peer of ['papaparse', 'csv-parse']) {
    await build({
      entryPoints: [join(process.cwd(), 'test', 'bench', 'peers', `${peer}-sum.ts`)],
      bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: join(dir, `${peer}-sum.mjs`), logLevel: 'warning',
    });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const json = args.includes('--json');
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const lines = option('--lines', 1_000_000);
  const rounds = option('--rounds', 3);
  const log = (m: string) => !json && console.error(m);
  if (!existsSync(cli)) throw new Error('bin/ml-connector.cjs is missing: run `node scripts/build.mjs` first');
  mkdirSync(dir, { recursive: true });
  await buildPeers();
  const files: Record<string, string> = {};
  for (const [name, kase, n] of [['realistic', 'realistic', lines], ['eu', 'realistic-eu', lines], ['kind', 'kind', lines], ['realistic4x', 'realistic', lines * 4]] as const) {
    files[name] = join(dir, `v2-${kase}-${n}.tsv`);
    log(`generating ${files[name]} ...`);
    await generateSettlement(files[name]!, n, kase as SettlementCase);
  }
  log(`files: ${Object.values(files).map((f) => `${(statSync(f).size / 1e6).toFixed(0)} MB`).join(', ')}`);

  // The peers must agree with the engine about the file: the first CLI run of each file sets the total.
  const totals: Record<string, number> = {};
  const plan: Array<[string, string]> = [];
  for (const f of ['realistic', 'eu', 'kind']) for (const mode of ['baseline', 'parse', 'cli', 'papaparse', 'csv-parse']) plan.push([f, mode]);
  plan.push(['realistic', 'baseline-import'], ['realistic', 'import']);
  const runs = new Map<string, RunResult[]>();
  const loadAtStart = loadavg()[0]!;
  for (let i = 0; i < rounds; i++) {
    for (const [f, mode] of plan) {
      const r = run(mode, files[f]!, () => totals[f]);
      if (mode === 'cli' && totals[f] === undefined) {
        const out = execFileSync(process.execPath, [cli, 'settlement', 'inspect', files[f]!, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        totals[f] = Math.round(Number((JSON.parse(out) as { linesTotal: string }).linesTotal) * 100);
      }
      runs.set(`${f}/${mode}`, [...(runs.get(`${f}/${mode}`) ?? []), r]);
      log(`round ${i + 1} ${f.padEnd(9)} ${mode.padEnd(15)} ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, ${r.maxRssMB.toFixed(0)} MB`);
    }
  }
  log('importing the 4x file ...');
  const importLarge = run('import', files.realistic4x!, () => undefined);

  const of = (key: string) => runs.get(key)!;
  const best = (key: string) => Math.min(...of(key).map((r) => r.ms));
  const bestCpu = (key: string) => Math.min(...of(key).map((r) => r.cpuMs));
  const peak = (key: string) => Math.max(...of(key).map((r) => r.maxRssMB));
  const ratio = (a: string, b: string) => +(best(a) / best(b)).toFixed(2);
  const cpuRatio = (a: string, b: string) => +(bestCpu(a) / bestCpu(b)).toFixed(2);
  /** Lowest and highest ratio of one round's runs: how much the load on the machine moved the figure. */
  const spread = (a: string, b: string) => {
    const each = of(a).map((r, i) => r.ms / of(b)[i]!.ms);
    return [+Math.min(...each).toFixed(2), +Math.max(...each).toFixed(2)];
  };
  const caseMetrics = (prefix: string, f: string) => ({
    [`${prefix}.inspectMs`]: Math.round(best(`${f}/cli`)),
    [`${prefix}.papaparseMs`]: Math.round(best(`${f}/papaparse`)),
    [`${prefix}.csvParseMs`]: Math.round(best(`${f}/csv-parse`)),
    [`${prefix}.vsPapaparse`]: ratio(`${f}/cli`, `${f}/papaparse`),
    [`${prefix}.vsPapaparseSpread`]: spread(`${f}/cli`, `${f}/papaparse`),
    [`${prefix}.vsPapaparseCpu`]: cpuRatio(`${f}/cli`, `${f}/papaparse`),
    [`${prefix}.vsCsvParse`]: ratio(`${f}/cli`, `${f}/csv-parse`),
    [`${prefix}.vsCsvParseSpread`]: spread(`${f}/cli`, `${f}/csv-parse`),
    [`${prefix}.vsCsvParseCpu`]: cpuRatio(`${f}/cli`, `${f}/csv-parse`),
    [`${prefix}.inspectPeakRssMB`]: Math.round(peak(`${f}/cli`)),
    [`${prefix}.papaparsePeakRssMB`]: Math.round(peak(`${f}/papaparse`)),
    [`${prefix}.baselineMs`]: Math.round(best(`${f}/baseline`)),
    [`${prefix}.parseMs`]: Math.round(best(`${f}/parse`)),
    [`${prefix}.parseRatio`]: ratio(`${f}/parse`, `${f}/baseline`),
    [`${prefix}.parseRatioSpread`]: spread(`${f}/parse`, `${f}/baseline`),
    [`${prefix}.parseCpuRatio`]: cpuRatio(`${f}/parse`, `${f}/baseline`),
    [`${prefix}.parsePeakRssMB`]: Math.round(peak(`${f}/parse`)),
  });
  const metrics = {
    'settlement.lines': lines,
    'settlement.rounds': rounds,
    // What the figures were measured beside: on a machine busier than its cores, wall ratios drift and CPU ratios hold.
    'settlement.cores': availableParallelism(),
    'settlement.loadAverage': [+loadAtStart.toFixed(1), +loadavg()[0]!.toFixed(1)],
    ...caseMetrics('settlement', 'realistic'),
    'settlement.baselineImportMs': Math.round(best('realistic/baseline-import')),
    'settlement.importMs': Math.round(best('realistic/import')),
    'settlement.importRatio': ratio('realistic/import', 'realistic/baseline-import'),
    'settlement.importRatioSpread': spread('realistic/import', 'realistic/baseline-import'),
    'settlement.importCpuRatio': cpuRatio('realistic/import', 'realistic/baseline-import'),
    'settlement.peakRssMB': Math.round(peak('realistic/import')),
    'settlement.peakRssMB4x': Math.round(importLarge.maxRssMB),
    'settlement.rssGrowth': +(importLarge.maxRssMB / peak('realistic/import')).toFixed(2),
    ...caseMetrics('settlement.eu', 'eu'),
    ...caseMetrics('settlement.kind', 'kind'),
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(36)} ${JSON.stringify(v)}`);
}

await main();
