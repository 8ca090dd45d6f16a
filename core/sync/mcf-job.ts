import { supports } from '../erp/erp-connector';
import { erpKind } from '../erp/registry';
import { workspaceAttention } from './attention-registry';
import type { JobContext, JobOutcome } from './job-context';

/**
 * Multi-Channel Fulfillment: ERP orders at the location Amazon ships from go to Amazon once each, and the
 * tracking of what Amazon shipped goes back to the ERP order once. The Amazon connection is the one in
 * the fulfilment settings of the job's ERP connection.
 */
export async function mcfJob(ctx: JobContext): Promise<JobOutcome> {
  const erpConnectionId = ctx.job.erpConnectionId;
  if (!erpConnectionId) return { counts: {}, error: 'This job has no ERP connection. Edit the job and choose one.' };
  // An ERP that refuses the flow says why before anything asks for a location it cannot have.
  const connection = ctx.ws.connections.get(erpConnectionId);
  const whyNot = connection ? erpKind(connection.kind)?.capabilities.amazonFulfilmentWhyNot : undefined;
  if (whyNot) return { counts: {}, error: `${connection!.name}: ${whyNot}` };
  const { mcf } = workspaceAttention(ctx.ws);
  const settings = mcf.settings.get(erpConnectionId);
  if (!settings) return { counts: {}, error: 'Multi-Channel Fulfillment is not set up for this ERP connection: pick the ERP location whose orders Amazon ships.' };
  const erp = await ctx.resources.erpConnector(erpConnectionId);
  if (!supports(erp, 'amazonFulfilment')) return { counts: {}, error: `${ctx.ws.connections.get(erpConnectionId)?.name ?? erpConnectionId} cannot hand sales orders to Amazon for fulfilment.` };
  const amazon = await ctx.resources.amazonClient(settings.amazonConnectionId);
  ctx.progress({ phase: 'Sending orders to Amazon and bringing tracking back', done: 0, total: null });
  const s = await mcf.run(erpConnectionId, { erp, amazon }, ctx.signal);
  ctx.ws.events.emit({ type: 'changed', topic: 'review' });
  const counts = { submitted: s.submitted, held: s.held, tracking: s.trackingWritten, waiting: s.waiting, awaiting: s.awaitingApproval, cancelled: s.cancelled };
  const warnings = [
    ...(s.waiting ? [`${s.waiting} order${s.waiting === 1 ? '' : 's'} could not reach Amazon this time; the next run sends ${s.waiting === 1 ? 'it' : 'them'}.`] : []),
    ...(s.awaitingApproval ? [`${s.awaitingApproval} order${s.awaitingApproval === 1 ? '' : 's'} previewed and not sent: see Amazon's fees and dates under Needs attention, then let the first orders go.`] : []),
  ];
  return warnings.length ? { counts, warning: warnings.join(' ') } : { counts };
}
