import { CACHED_KIND_NAMES, ReferenceCache, type RefreshProgress, type RefreshResult } from '../mapping/reference-cache';
import type { Workspace } from '../workspace/workspace';
import type { ConnectionResources } from './connection-resources';
import type { JobContext, JobOutcome } from './job-context';

/** Reads what changed in the ERP's reference data into the mapping cache (the job's step, also run on a change notification). */
export async function refreshReferenceData(
  ws: Workspace,
  resources: ConnectionResources,
  connectionId: string,
  options: { signal?: AbortSignal; now?: () => Date; onProgress?: (p: RefreshProgress) => void } = {},
): Promise<RefreshResult> {
  const source = await resources.erpConnector(connectionId);
  const result = await new ReferenceCache(ws.db).refresh(connectionId, source, options);
  ws.events.emit({ type: 'changed', topic: 'mappings' });
  return result;
}

/**
 * ERP reference-data refresh: accounts, dimensions, items, customers, tax and freight codes into the mapping cache. Each kind
 * is stored in its own transaction with its watermark, so a resumed run reads only what it had not stored.
 */
export async function referenceRefresh(ctx: JobContext): Promise<JobOutcome> {
  const connectionId = ctx.job.erpConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no ERP connection. Edit the job and choose one.' };
  const result = await refreshReferenceData(ctx.ws, ctx.resources, connectionId, {
    signal: ctx.signal,
    now: () => new Date(ctx.clock.now()),
    onProgress: (p) => ctx.progress({ phase: `Reading ${CACHED_KIND_NAMES[p.kind]} from the ERP`, done: p.done, total: p.total, current: p.kind }),
  });
  return { counts: { ...result.read } };
}
