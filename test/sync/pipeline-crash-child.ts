/**
 * A sync process for the crash test across import and posting: opens the workspace in MLC_WS, gives the
 * Amazon and Business Central connections their secrets (MLC_AMZ, MLC_BC as JSON; the test's keychain is
 * this process's memory), then does what a day of sync does: the discovery job (finishing its interrupted
 * run if there is one), the controller's approvals (the person's part, done here so kills land between
 * them too), and the auto-post job. Says "ready", "report <id>" per report, "posting", "doc <key>" per
 * document and "done <discovery status> <posting status>". The test SIGKILLs it at random moments.
 */
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { addAmazonConnection, FAST_BACKOFF, FAST_PLANS } from './discovery-fixture';
import { approveAll, ERP_CONNECTION_ID } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

async function main(): Promise<void> {
  const ws = openWorkspace(process.env.MLC_WS!, { credentials: new MemoryCredentials() });
  await addAmazonConnection(ws, JSON.parse(process.env.MLC_AMZ!));
  await ws.credentials.set(ERP_CONNECTION_ID, 'clientSecret', (JSON.parse(process.env.MLC_BC!) as { clientSecret: string }).clientSecret);
  const delayMs = Number(process.env.MLC_DELAY_MS ?? 0);
  // Each Amazon exchange takes a few milliseconds more, as over a real network, so kills land inside the work.
  const slowFetch: typeof fetch = async (input, init) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return fetch(input, init);
  };
  const resources = new ConnectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS, fetch: slowFetch, erpBackoff: { baseMs: 5, capMs: 40, maxAttempts: 6 } });
  const runner = new SyncRunner(ws, { resources });
  ws.events.subscribe((e) => {
    if (e.type === 'progress' && e.current) process.stdout.write(`${e.phase.startsWith("Posting") ? "doc" : "report"} ${e.current}\n`);
  });
  process.stdout.write('ready\n');
  const discovery = await runner.runNow(process.env.MLC_DISCOVERY_JOB!);
  approveAll(ws);
  process.stdout.write('posting\n');
  const posting = await runner.runNow(process.env.MLC_POSTING_JOB!);
  ws.close();
  process.stdout.write(`done ${discovery.status} ${posting.status} ${JSON.stringify(posting.counts)} ${posting.error ?? ''}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
