import { marketplaceById } from '../amazon/marketplaces';
import { getMarketplaceParticipations } from '../amazon/sellers';
import type { SpApiClient } from '../amazon/sp-api-client';
import { AmazonSettingsSchema } from '../connections/connection-kinds';
import { supports } from '../erp/erp-connector';
import { importReturns } from '../returns/returns-import';
import { workspaceAttention } from './attention-registry';
import type { JobContext, JobOutcome } from './job-context';

/**
 * The marketplaces to ask the returns report for: the connection's own choice, else every marketplace of
 * its region the seller takes part in (createReport needs at least one, CreateReportSpecification).
 */
async function marketplacesOf(ctx: JobContext, client: SpApiClient, connectionId: string): Promise<string[]> {
  const settings = AmazonSettingsSchema.safeParse(ctx.ws.connections.get(connectionId)?.settings);
  if (!settings.success) return [];
  if (settings.data.marketplaceIds.length) return settings.data.marketplaceIds;
  const participations = await getMarketplaceParticipations(client, ctx.signal);
  return participations
    .filter((p) => p.participation.isParticipating && marketplaceById(p.marketplace.id)?.region === settings.data.region)
    .map((p) => p.marketplace.id)
    .slice(0, 25);
}

/**
 * FBA customer returns: reads the next window of Amazon's returns report, stores each return once, maps
 * its reason to the ERP's return reason code, and holds the ones it cannot map under Needs attention.
 */
export async function returnsJob(ctx: JobContext): Promise<JobOutcome> {
  const connectionId = ctx.job.amazonConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no Amazon connection. Edit the job and choose one.' };
  const client = await ctx.resources.amazonClient(connectionId);
  const result = await importReturns(ctx.ws.db, client, workspaceAttention(ctx.ws).returns, connectionId, {
    marketplaceIds: await marketplacesOf(ctx, client, connectionId),
    signal: ctx.signal,
    onPhase: (phase) => ctx.progress({ phase, done: 0, total: null }),
  });
  const sent = await sendReturnDocuments(ctx, connectionId);
  ctx.ws.events.emit({ type: 'changed', topic: 'review' });
  const counts = {
    read: result.read, imported: result.added, ready: result.ready, held: result.held + result.unreadable + (sent?.held ?? 0),
    ...(sent ? { documents: sent.sent, waiting: sent.waiting } : {}),
  };
  return result.notReady ? { counts, warning: 'Amazon is still making the returns report; the next run reads it.' } : { counts };
}

/** The connection's ready returns to every ERP connection that takes returns, each once; null when none takes them. */
async function sendReturnDocuments(ctx: JobContext, amazonConnectionId: string): Promise<{ sent: number; held: number; waiting: number } | null> {
  const { returns, returnDocuments } = workspaceAttention(ctx.ws);
  if (!returnDocuments.settings.list().length) return null;
  const total = { sent: 0, held: 0, waiting: 0 };
  const ready = returns.returns.list({ state: 'ready' }).filter((r) => r.amazonConnectionId === amazonConnectionId);
  for (const s of returnDocuments.settings.list()) {
    const erp = await ctx.resources.erpConnector(s.erpConnectionId);
    if (!supports(erp, 'customerReturns')) continue;
    ctx.progress({ phase: `Sending returns to ${ctx.ws.connections.get(s.erpConnectionId)?.name ?? s.erpConnectionId}`, done: 0, total: null });
    const one = await returnDocuments.send(s.erpConnectionId, erp, ready, ctx.signal);
    total.sent += one.sent;
    total.held += one.held;
    total.waiting += one.waiting;
  }
  return total;
}
