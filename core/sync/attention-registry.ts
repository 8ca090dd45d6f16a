import { AttentionFlows, DeadLetterStore } from '../attention';
import { supports } from '../erp/erp-connector';
import { McfFlow } from '../fulfilment/mcf-flow';
import { skuOfItem } from '../fulfilment/sku-of-item';
import { ReturnDocuments } from '../returns/return-documents';
import { ReturnReasonMap } from '../returns/return-reason-map';
import { ReturnsFlow } from '../returns/returns-flow';
import type { Workspace } from '../workspace/workspace';
import { connectionResources } from './connection-resources';
import { listingsAttentionFlow } from './listings-attention';
import { ordersAttentionFlow } from './orders-attention';
import { orderDocumentsAttentionFlow } from './order-document-attention';
import { cancelledPaidSummaryFlow } from './cancelled-summary-attention';
import type { JobKind } from './job-store';
import { vendorAttentionFlow } from './vendor-attention';

const registries = new WeakMap<Workspace, WorkspaceAttention>();

export interface WorkspaceAttention {
  letters: DeadLetterStore;
  flows: AttentionFlows;
  returns: ReturnsFlow;
  returnDocuments: ReturnDocuments;
  mcf: McfFlow;
}

/** The last run of a flow's jobs (any connection), as the Dashboard shows it. */
function lastRunOf(ws: Workspace, kind: JobKind): { at: string; status: string } | null {
  const r = ws.db
    .prepare('SELECT r.status, COALESCE(r.ended_at, r.started_at) AS at FROM sync_run r JOIN sync_job j ON j.id = r.job_id WHERE j.kind = ? ORDER BY r.id DESC LIMIT 1')
    .get(kind) as { status: string; at: string } | undefined;
  return r ?? null;
}

/**
 * Needs attention of an open workspace: its store of held records and every flow that can retry them.
 * A flow joins with one register() line here.
 */
export function workspaceAttention(ws: Workspace): WorkspaceAttention {
  let a = registries.get(ws);
  if (!a) {
    const now = () => new Date(ws.clock.now());
    const letters = new DeadLetterStore(ws.db, now);
    const returnDocuments = new ReturnDocuments(ws.db, letters, ws.audit, now);
    const returns = new ReturnsFlow(ws.db, letters, new ReturnReasonMap(ws.db, ws.audit, now), now, (r, signal) => returnDocuments.deliver(r, async (erpConnectionId) => {
      const erp = await connectionResources(ws).erpConnector(erpConnectionId);
      if (!supports(erp, 'customerReturns')) throw new Error('This ERP connection cannot take customer returns through its API.');
      return erp;
    }, signal));
    const mcf = new McfFlow(ws.db, letters, skuOfItem(ws.db, ws.audit), now);
    const flows = new AttentionFlows(letters, ws.audit)
      .register(returns.attentionFlow(() => lastRunOf(ws, 'fba-returns')))
      .register(mcf.attentionFlow(async (erpConnectionId) => {
        // The workspace's shared connector and client: nothing of them is closed after one retry.
        const resources = connectionResources(ws);
        const settings = mcf.settings.get(erpConnectionId);
        if (!settings) throw new Error('Multi-Channel Fulfillment is no longer set up for this ERP connection.');
        const erp = await resources.erpConnector(erpConnectionId);
        if (!supports(erp, 'amazonFulfilment')) throw new Error('This ERP connection cannot hand sales orders to Amazon for fulfilment.');
        return { erp, amazon: await resources.amazonClient(settings.amazonConnectionId), close: async () => undefined };
      }, () => lastRunOf(ws, 'mcf')))
      .register(ordersAttentionFlow(ws, () => lastRunOf(ws, 'order-invoicing')))
      .register(orderDocumentsAttentionFlow(ws, letters, () => lastRunOf(ws, 'order-invoicing')))
      .register(cancelledPaidSummaryFlow())
      .register(listingsAttentionFlow({ db: ws.db, audit: ws.audit, now, actor: ws.osUser }, () => lastRunOf(ws, 'listings')))
      .register(vendorAttentionFlow(ws, letters, () => lastRunOf(ws, 'vendor-central')));
    a = { letters, flows, returns, returnDocuments, mcf };
    registries.set(ws, a);
  }
  return a;
}
