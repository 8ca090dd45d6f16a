import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { JobStore } from '../../core/sync/job-store';
import { openWorkspace } from '../../core/workspace/workspace';
import { bundleChild } from '../support/bundle-child';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_PLANS, importsPerSettlement, settlementSeller } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';
import { crashSeed, replayHint, seeded } from '../support/crash-seed';

const REPORTS = 80;
const KILLS = 22;

let amazon: AmazonEmulator;
let settlementIds: string[];
let dir: ReturnType<typeof tempDir>;
let childScript: string;

beforeAll(async () => {
  const generated = settlementSeller(REPORTS, 60);
  settlementIds = generated.settlementIds;
  amazon = await startAmazonEmulator({ sellers: [generated.seller], usagePlans: FAST_PLANS });
  dir = tempDir();
  // tsx is not installed: bundle the child with esbuild; better-sqlite3 stays native and is found via NODE_PATH.
  childScript = join(dir.dir, 'sync-crash-child.cjs');
  bundleChild(resolve(__dirname, 'crash-child.ts'), childScript);
});
afterAll(async () => {
  dir.remove();
  await amazon.stop();
});

interface Life { killed: boolean; code: number | null; stdout: string; stderr: string }

/**
 * Runs the sync child; SIGKILLs it `killAfterMs` after it says ready, or (`'after-import'`) the moment an import
 * has committed and before the ledger records it, or lets it finish.
 */
function live(wsDir: string, killAfterMs: number | 'after-import' | null): Promise<Life> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [childScript], {
      env: {
        ...process.env,
        NODE_PATH: resolve(__dirname, '../../node_modules'),
        MLC_WS: wsDir,
        MLC_JOB: 'discovery',
        MLC_DELAY_MS: '3',
        ...(killAfterMs === 'after-import' ? { MLC_STALL_AFTER_IMPORT: '1' } : {}),
        MLC_AMZ: JSON.stringify({ url: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.sellers[0]!.refreshToken }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      const first = !stdout.includes('ready\n');
      stdout += d.toString();
      if (killAfterMs === 'after-import' && stdout.includes('imported\n') && !killed) killed = child.kill('SIGKILL');
      if (typeof killAfterMs === 'number' && first && stdout.includes('ready\n')) {
        setTimeout(() => { if (child.exitCode === null) killed = child.kill('SIGKILL'); }, killAfterMs);
      }
    });
    child.on('error', fail);
    child.on('exit', (code) => done({ killed, code, stdout, stderr }));
  });
}

it(`a discovery process SIGKILLed ${KILLS} times at random moments ends with every settlement imported exactly once`, async () => {
  const wsDir = join(dir.dir, 'ws');
  const ws = openWorkspace(wsDir, { credentials: new MemoryCredentials() });
  await addAmazonConnection(ws, { url: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret, refreshToken: amazon.sellers[0]!.refreshToken });
  const jobs = new JobStore(ws.db);
  jobs.save({ id: 'discovery', name: 'Settlement discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date());
  const seed = crashSeed();
  const random = seeded(seed);
  const t0 = performance.now();
  let kills = 0;
  let lives = 0;
  let pendingAtKill = 0;
  let committedNotLedgered = 0;
  let window = 200;
  const doneAfterEach: number[] = [];
  const doneCount = () => (ws.db.prepare(`SELECT COUNT(*) AS n FROM sync_settlement_report WHERE state = 'done'`).get() as { n: number }).n;
  while (kills < KILLS && lives < KILLS * 3) {
    lives++;
    // After ready: the token, the listing (first life), then some 15-40 ms per report (three exchanges and the import).
    // Every fifth life dies in the narrowest window on purpose; the others at a random moment in the window.
    const life = await live(wsDir, lives % 5 === 0 ? 'after-import' : Math.floor(random() * window));
    if (life.killed) kills++;
    else expect(life.code, `seed ${seed}: ${life.stderr}`).toBe(0);
    if (life.killed && (ws.db.prepare(`SELECT COUNT(*) AS n FROM sync_settlement_report WHERE state = 'pending'`).get() as { n: number }).n > 0) pendingAtKill++;
    // The narrowest window: the import committed, the ledger not yet told. The next life imports again (unchanged).
    if (life.killed) {
      const r = ws.db.prepare(`SELECT r.report_id FROM sync_settlement_report r JOIN settlement_version v ON v.file_name = 'settlement report ' || r.report_id WHERE r.state = 'pending'`).get();
      if (r) committedNotLedgered++;
    }
    doneAfterEach.push(doneCount());
    // Spread the kills over the whole run whatever the machine's speed: shrink the window when the work runs
    // ahead of the kills, widen it when it lags.
    window = doneCount() > (REPORTS * kills) / (KILLS + 4) ? Math.max(40, window * 0.6) : Math.min(400, window * 1.3);
    if (!life.killed && life.stdout.includes('done succeeded')) break;
  }
  const last = await live(wsDir, null);
  expect(last.code, `seed ${seed}: ${last.stderr}`).toBe(0);
  expect(last.stdout, `seed ${seed}`).toMatch(/done succeeded/);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`sync crash test ${replayHint(seed)}: ${kills} kills in ${lives} lives (${pendingAtKill} with a report between download and done, ${committedNotLedgered} of them after its import committed), reports done after each: ${doneAfterEach.join(' ')}; ${seconds.toFixed(1)} s`);
  expect(kills, `seed ${seed}: the work ran out before enough kills; done after each life: ${doneAfterEach.join(' ')}`).toBeGreaterThanOrEqual(20);
  expect(pendingAtKill, `seed ${seed}`).toBeGreaterThanOrEqual(5);
  expect(committedNotLedgered, `seed ${seed}`).toBeGreaterThanOrEqual(3);

  // Every settlement exactly once: one stored version, one import in the audit log.
  const per = importsPerSettlement(ws.db);
  expect([...per.keys()].sort()).toEqual([...settlementIds].sort());
  const twice = [...per].filter(([, n]) => n.versions !== 1 || n.imported !== 1);
  expect(twice, `seed ${seed}`).toEqual([]);
  // One run did the work across all its lives, and its counts read as an uninterrupted run's would.
  const runs = jobs.runs({ jobId: 'discovery' });
  const worker = runs.filter((r) => (r.counts.imported ?? 0) > 0 || r.status === 'running');
  expect(worker).toHaveLength(1);
  expect(worker[0]!.status).toBe('succeeded');
  expect(worker[0]!.counts).toEqual({ found: REPORTS, imported: REPORTS, newVersions: 0, unchanged: 0, unreadable: 0, alreadyHandled: 0 });
  expect(worker[0]!.lives).toBeGreaterThan(1);
  expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  console.log(`the run took ${worker[0]!.lives} lives; ${runs.length} run rows in all`);
  ws.close();
}, 58_000);
