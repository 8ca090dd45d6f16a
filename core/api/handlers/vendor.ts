import { VendorMappings } from '../../vendor/vendor-mappings';
import { VendorOutbox } from '../../vendor/vendor-outbox';
import { VendorReviews, type VendorReviewItem } from '../../vendor/vendor-reviews';
import { vendorOverview } from '../../vendor/vendor-overview';
import type { Workspace } from '../../workspace/workspace';
import type { VendorReviewView } from '../calls/vendor';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type VendorCall = 'vendor.overview' | 'vendor.resolve' | 'vendor.approve' | 'vendor.map';

const now = (ws: Workspace) => () => new Date(ws.clock.now());
const reviewsOf = (ws: Workspace) => new VendorReviews(ws.db, ws.audit, now(ws));

function view(i: VendorReviewItem): VendorReviewView {
  return {
    id: i.id, kind: i.kind, vendorCode: i.vendorCode, poNumber: i.poNumber, invoiceNumber: i.invoiceNumber, title: i.title, facts: i.facts, amount: i.amount, currency: i.currency,
    state: i.state, resolution: i.resolution, resolvedBy: i.resolvedBy, approvedBy: i.approvedBy, updatedAt: i.updatedAt,
  };
}

export const vendorHandlers: Pick<Handlers, VendorCall> = {
  'vendor.overview': (_input, { ws }) => {
    const o = vendorOverview(ws.db, new VendorOutbox(ws.db, ws.audit, now(ws)), reviewsOf(ws));
    return { purchaseOrders: o.purchaseOrders, reviews: o.reviews.map(view) };
  },
  'vendor.resolve': ({ id, action, note }, { ws }) => {
    const item = reviewsOf(ws).resolve(id, { action, note }, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return view(item);
  },
  'vendor.approve': ({ id }, { ws }) => {
    const item = reviewsOf(ws).approve(id, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return view(item);
  },
  'vendor.map': ({ erpConnectionId, kind, subject, target }, { ws }) => {
    if (!ws.connections.get(erpConnectionId)) throw new ApiFailure('not_found', `No connection with id ${erpConnectionId}: it may have been removed.`);
    new VendorMappings(ws.db, erpConnectionId, now(ws)).set(kind, subject, target);
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    return { ok: true as const };
  },
};
