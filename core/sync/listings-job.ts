import { AmazonError } from '../amazon/errors';
import { ErpError } from '../erp/erp-error';
import { ListingRules } from '../listings/listing-rules';
import { previewListings, sendListings } from '../listings/listings-run';
import { workspaceAttention } from './attention-registry';
import type { JobContext, JobOutcome } from './job-context';
import { holdRefusedListings } from './listings-attention';
import { JobStore } from './job-store';
import { listingsScope } from './listings-scope';
import { plainError } from './plain-error';

/**
 * Listings (job kind `listings`): for each listing rule of the job's Amazon connection, compares the ERP's
 * prices and stock with what was last sent and what Amazon shows, records the change set, and — where the rule
 * says so — sends the changes that need no approval. Held changes wait for a person on the Listings screen.
 * Idempotent: a change already on its way is read back from Amazon before anything is sent again.
 */
export async function listingsJob(ctx: JobContext): Promise<JobOutcome> {
  const { ws, job, signal } = ctx;
  const amazonId = job.amazonConnectionId;
  if (!amazonId) return { counts: {}, error: 'This job has no Amazon connection. Edit the job and choose one.' };
  const rules = new ListingRules(ws.db, ws.audit).list(amazonId).filter((r) => !job.erpConnectionId || r.erpConnectionId === job.erpConnectionId);
  const name = ws.connections.get(amazonId)?.name ?? amazonId;
  if (!rules.length) return { counts: {}, warning: `${name} has no listing rules, so nothing was compared. Set one up on the Listings screen.` };
  const run = new JobStore(ws.db).getRun(ctx.runId);
  const quantitiesOnly = listingsScope(new JobStore(ws.db), job, { id: ctx.runId, trigger: run?.trigger ?? 'manual' }, new Date(ctx.clock.now())) === 'quantities';
  // priceRun says whether this run compared prices: the listings schedule's next runs read it to know the day's prices went.
  const counts = { changes: 0, held: 0, unchanged: 0, skipped: 0, withdrawn: 0, sent: 0, failed: 0, priceRun: quantitiesOnly ? 0 : 1 };
  const problems: string[] = [];
  const actor = `sync job "${job.name}"`;
  for (const [i, rule] of rules.entries()) {
    signal.throwIfAborted();
    ctx.progress({ phase: `Comparing ${rule.marketplaceId}`, done: i, total: rules.length });
    try {
      const amazon = await ctx.resources.amazonClient(amazonId);
      const erp = await ctx.resources.erpConnector(rule.erpConnectionId);
      const set = await previewListings(ws, rule, amazon, erp, actor, signal, { quantitiesOnly });
      counts.changes += set.found.length;
      counts.held += set.found.filter((c) => c.state === 'held').length;
      counts.unchanged += set.unchanged;
      counts.skipped += set.skipped.length;
      counts.withdrawn += set.withdrawn.length;
      if (!rule.autoSend) continue;
      const sent = await sendListings(ws, rule, amazon, erp, { actor, signal, quantitiesOnly });
      counts.sent += sent.sent;
      counts.withdrawn += sent.withdrawn.length;
      counts.failed += sent.failed;
      if (sent.stopped) problems.push(`${rule.marketplaceId}: ${sent.stopped}`);
      if (sent.failed) problems.push(`${rule.marketplaceId}: Amazon refused ${sent.failed} change${sent.failed === 1 ? '' : 's'}; see the Listings screen for its words.`);
    } catch (err) {
      if (signal.aborted || !(err instanceof AmazonError || err instanceof ErpError)) throw err;
      problems.push(`${rule.marketplaceId}: ${plainError(err)}`);
    }
  }
  holdRefusedListings(ws, workspaceAttention(ws).letters, amazonId);
  ctx.progress({ phase: 'Done', done: rules.length, total: rules.length });
  return problems.length ? { counts, error: `${problems.join(' ')} The next run carries on.` } : { counts };
}
