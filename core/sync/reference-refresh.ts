import { ReferenceCache } from '../mapping/reference-cache';
import type { JobContext, JobOutcome } from './job-context';

/**
 * ERP reference-data refresh: accounts, dimensions, items and customers into the mapping cache. Each kind
 * is stored in its own transaction with its watermark, so a resumed run reads only what it had not stored.
 */
export async function referenceRefresh(ctx: JobContext): Promise<JobOutcome> {
  const connectionId = ctx.job.erpConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no ERP connection. Edit the job and choose one.' };
  const source = await ctx.resources.referenceSource(connectionId);
  const result = await new ReferenceCache(ctx.ws.db).refresh(connectionId, source, {
    signal: ctx.signal,
    now: () => new Date(ctx.clock.now()),
    onProgress: (p) => ctx.progress({ phase: `Reading ${p.kind} from the ERP`, done: p.done, total: p.total, current: p.kind }),
  });
  ctx.ws.events.emit({ type: 'changed', topic: 'mappings' });
  return { counts: { ...result.read } };
}
