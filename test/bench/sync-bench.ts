/**
 * Sync crash-recovery benchmark (not part of the test run), run by `npm run bench`.
 *   sync.crashRecovery = time of a sync pass (discovery, approvals, auto-post of SETTLEMENTS settlements)
 *   that was SIGKILLed halfway and resumed by a new process ÷ time of the same pass uninterrupted, each on a
 *   fresh workspace and a fresh Business Central emulator. Goal <= 1.3 (issue 7). The median of five rounds,
 *   each measuring both ways back to back (in alternating order) so a change in machine load hits both.
 * The pass is test/sync/pipeline-crash-child.ts, the process the crash test kills.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startAmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { JobStore } from '../../core/sync/job-store';
import { openWorkspace } from '../../core/workspace/workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_PLANS, settlementSeller } from '../sync/discovery-fixture';
import { addMappedBcConnection, autoPostOn, ERP_CONNECTION_ID, usCompany } from '../sync/erp-fixture';
import { bundleChild } from '../support/bundle-child';
import { MemoryCredentials } from '../sync/sync-fixture';

const args = process.argv.slice(2);
const json = args.includes('--json');
const nArg = args.indexOf('--settlements');
const SETTLEMENTS = nArg >= 0 ? Number(args[nArg + 1]) : 40;
const ROUNDS = 5;

const root = process.cwd();
const tmp = mkdtempSync(join(tmpdir(), 'mlc-sync-bench-'));
const child = join(tmp, 'pipeline-child.cjs');
bundleChild(join(root, 'test', 'sync', 'pipeline-crash-child.ts'), child);

const seeded = settlementSeller(SETTLEMENTS, 30);
const amazon = await startAmazonEmulator({ sellers: [seeded.seller], usagePlans: FAST_PLANS });
const amz = { url: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.sellers[0]!.refreshToken };

/** A fresh workspace with both connections, mappings, auto-post on and the two jobs; and its own ERP. */
async function freshWorkspace(dir: string) {
  const bc = await startBusinessCentralEmulator({ seed: usCompany(), latencyMs: 3 });
  const ws = openWorkspace(dir, { credentials: new MemoryCredentials() });
  await addAmazonConnection(ws, amz);
  await addMappedBcConnection(ws, bc);
  autoPostOn(ws);
  const jobs = new JobStore(ws.db);
  jobs.save({ id: 'discovery', name: 'Settlement discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date());
  jobs.save({ id: 'post', name: 'Auto-post', kind: 'settlement-posting', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' }, new Date());
  ws.close();
  return bc;
}

/** One life of the pass; killed `killAfterMs` after it starts, or left to finish. Resolves with its duration. */
function life(dir: string, bcSecret: string, killAfterMs: number | null): Promise<{ ms: number; finished: boolean }> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [child], {
      env: { ...process.env, NODE_PATH: join(root, 'node_modules'), MLC_WS: dir, MLC_DISCOVERY_JOB: 'discovery', MLC_POSTING_JOB: 'post', MLC_DELAY_MS: '3', MLC_AMZ: JSON.stringify(amz), MLC_BC: JSON.stringify({ clientSecret: bcSecret }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (process.env.MLC_BENCH_DEBUG) for (const l of d.toString().split('\n').filter(Boolean)) if (!/^(doc|report) /.test(l) || Math.random() < 0.1) console.error(Math.round(performance.now() - t0), l.slice(0, 70));
    });
    if (killAfterMs !== null) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('error', fail);
    p.on('exit', () => done({ ms: performance.now() - t0, finished: /done succeeded succeeded/.test(out) }));
  });
}

const ratios: number[] = [];
const wholes: number[] = [];
const detail: string[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let n = 0;
  const measureWhole = async () => {
    const a = join(tmp, `whole-${round}-${n++}`);
    const bcA = await freshWorkspace(a);
    const whole = await life(a, bcA.clientSecret, null);
    await bcA.stop();
    if (!whole.finished) throw new Error('the uninterrupted pass did not finish');
    return whole.ms;
  };
  const measureKilled = async (killAfterMs: number): Promise<{ killed: number; resumed: number }> => {
    for (let attempt = 0; ; attempt++) {
      const b = join(tmp, `killed-${round}-${n++}`);
      const bcB = await freshWorkspace(b);
      // The machine may be quicker this time than when halfway was measured: if the pass finished before the
      // kill, measure again with the kill earlier.
      const killed = await life(b, bcB.clientSecret, killAfterMs * 0.8 ** attempt);
      if (killed.finished && attempt < 4) {
        await bcB.stop();
        continue;
      }
      const resumed = await life(b, bcB.clientSecret, null);
      await bcB.stop();
      if (killed.finished || !resumed.finished) throw new Error('the interrupted pass did not end as planned');
      return { killed: killed.ms, resumed: resumed.ms };
    }
  };
  // Halfway is half of an uninterrupted pass measured just before (the first round measures one first).
  const reference = round === 0 ? await measureWhole() : wholes.at(-1)!;
  let whole: number;
  let k: { killed: number; resumed: number };
  if (round % 2 === 0) {
    k = await measureKilled(reference / 2);
    whole = await measureWhole();
  } else {
    whole = await measureWhole();
    k = await measureKilled(whole / 2);
  }
  wholes.push(whole);
  ratios.push((k.killed + k.resumed) / whole);
  detail.push(`${Math.round(whole)} ms whole, ${Math.round(k.killed)} + ${Math.round(k.resumed)} ms killed and resumed`);
}
await amazon.stop();
rmSync(tmp, { recursive: true, force: true });
ratios.sort((x, y) => x - y);
const metrics = {
  'sync.crashRecovery': Number(ratios[Math.floor(ROUNDS / 2)]!.toFixed(3)),
  'sync.crashRecovery.settlements': SETTLEMENTS,
};
if (json) console.log(JSON.stringify(metrics));
else {
  for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)} ${v}`);
  for (const d of detail) console.log(`  ${d}`);
}
