/**
 * Finance & Operations posting benchmark (not part of the test run), run by `npm run bench`.
 *   fo.postRatio = time to send 100 settlement journals through the posting outbox ÷ the least time the
 *   emulator's limits allow (goal <= 1.3). The outbox sends one document after another, and exactly once
 *   needs at least, per journal: a look-up of the header by our key, its create, and one changeset of its
 *   lines; each request takes the emulator's processing time (latency, plus per-operation time in a $batch).
 *   fo.duplicates = after a fault run (connections dropped after the header create, inside and after a lines
 *   changeset, a 429 storm, expired tokens), extra headers per key plus extra or missing lines (goal 0).
 * The timed emulator runs in a worker thread, as F&O runs on its own servers. Several runs; the median is the figure.
 *   node .tmp/bench/fo-bench.mjs [--json] [--fo-journals 100] [--fo-lines 20] [--fo-runs 3] [--fo-latency 25] [--fo-op-latency 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { D365FoConnector } from '../../core/erp/d365fo/client';
import { D365FoSettingsSchema } from '../../core/erp/d365fo/settings';
import { PostingOutbox } from '../../core/posting/outbox';
import { runPosting } from '../../core/posting/poster';
import { startFoEmulator, type FoEmulator, type FoEmulatorStats } from '../../core/sandbox/fo/emulator';
import { AuditLog, openDatabase } from '../../core/store';
import { journal } from '../erp/d365fo/fo-fixtures';

interface EmulatorInfo { url: string; tenantId: string; clientId: string; clientSecret: string; limits: FoEmulator['limits'] }
type FromWorker = { type: 'ready'; info: EmulatorInfo } | { type: 'stats'; stats: FoEmulatorStats; headers: number; lines: number };

function connectorFor(emu: EmulatorInfo): D365FoConnector {
  const settings = D365FoSettingsSchema.parse({
    environmentUrl: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, legalEntity: 'USMF', journalName: 'GenJrn',
    dimensionFormat: 'BusinessUnit, Department', signInOverride: emu.url,
  });
  return new D365FoConnector({ settings, secrets: { clientSecret: emu.clientSecret }, backoff: { baseMs: 5, capMs: 40, maxAttempts: 8 } });
}

function outboxIn(dir: string): { outbox: PostingOutbox; close: () => void } {
  const db = openDatabase(join(dir, 'ws.sqlite'));
  return { outbox: new PostingOutbox(db, new AuditLog(db)), close: () => db.close() };
}

const keyOf = (run: string, i: number) => `S-${run}-${String(i).padStart(4, '0')}-JNL-V1`;

if (!isMainThread) {
  const { latencyMs, operationLatencyMs } = workerData as { latencyMs: number; operationLatencyMs: number };
  const emu = await startFoEmulator({ latencyMs, operationLatencyMs });
  const port = parentPort!;
  port.postMessage({ type: 'ready', info: { url: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, clientSecret: emu.clientSecret, limits: emu.limits } } satisfies FromWorker);
  port.on('message', (m: { type: 'stats' } | { type: 'stop' }) => {
    if (m.type === 'stats') {
      port.postMessage({ type: 'stats', stats: { ...emu.stats }, headers: emu.rows('LedgerJournalHeaders').length, lines: emu.rows('LedgerJournalLines').length } satisfies FromWorker);
    } else void emu.stop().then(() => port.close());
  });
} else {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const journals = arg('--fo-journals', 100);
  const lines = arg('--fo-lines', 20);
  const runs = arg('--fo-runs', 3);
  // 25 ms a request and 2 ms a changeset operation, as bc-bench: a 20-line journal needs at least 115 ms.
  const latencyMs = arg('--fo-latency', 25);
  const operationLatencyMs = arg('--fo-op-latency', 2);

  const timed = async (run: number) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs, operationLatencyMs } });
    const next = () => new Promise<FromWorker>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    const ready = await next();
    if (ready.type !== 'ready') throw new Error('emulator worker did not start');
    const dir = mkdtempSync(join(tmpdir(), 'fo-bench-'));
    const { outbox, close } = outboxIn(dir);
    for (let i = 0; i < journals; i++) outbox.enqueueJournal('fo', `S-${run}-${i}`, journal(keyOf(`R${run}`, i), lines));
    const connector = connectorFor(ready.info);
    // The token is fetched once per connection: outside the measured posting, as it is outside the least time.
    await connector.testConnection();
    worker.postMessage({ type: 'stats' });
    const before = await next();
    const started = performance.now();
    const result = await runPosting(outbox, 'fo', connector);
    const elapsed = performance.now() - started;
    worker.postMessage({ type: 'stats' });
    const after = await next();
    worker.postMessage({ type: 'stop' });
    await new Promise((r) => worker.once('exit', r));
    close();
    rmSync(dir, { recursive: true, force: true });
    if (before.type !== 'stats' || after.type !== 'stats') throw new Error('no stats from the emulator worker');
    if (result.awaiting.length !== journals) throw new Error(`${result.awaiting.length} of ${journals} journals reached F&O: ${JSON.stringify(result.failed.slice(0, 2))}`);
    if (after.headers !== journals || after.lines !== journals * lines) throw new Error(`F&O holds ${after.headers} headers and ${after.lines} lines, expected ${journals} and ${journals * lines}`);
    const { latencyMs: lat, operationLatencyMs: op } = ready.info.limits;
    const least = journals * (3 * lat + lines * op);
    return { elapsed, least, ratio: elapsed / least, requests: after.stats.requests - before.stats.requests };
  };

  /** Faults in every step of the exactly-once protocol; then whatever is left is replayed until every journal is in F&O. */
  const faultRun = async () => {
    const count = 30;
    const emu = await startFoEmulator({ retryAfterSeconds: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'fo-bench-faults-'));
    const { outbox, close } = outboxIn(dir);
    try {
      const keys = Array.from({ length: count }, (_, i) => keyOf('F', i));
      keys.forEach((k, i) => outbox.enqueueJournal('fo', `F-${i}`, journal(k, 5 + (i % 7))));
      const connector = connectorFor({ url: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, clientSecret: emu.clientSecret, limits: emu.limits });
      emu.faults.dropAfterProcessing(3, { path: /^POST \/data\/LedgerJournalHeaders$/ });
      emu.dropInsideChangeset(2, 1);
      emu.dropInsideChangeset(1, 4);
      emu.faults.dropAfterProcessing(2, { path: /^POST \/data\/\$batch$/ });
      emu.faults.dropNext(2, { path: /^POST \/data\/LedgerJournalHeaders$/ });
      emu.faults.throttle(25);
      let passes = 0;
      for (; passes < 10; passes++) {
        if (passes === 1) emu.faults.expireTokens();
        await runPosting(outbox, 'fo', connector);
        const failed = outbox.list({ connectionId: 'fo', state: 'failed' });
        if (!failed.length && !outbox.workList('fo').length) break;
        for (const f of failed) outbox.replay(f);
      }
      const headers = emu.rows('LedgerJournalHeaders');
      const linesOf = (batch: unknown) => emu.rows('LedgerJournalLines').filter((l) => l.JournalBatchNumber === batch).map((l) => Number(l.LineNumber));
      let duplicates = 0;
      let missing = 0;
      keys.forEach((k, i) => {
        const own = headers.filter((h) => h.Description === k);
        duplicates += Math.max(0, own.length - 1);
        const got = own.flatMap((h) => linesOf(h.JournalBatchNumber));
        const want = 5 + (i % 7);
        duplicates += got.length - new Set(got).size + got.filter((n) => n > want).length;
        missing += Array.from({ length: want }, (_, n) => n + 1).filter((n) => !got.includes(n)).length;
      });
      const awaiting = outbox.list({ connectionId: 'fo', state: 'awaiting' }).length;
      return { duplicates, missing, awaiting, count, passes: passes + 1, throttled: emu.stats.throttled };
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
      await emu.stop();
    }
  };

  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timed(i));
  const ratios = results.map((r) => r.ratio).sort((a, b) => a - b);
  const faults = await faultRun();
  const metrics = {
    'fo.postRatio': Number(ratios[Math.floor(ratios.length / 2)]!.toFixed(2)),
    'fo.postRatioMin': Number(ratios[0]!.toFixed(2)),
    'fo.postRatioMax': Number(ratios[ratios.length - 1]!.toFixed(2)),
    'fo.postMs': Math.round(results.map((r) => r.elapsed).sort((a, b) => a - b)[Math.floor(results.length / 2)]!),
    'fo.leastMs': Math.round(results[0]!.least),
    'fo.requestsPerJournal': Number((results[0]!.requests / journals).toFixed(2)),
    'fo.duplicates': faults.duplicates,
    'fo.faultRunMissingLines': faults.missing,
    'fo.faultRunAwaiting': faults.awaiting,
    'fo.faultRunJournals': faults.count,
    'fo.faultRunPasses': faults.passes,
    'fo.faultRunThrottled': faults.throttled,
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
}
