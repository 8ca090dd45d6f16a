/**
 * Settlement engine benchmark (not part of the test run).
 *
 *   npx esbuild test/bench/settlement-bench.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.tmp/settlement-bench.mjs && node .tmp/settlement-bench.mjs [--json] [--lines 1000000]
 *
 * Generates V2 settlements of 1M and 4M lines and measures, each scenario in its own child process so
 * peak RSS belongs to that scenario alone:
 *   settlement.parseRatio  = parse + classify + journal  ÷  baseline (stream, split lines and fields)
 *   settlement.importRatio = full import into SQLite  ÷  (baseline + the same rows inserted with one
 *                            bare prepared statement in one transaction)
 *   settlement.peakRssMB   = peak RSS of the 1M-line import
 *   settlement.rssGrowth   = peak RSS of the 4M-line import ÷ that of the 1M-line import
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { DEFAULT_LINE_CATALOG } from '../../core/settlement/line-catalog';
import { SettlementDigest } from '../../core/settlement/settlement-digest';
import { fileBytes } from '../../core/settlement/byte-source';
import { readSettlementBatches } from '../../core/settlement/settlement-reader';
import { importSettlementFile } from '../../core/settlement/settlement-store';
import { openDatabase } from '../../core/store';
import { rmSync } from 'node:fs';
import { generate } from './settlement-file';

async function baseline(file: string, onRow?: (fields: string[]) => void): Promise<number> {
  const decoder = new TextDecoder();
  let carry = '';
  let fields = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
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

interface ChildResult {
  ms: number;
  /** CPU time (user + system) of the child: steadier than wall time on a busy machine. */
  cpuMs: number;
  maxRssMB: number;
  count: number;
}

async function child(mode: string, file: string): Promise<void> {
  const dbFile = join(process.cwd(), '.tmp', 'settlement-bench', `${mode}.sqlite`);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const count =
    mode === 'baseline' ? await baseline(file)
    : mode === 'parse' ? await parseClassifyJournal(file)
    : mode === 'baseline-import' ? await baselineImport(file, dbFile)
    : await fullImport(file, dbFile);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const result: ChildResult = { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, count };
  process.stdout.write(JSON.stringify(result));
}

function run(mode: string, file: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  return JSON.parse(execFileSync(process.execPath, [self, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildResult;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const json = args.includes('--json');
  const linesAt = args.indexOf('--lines');
  const lines = linesAt >= 0 ? Number(args[linesAt + 1]) : 1_000_000;
  const dir = join(process.cwd(), '.tmp', 'settlement-bench');
  mkdirSync(dir, { recursive: true });
  const small = join(dir, `v2-${lines}.tsv`);
  const large = join(dir, `v2-${lines * 4}.tsv`);
  const log = (m: string) => !json && console.error(m);
  log(`generating ${lines} and ${lines * 4} line settlements in ${dir} ...`);
  await generate(small, lines);
  await generate(large, lines * 4);
  log(`files: ${(statSync(small).size / 1e6).toFixed(0)} MB, ${(statSync(large).size / 1e6).toFixed(0)} MB`);

  // Best of three, interleaved, so a noisy neighbour affects both sides alike.
  const runs: Record<string, ChildResult[]> = { baseline: [], parse: [], 'baseline-import': [], import: [] };
  for (let i = 0; i < 3; i++) for (const mode of Object.keys(runs)) runs[mode]!.push(run(mode, small));
  const best = (mode: string) => runs[mode]!.reduce((a, b) => (b.ms < a.ms ? b : a));
  const bestCpu = (mode: string) => Math.min(...runs[mode]!.map((r) => r.cpuMs));
  const peak = (mode: string) => Math.max(...runs[mode]!.map((r) => r.maxRssMB));
  log('importing the 4x file ...');
  const importLarge = run('import', large);
  const metrics = {
    'settlement.lines': lines,
    'settlement.baselineMs': Math.round(best('baseline').ms),
    'settlement.parseMs': Math.round(best('parse').ms),
    'settlement.parseRatio': +(best('parse').ms / best('baseline').ms).toFixed(2),
    'settlement.baselineImportMs': Math.round(best('baseline-import').ms),
    'settlement.importMs': Math.round(best('import').ms),
    'settlement.importRatio': +(best('import').ms / best('baseline-import').ms).toFixed(2),
    // The same ratios in CPU time (all threads): steadier than wall time when other work shares the machine.
    'settlement.parseCpuRatio': +(bestCpu('parse') / bestCpu('baseline')).toFixed(2),
    'settlement.importCpuRatio': +(bestCpu('import') / bestCpu('baseline-import')).toFixed(2),
    'settlement.parsePeakRssMB': Math.round(peak('parse')),
    'settlement.peakRssMB': Math.round(peak('import')),
    'settlement.peakRssMB4x': Math.round(importLarge.maxRssMB),
    'settlement.rssGrowth': +(importLarge.maxRssMB / peak('import')).toFixed(2),
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
}

await main();
