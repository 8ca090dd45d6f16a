/**
 * SAP Business One posting benchmark (not part of the test run), run by `npm run bench`.
 *   sapb1.requestsPerDocument = Service Layer requests to post 100 settlement journals ÷ 100 (a look-up by
 *     Reference and the create: 2).
 *   sapb1.postRatio = time to post 100 journals ÷ the least time the emulator's limits allow (goal <= 1.3):
 *     2 requests in flight on the one session (issue 16) each held the emulator's latency, so the least is
 *     ceil(requests served / 2) × latency, from the requests the emulator counted in the same run.
 *   sapb1.duplicates = journal entries beyond one per natural key after a fault run (goal 0): answers lost
 *     after the entry was booked, and every session ended while the 100 posts are under way.
 * The emulator runs in a worker thread, as the Service Layer runs on its own server: the client's
 * measurement does not share one thread with the emulator's work. Several runs; the median is the figure.
 *   node .tmp/bench/sapb1-bench.mjs [--json] [--sapb1-docs 100] [--sapb1-runs 3] [--sapb1-latency 25]
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SapB1Connector } from '../../core/erp/sap-b1/client';
import { startSapB1Emulator, type SapB1EmulatorStats } from '../../core/sandbox/sap-b1/emulator';
import { b1Journal } from '../erp/sap-b1/sap-b1-fixtures';

interface EmulatorInfo { v2: string; companyDb: string }
type ToWorker = { type: 'faults'; dropsAfterCreate: number } | { type: 'expire' } | { type: 'stats' } | { type: 'stop' };
type FromWorker =
  | { type: 'ready'; info: EmulatorInfo }
  | { type: 'stats'; stats: SapB1EmulatorStats; references: Array<string | null> }
  | { type: 'done' };

if (!isMainThread) {
  const { latencyMs } = workerData as { latencyMs: number };
  const emu = await startSapB1Emulator({ latencyMs });
  const port = parentPort!;
  port.postMessage({ type: 'ready', info: { v2: emu.v2, companyDb: emu.seed.companyDb } } satisfies FromWorker);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'faults') {
      emu.faults.dropAfterProcessing(m.dropsAfterCreate, { path: /^POST JournalEntries$/ });
      port.postMessage({ type: 'done' } satisfies FromWorker);
    } else if (m.type === 'expire') {
      emu.faults.expireTokens();
    } else if (m.type === 'stats') {
      port.postMessage({ type: 'stats', stats: { ...emu.stats }, references: emu.journalEntries().map((j) => j.Reference) } satisfies FromWorker);
    } else void emu.stop().then(() => port.close());
  });
} else {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  // Own flag names: `npm run bench` passes every argument to every bench.
  const docs = arg('--sapb1-docs', 100);
  const runs = arg('--sapb1-runs', 3);
  // 25 ms a request, as the Business Central bench holds each request (the Service Layer's own time is UNVERIFIED).
  const latencyMs = arg('--sapb1-latency', 25);
  const inFlight = 2;

  const startWorker = async () => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs } });
    const next = () => new Promise<FromWorker>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    const ready = await next();
    if (ready.type !== 'ready') throw new Error('emulator worker did not start');
    const connector = new SapB1Connector({
      settings: { serviceLayerUrl: ready.info.v2, companyDb: ready.info.companyDb, userName: 'manager', concurrency: String(inFlight) },
      secrets: { password: 'B1Admin!' },
      backoff: { baseMs: 5, capMs: 50, maxAttempts: 6 },
      settleMs: 5,
    });
    const stats = async () => {
      worker.postMessage({ type: 'stats' } satisfies ToWorker);
      const reply = await next();
      if (reply.type !== 'stats') throw new Error('no stats from the emulator worker');
      return reply;
    };
    const stop = async () => {
      await connector.close();
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
      await new Promise((r) => worker.once('exit', r));
    };
    return { worker, next, connector, stats, stop };
  };

  const timed = async (run: number) => {
    const w = await startWorker();
    // Log in and read the company first: the measured part is posting, on a live session.
    await w.connector.testConnection();
    const before = (await w.stats()).stats.requests;
    const journals = Array.from({ length: docs }, (_, i) => b1Journal(String(10_000 * (run + 1) + i), 12));
    const started = performance.now();
    await Promise.all(journals.map((d) => w.connector.postJournal(d)));
    const elapsed = performance.now() - started;
    const after = await w.stats();
    await w.stop();
    const requests = after.stats.requests - before;
    const posted = new Set(after.references).size;
    if (posted !== docs) throw new Error(`posted ${posted} journal entries, expected ${docs}`);
    const least = Math.ceil(requests / inFlight) * latencyMs;
    return { elapsed, least, ratio: elapsed / least, requests, peak: after.stats.peakInFlight };
  };

  const faultRun = async () => {
    const w = await startWorker();
    w.worker.postMessage({ type: 'faults', dropsAfterCreate: 5 } satisfies ToWorker);
    if ((await w.next()).type !== 'done') throw new Error('the emulator worker did not plan the faults');
    const journals = Array.from({ length: docs }, (_, i) => b1Journal(String(90_000 + i), 6));
    let finished = 0;
    await Promise.all(journals.map(async (d) => {
      await w.connector.postJournal(d);
      // Halfway through, the server ends every session while the other posts are in flight.
      if (++finished === Math.floor(docs / 2)) w.worker.postMessage({ type: 'expire' } satisfies ToWorker);
    }));
    const after = await w.stats();
    await w.stop();
    const keys = after.references;
    const distinct = new Set(keys).size;
    if (distinct !== docs) throw new Error(`the fault run left ${distinct} natural keys in B1, expected ${docs}`);
    return { duplicates: keys.length - distinct, logins: after.stats.logins, expiredRejections: after.stats.expiredRejections };
  };

  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timed(i));
  const faults = await faultRun();
  const median = <T>(xs: T[], by: (x: T) => number) => xs.map(by).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = results.map((r) => r.ratio).sort((a, b) => a - b);
  const first = results[0]!;
  const metrics = {
    'sapb1.requestsPerDocument': Number((first.requests / docs).toFixed(2)),
    'sapb1.postRatio': Number(median(results, (r) => r.ratio).toFixed(2)),
    'sapb1.postRatioMin': Number(ratios[0]!.toFixed(2)),
    'sapb1.postRatioMax': Number(ratios[ratios.length - 1]!.toFixed(2)),
    'sapb1.postMs': Math.round(median(results, (r) => r.elapsed)),
    'sapb1.leastMs': Math.round(first.least),
    'sapb1.peakInFlight': Math.max(...results.map((r) => r.peak)),
    'sapb1.duplicates': faults.duplicates,
    'sapb1.faultRunLogins': faults.logins,
    'sapb1.faultRunExpiredRejections': faults.expiredRejections,
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(36)} ${v}`);
}
