import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { leastPostingTimeMs, ledgerFor, onlineConnector, settlementJournal } from './bc-fixtures';

/**
 * The shape behind the bench's figures (test/bench/bc-bench.ts, `npm run bench`), checked on a 10,000-line
 * journal: batched to <= 0.012 requests a line, and 5 $batch requests in flight, never more. The ratio
 * itself (bc.postRatio) is measured by the bench, with the emulator in its own thread; here it is only printed.
 */
const LATENCY_MS = Number(process.env.BC_LAT ?? 25);
let emu: BusinessCentralEmulator;
beforeAll(async () => { emu = await startBusinessCentralEmulator({ latencyMs: LATENCY_MS }); });
afterAll(async () => { await emu.stop(); });

describe('posting a 10,000-line journal', () => {
  it('batches to <= 0.012 requests a line with up to 5 batches in flight, never more', async () => {
    const lines = 10_000;
    const connector = onlineConnector(emu);
    const started = performance.now();
    await connector.postJournal(settlementJournal('9999', lines));
    const elapsed = performance.now() - started;
    const requests = emu.stats.apiRequests;
    const batches = emu.stats.batchRequests;
    const minimum = leastPostingTimeMs(emu.stats, emu.limits);
    const requestsPerLine = requests / lines;
    const postRatio = elapsed / minimum;
    console.log(JSON.stringify({ 'bc.requestsPerLine': Number(requestsPerLine.toFixed(4)), 'bc.postRatio': Number(postRatio.toFixed(2)), requests, batches, elapsedMs: Math.round(elapsed), minimumMs: minimum, peakConcurrent: emu.stats.peakConcurrent }));
    expect(ledgerFor(emu, 'AMZ9999')).toHaveLength(lines);
    expect(batches).toBe(100);
    expect(requestsPerLine).toBeLessThanOrEqual(0.012);
    // The $batch chunks overlap up to BC's limit, never beyond it. postRatio is reported, not asserted
    // (here client and emulator share one thread; the bench runs the emulator in a worker).
    expect(emu.stats.peakConcurrent).toBe(5);
  });
});
