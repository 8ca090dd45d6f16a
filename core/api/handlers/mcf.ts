import { StaleGoAheadError } from '../../fulfilment/mcf-go-ahead';
import { supports } from '../../erp/erp-connector';
import { erpKind } from '../../erp/registry';
import { connectionResources } from '../../sync/connection-resources';
import { workspaceAttention } from '../../sync/attention-registry';
import type { Workspace } from '../../workspace/workspace';
import type { McfConnectionView, McfOrderView } from '../calls/mcf';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type McfCall = 'mcf.overview' | 'mcf.setSettings' | 'mcf.preview' | 'mcf.approveFirstOrders';

const SHOWN = 50;

function connectionView(ws: Workspace, connectionId: string): McfConnectionView {
  const { mcf } = workspaceAttention(ws);
  const s = mcf.settings.get(connectionId);
  // Waiting and held orders first (they need a look), then the latest Amazon has.
  const rows = mcf.outbox.list(connectionId).sort((a, b) => Number(b.state === 'pending' || b.state === 'held') - Number(a.state === 'pending' || a.state === 'held') || b.id - a.id).slice(0, SHOWN);
  const orders: McfOrderView[] = rows.map((r) => {
    const p = mcf.previews.get(r.id);
    const c = mcf.cancellations.get(r.id);
    const g = s ? mcf.goAheadStanding(r, s) : { needed: false as const, given: null };
    return {
      orderNumber: r.erpOrderNumber, sellerFulfillmentOrderId: r.sellerFulfillmentOrderId, state: r.state, amazonStatus: r.amazonStatus,
      preview: p ? { shippingSpeed: p.shippingSpeed, fulfillable: p.fulfillable, fees: p.fees, earliestShipDate: p.earliestShipDate, latestShipDate: p.latestShipDate,
        earliestArrivalDate: p.earliestArrivalDate, latestArrivalDate: p.latestArrivalDate, unfulfillable: p.unfulfillable, previewedAt: p.previewedAt, digest: p.digest } : null,
      goAhead: { needed: g.needed, givenBy: g.given?.givenBy ?? null, givenAt: g.given?.givenAt ?? null, changes: g.needed ? g.changes : [] },
      cancellation: c ? { direction: c.direction, state: c.state, amazonStatus: c.amazonStatus } : null,
    };
  });
  return {
    connectionId, name: ws.connections.get(connectionId)?.name ?? connectionId, whyNot: null,
    settings: s ? { amazonConnectionId: s.amazonConnectionId, locationCode: s.locationCode, defaultSpeed: s.defaultSpeed, firstOrderApprovedAt: s.firstOrderApprovedAt ?? null, firstOrderApprovedBy: s.firstOrderApprovedBy ?? null } : null,
    orders,
  };
}

/** Whether the connection's ERP takes part, and if it refuses, why (null for an ERP that neither takes part nor says why). */
function participation(kind: string): { takesPart: boolean; whyNot: string | null } {
  const capabilities = erpKind(kind)?.capabilities;
  const takesPart = kind !== 'amazon' && !!capabilities?.flows.includes('amazonFulfilment');
  return { takesPart, whyNot: takesPart ? null : capabilities?.amazonFulfilmentWhyNot ?? null };
}

function requireErp(ws: Workspace, connectionId: string): void {
  const c = ws.connections.get(connectionId);
  if (!c || c.kind === 'amazon') throw new ApiFailure('not_found', `No ERP connection with id ${connectionId}.`);
  const { takesPart, whyNot } = participation(c.kind);
  if (!takesPart) throw new ApiFailure('invalid_input', whyNot ? `${c.name}: ${whyNot}` : `${c.name} cannot hand sales orders to Amazon for fulfilment through its API.`);
}

export const mcfHandlers: Pick<Handlers, McfCall> = {
  // Connections whose ERP refuses, with why, so a user of that ERP sees the answer instead of nothing.
  'mcf.overview': (_input, { ws }) =>
    ws.connections.list().flatMap((c) => {
      const { takesPart, whyNot } = participation(c.kind);
      if (takesPart) return [connectionView(ws, c.id)];
      return whyNot ? [{ connectionId: c.id, name: c.name, whyNot, settings: null, orders: [] }] : [];
    }),

  'mcf.setSettings': ({ connectionId, amazonConnectionId, locationCode, defaultSpeed }, { ws }) => {
    requireErp(ws, connectionId);
    if (ws.connections.get(amazonConnectionId)?.kind !== 'amazon') throw new ApiFailure('invalid_input', `No Amazon connection with id ${amazonConnectionId}.`);
    workspaceAttention(ws).mcf.settings.set({ erpConnectionId: connectionId, amazonConnectionId, locationCode, defaultSpeed });
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'mcf.setSettings', actor: ws.osUser, subjectType: 'connection', subjectId: connectionId, status: 'ok', detail: { amazonConnectionId, locationCode, defaultSpeed } });
    return connectionView(ws, connectionId);
  },

  'mcf.preview': async ({ connectionId }, { ws, signal, progress }) => {
    requireErp(ws, connectionId);
    const { mcf } = workspaceAttention(ws);
    const settings = mcf.settings.get(connectionId);
    if (!settings) throw new ApiFailure('invalid_input', 'Multi-Channel Fulfillment is not set up for this ERP connection: pick the ERP location whose orders Amazon ships.');
    const resources = connectionResources(ws);
    const erp = await resources.erpConnector(connectionId);
    if (!supports(erp, 'amazonFulfilment')) throw new ApiFailure('invalid_input', 'This ERP connection cannot hand sales orders to Amazon for fulfilment.');
    progress({ phase: 'Asking Amazon for fees and dates', done: 0, total: null });
    await mcf.previewWaiting(connectionId, { erp, amazon: await resources.amazonClient(settings.amazonConnectionId) }, signal);
    ws.events.emit({ type: 'changed', topic: 'review' });
    return connectionView(ws, connectionId);
  },

  'mcf.approveFirstOrders': ({ connectionId, orders }, { ws }) => {
    requireErp(ws, connectionId);
    const { mcf } = workspaceAttention(ws);
    if (!mcf.settings.get(connectionId)) throw new ApiFailure('invalid_input', 'Multi-Channel Fulfillment is not set up for this ERP connection.');
    try {
      mcf.giveGoAhead(connectionId, orders, ws.osUser);
    } catch (err) {
      if (err instanceof StaleGoAheadError) throw new ApiFailure('conflict', err.message);
      throw err;
    }
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'mcf.approveFirstOrders', actor: ws.osUser, subjectType: 'connection', subjectId: connectionId, status: 'ok', detail: { orders } });
    return connectionView(ws, connectionId);
  },
};
