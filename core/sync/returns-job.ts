import { AmazonSettingsSchema } from '../connections/connection-kinds';
import { importReturns } from '../returns/returns-import';
import { workspaceAttention } from './attention-registry';
import type { JobContext, JobOutcome } from './job-context';

/**
 * FBA customer returns: reads the next window of Amazon's returns report, stores each return once, maps
 * its reason to the ERP's return reason code, and holds the ones it cannot map under Needs attention.
 */
export async function returnsJob(ctx: JobContext): Promise<JobOutcome> {
  const connectionId = ctx.job.amazonConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no Amazon connection. Edit the job and choose one.' };
  const settings = AmazonSettingsSchema.safeParse(ctx.ws.connections.get(connectionId)?.settings);
  const client = await ctx.resources.amazonClient(connectionId);
  const result = await importReturns(ctx.ws.db, client, workspaceAttention(ctx.ws).returns, connectionId, {
    marketplaceIds: settings.success ? settings.data.marketplaceIds : [],
    signal: ctx.signal,
    onPhase: (phase) => ctx.progress({ phase, done: 0, total: null }),
  });
  const counts = { read: result.read, imported: result.added, ready: result.ready, held: result.held + result.unreadable };
  return result.notReady ? { counts, warning: 'Amazon is still making the returns report; the next run reads it.' } : { counts };
}
