/**
 * Business Central posting benchmark (not part of the test run), run by `npm run bench`.
 *   bc.requestsPerLine = API requests to post a 10,000-line settlement journal ÷ lines (goal <= 0.012: batched).
 *   bc.postRatio = measured time ÷ the least time the emulated limits allow (goal <= 1.2), where the least is
 *   computed from the emulator's configured processing time per request (latency + per-$batch-operation
 *   time), BC's 5 requests at once, and the requests served (leastPostingTimeMs in test/erp/bc-fixtures.ts).
 * The emulator runs in a worker thread, as BC runs on its own servers: the client's measurement does not
 * share one thread with the emulator's work. Several runs; the median is the figure, min and max its spread.
 *   node .tmp/bench/bc-bench.mjs [--json] [--bc-lines 10000] [--bc-runs 5] [--bc-latency 25] [--bc-op-latency 2]
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startBusinessCentralEmulator, type EmulatorStats } from '../../core/sandbox/business-central/emulator';
import { leastPostingTimeMs, onlineConnector, settlementJournal } from '../erp/bc-fixtures';

interface EmulatorInfo {
  url: string; tenantId: string; environment: string; clientId: string; clientSecret: string;
  limits: { latencyMs: number; operationLatencyMs: number; concurrentRequests: number };
}
type FromWorker = { type: 'ready'; info: EmulatorInfo } | { type: 'stats'; stats: EmulatorStats; ledgerEntries: number };

if (!isMainThread) {
  const { latencyMs, operationLatencyMs } = workerData as { latencyMs: number; operationLatencyMs: number };
  const emu = await startBusinessCentralEmulator({ latencyMs, operationLatencyMs });
  const port = parentPort!;
  port.postMessage({ type: 'ready', info: { url: emu.url, tenantId: emu.tenantId, environment: emu.environment, clientId: emu.clientId, clientSecret: emu.clientSecret, limits: emu.limits } } satisfies FromWorker);
  port.on('message', (m: { type: 'stats'; documentNumber: string } | { type: 'stop' }) => {
    if (m.type === 'stats') {
      port.postMessage({ type: 'stats', stats: { ...emu.stats }, ledgerEntries: emu.rows('generalLedgerEntries').filter((e) => e.documentNumber === m.documentNumber).length } satisfies FromWorker);
    } else void emu.stop().then(() => port.close());
  });
} else {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  // Own flag names: `npm run bench` passes every argument to every bench (settlement-bench reads --lines).
  const lines = arg('--bc-lines', 10_000);
  const runs = arg('--bc-runs', 5);
  // 25 ms a request and 2 ms an operation: a 100-line $batch is processed in 225 ms.
  const latencyMs = arg('--bc-latency', 25);
  const operationLatencyMs = arg('--bc-op-latency', 2);

  const one = async (run: number) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs, operationLatencyMs } });
    const next = () => new Promise<FromWorker>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    const ready = await next();
    if (ready.type !== 'ready') throw new Error('emulator worker did not start');
    const info = ready.info;
    const connector = onlineConnector({ ...info } as unknown as Parameters<typeof onlineConnector>[0]);
    const doc = settlementJournal(String(9000 + run), lines);
    const started = performance.now();
    await connector.postJournal(doc);
    const elapsed = performance.now() - started;
    worker.postMessage({ type: 'stats', documentNumber: doc.documentNumber });
    const reply = await next();
    worker.postMessage({ type: 'stop' });
    await new Promise((r) => worker.once('exit', r));
    if (reply.type !== 'stats') throw new Error('no stats from the emulator worker');
    if (reply.ledgerEntries !== lines) throw new Error(`posted ${reply.ledgerEntries} ledger entries, expected ${lines}`);
    const least = leastPostingTimeMs(reply.stats, info.limits);
    return { elapsed, least, ratio: elapsed / least, requests: reply.stats.apiRequests, batches: reply.stats.batchRequests, peak: reply.stats.peakConcurrent };
  };

  const results = [];
  for (let i = 0; i < runs; i++) results.push(await one(i));
  const ratios = results.map((r) => r.ratio).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const first = results[0]!;
  const metrics = {
    'bc.requestsPerLine': Number((first.requests / lines).toFixed(4)),
    'bc.postRatio': Number(median.toFixed(2)),
    'bc.postRatioMin': Number(ratios[0]!.toFixed(2)),
    'bc.postRatioMax': Number(ratios[ratios.length - 1]!.toFixed(2)),
    'bc.postMs': Math.round(results.map((r) => r.elapsed).sort((a, b) => a - b)[Math.floor(results.length / 2)]!),
    'bc.leastMs': Math.round(first.least),
    'bc.requests': first.requests,
    'bc.batches': first.batches,
    'bc.peakConcurrent': Math.max(...results.map((r) => r.peak)),
  };
  if (json) console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
}
