/**
 * A sync process for the crash test: opens the workspace in MLC_WS, points the Amazon connection at the
 * emulator described in MLC_AMZ (JSON), and runs the discovery job MLC_JOB (finishing its interrupted run if
 * there is one). Says "ready", then "report <id>" as each report starts, then "done <status>". The test
 * SIGKILLs it at random moments in between.
 */
import { writeSync } from 'node:fs';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { addAmazonConnection, FAST_BACKOFF, FAST_PLANS } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

async function main(): Promise<void> {
  const ws = openWorkspace(process.env.MLC_WS!, { credentials: new MemoryCredentials() });
  await addAmazonConnection(ws, JSON.parse(process.env.MLC_AMZ!));
  const delayMs = Number(process.env.MLC_DELAY_MS ?? 0);
  // Each exchange takes a few milliseconds more, as over a real network, so kills land inside the work.
  const slowFetch: typeof fetch = async (input, init) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return fetch(input, init);
  };
  const runner = new SyncRunner(ws, { resources: new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS, fetch: slowFetch }) });
  ws.events.subscribe((e) => {
    if (e.type === 'progress' && e.current) process.stdout.write(`report ${e.current}\n`);
    if (e.type === 'changed' && e.topic === 'settlements' && process.env.MLC_STALL_AFTER_IMPORT) {
      // The import has committed and the ledger does not know yet: hold still here so the test can kill us in
      // the narrowest window there is.
      writeSync(1, 'imported\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  });
  process.stdout.write('ready\n');
  const run = await runner.runNow(process.env.MLC_JOB!);
  ws.close();
  process.stdout.write(`done ${run.status} ${run.id} ${JSON.stringify(run.counts)} ${run.error ?? ''}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
