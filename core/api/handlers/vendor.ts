import { acknowledgementKey, decideAcknowledgement, setAcknowledgeMode } from '../../vendor/acknowledgement-proposal';
import { acknowledgementsOf, resendAcknowledgement } from '../../vendor/acknowledgement-resend';
import { vendorReconciliationCsv } from '../../reports/vendor-report-csv';
import { vendorReconciliationPdf } from '../../reports/vendor-report-pdf';
import { vendorReconciliationXlsx } from '../../reports/vendor-report-xlsx';
import { vendorReconciliation } from '../../vendor/vendor-reconciliation';
import { amountDisplayOf } from '../../workspace/amount-display';
import { retryUnmappedPurchaseOrders } from '../../vendor/purchase-order-intake';
import { VendorMappings } from '../../vendor/vendor-mappings';
import { VendorOutbox } from '../../vendor/vendor-outbox';
import { VendorReviews, type VendorReviewItem } from '../../vendor/vendor-reviews';
import { vendorOverview } from '../../vendor/vendor-overview';
import { targetListOf, vendorMappingProblem } from '../../vendor/vendor-mapping-check';
import { ReferenceCache } from '../../mapping/reference-cache';
import { errorMessage } from '../../errors/domain-error';
import { markShipmentConfirmedElsewhere, sendShipmentConfirmation, shipmentKey } from '../../vendor/shipment-confirmation';
import type { Workspace } from '../../workspace/workspace';
import type { VendorReviewView } from '../calls/vendor';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';
import { workspaceRunner } from '../../sync/workspace-runner';

type VendorCall = 'vendor.reconciliation' | 'vendor.exportReconciliation' | 'vendor.overview' | 'vendor.resolve' | 'vendor.approve' | 'vendor.map' | 'vendor.run' | 'vendor.acknowledge' | 'vendor.acknowledgeMode' | 'vendor.mappings' | 'vendor.sendShipment' | 'vendor.shipmentConfirmedElsewhere';

const now = (ws: Workspace) => () => new Date(ws.clock.now());
const reviewsOf = (ws: Workspace) => new VendorReviews(ws.db, ws.audit, now(ws));

function view(i: VendorReviewItem): VendorReviewView {
  return {
    id: i.id, kind: i.kind, vendorCode: i.vendorCode, poNumber: i.poNumber, invoiceNumber: i.invoiceNumber, title: i.title, facts: i.facts, amount: i.amount, currency: i.currency,
    state: i.state, resolution: i.resolution, resolvedBy: i.resolvedBy, approvedBy: i.approvedBy, updatedAt: i.updatedAt,
  };
}

const MIME = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;
const reconciliationOf = (ws: Workspace) => vendorReconciliation(ws.db, new VendorOutbox(ws.db, ws.audit, now(ws)), reviewsOf(ws), new Date(ws.clock.now()));

function shipmentEntry(outbox: VendorOutbox, vendorCode: string, shipmentNumber: string) {
  const key = shipmentKey(vendorCode, shipmentNumber);
  const entry = outbox.list({ kind: 'shipment' }).find((e) => e.naturalKey === key);
  if (!entry) throw new ApiFailure('not_found', `Shipment ${shipmentNumber} (vendor code ${vendorCode}) has no confirmation to send: it is proposed once the ERP has posted the shipment and Vendor Central has run.`);
  return entry;
}

export const vendorHandlers: Pick<Handlers, VendorCall> = {
  'vendor.reconciliation': (_input, { ws }) => {
    const { purchaseOrders: _pos, ...report } = reconciliationOf(ws);
    return report;
  },
  'vendor.exportReconciliation': async ({ format }, { ws }) => {
    const r = reconciliationOf(ws);
    const negatives = amountDisplayOf(ws).get().negatives;
    // CSV keeps a plain minus (a machine-readable number); XLSX and PDF show negatives as the workspace does.
    const bytes = format === 'csv' ? Buffer.from(vendorReconciliationCsv(r), 'utf8') : format === 'xlsx' ? await vendorReconciliationXlsx(r, negatives) : await vendorReconciliationPdf(r, { negatives, generatedAt: new Date(r.generatedAt) });
    const fileName = `vendor-central-reconciliation-${r.asOf}.${format}`;
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'vendor.export-reconciliation', actor: ws.osUser, subjectType: 'vendor-report', subjectId: r.asOf, detail: { format, fileName, bytes: bytes.byteLength, vendorCodes: r.rows.map((x) => x.vendorCode) } });
    return { fileName, mimeType: MIME[format], contentBase64: bytes.toString('base64'), bytes: bytes.byteLength };
  },
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
  'vendor.run': async (_input, { ws, signal, progress }) => {
    const erpId = (ws.db.prepare(`SELECT DISTINCT erp_connection_id AS id FROM vendor_mapping WHERE kind = 'vendor-code' ORDER BY erp_connection_id`).all() as { id: string }[])
      .map((r) => r.id).find((id) => ws.connections.get(id));
    if (!erpId) throw new ApiFailure('invalid_input', 'Map a vendor code to an ERP customer first: Vendor Central reads the purchase orders of mapped vendor codes only.');
    const amazon = ws.connections.list().find((c) => c.kind === 'amazon');
    if (!amazon) throw new ApiFailure('invalid_input', 'Add the Amazon (vendor) connection under Connections first.');
    const runner = workspaceRunner(ws);
    const job = runner.jobs.list().find((j) => j.kind === 'vendor-central' && j.erpConnectionId === erpId && j.amazonConnectionId === amazon.id)
      ?? runner.jobs.save({ name: 'Vendor Central', kind: 'vendor-central', amazonConnectionId: amazon.id, erpConnectionId: erpId, schedule: { preset: 'daily', time: '06:00' }, timeZone: 'UTC' }, new Date(ws.clock.now()));
    const unsubscribe = ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.callId.startsWith('sync-run:')) {
        const { type: _type, callId: _callId, ...p } = e;
        progress(p);
      }
    });
    const onAbort = () => runner.cancel(job.id);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const { checkpoint: _checkpoint, ...run } = await runner.runNow(job.id);
      return run;
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    }
  },
  'vendor.acknowledge': ({ vendorCode, poNumber, lines }, { ws }) => {
    const outbox = new VendorOutbox(ws.db, ws.audit, now(ws));
    const key = acknowledgementKey(vendorCode, poNumber);
    const entry = acknowledgementsOf(outbox, vendorCode, poNumber).at(-1);
    if (!entry) throw new ApiFailure('not_found', `PO ${poNumber} (vendor code ${vendorCode}) has no acknowledgement to send yet: it is proposed once its sales order is in the ERP.`);
    const decided = lines.map((l) => ({ ...l }));
    // After Amazon's rejection the corrected decision is a new acknowledgement; the rejected one is kept.
    const sent = entry.state === 'rejected'
      ? resendAcknowledgement({ db: ws.db, outbox, reviews: reviewsOf(ws), vendorCode, poNumber, lines: decided, actor: ws.osUser, now: now(ws) }).naturalKey
      : (decideAcknowledgement({ db: ws.db, outbox, amazonConnectionId: entry.connectionId, vendorCode, poNumber, lines: decided, now: now(ws) }), entry.naturalKey);
    ws.audit.record({ kind: 'decision', system: 'app', operation: entry.state === 'rejected' ? 'vendor.acknowledgement-resent' : 'vendor.acknowledgement-decided', subjectType: 'vendor-po', subjectId: key, actor: ws.osUser, connectionId: entry.connectionId, detail: { lines, acknowledgement: sent, ...(entry.state === 'rejected' ? { rejected: entry.naturalKey, rejectedTransaction: entry.result } : {}) } });
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return { ok: true as const };
  },
  'vendor.sendShipment': ({ vendorCode, shipmentNumber, shipFromPartyId }, { ws }) => {
    const outbox = new VendorOutbox(ws.db, ws.audit, now(ws));
    const entry = shipmentEntry(outbox, vendorCode, shipmentNumber);
    sendShipmentConfirmation({ outbox, amazonConnectionId: entry.connectionId, vendorCode, shipmentNumber, shipFromPartyId, now: now(ws) });
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'vendor.shipment-confirmation-sent', subjectType: 'vendor-po', subjectId: entry.subject, actor: ws.osUser, connectionId: entry.connectionId, detail: { shipmentNumber, shipFromPartyId } });
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return { ok: true as const };
  },
  'vendor.shipmentConfirmedElsewhere': ({ vendorCode, shipmentNumber, note }, { ws }) => {
    const outbox = new VendorOutbox(ws.db, ws.audit, now(ws));
    const entry = shipmentEntry(outbox, vendorCode, shipmentNumber);
    markShipmentConfirmedElsewhere({ outbox, amazonConnectionId: entry.connectionId, vendorCode, shipmentNumber, note });
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'vendor.shipment-confirmed-elsewhere', subjectType: 'vendor-po', subjectId: entry.subject, actor: ws.osUser, connectionId: entry.connectionId, detail: { shipmentNumber, note } });
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return { ok: true as const };
  },
  'vendor.acknowledgeMode': ({ erpConnectionId, vendorCode, mode }, { ws }) => {
    if (!ws.connections.get(erpConnectionId)) throw new ApiFailure('not_found', `No connection with id ${erpConnectionId}: it may have been removed.`);
    setAcknowledgeMode(ws.db, erpConnectionId, vendorCode, mode, new Date(ws.clock.now()));
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'vendor.acknowledge-mode', subjectType: 'vendor-code', subjectId: vendorCode, actor: ws.osUser, connectionId: erpConnectionId, detail: { mode } });
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    return { ok: true as const };
  },
  'vendor.mappings': (_input, { ws }) => {
    // Any ERP connection can take Vendor Central mappings; the Amazon ones cannot.
    const connections = ws.connections.list().filter((c) => c.kind !== 'amazon').map((c) => ({ id: c.id, name: c.name }));
    return { connections, mappings: connections.flatMap((c) => new VendorMappings(ws.db, c.id, now(ws)).list().map((m) => ({ erpConnectionId: c.id, ...m }))) };
  },
  'vendor.map': async ({ erpConnectionId, kind, subject, target }, { ws, signal }) => {
    const erp = ws.connections.get(erpConnectionId);
    if (!erp) throw new ApiFailure('not_found', `No connection with id ${erpConnectionId}: it may have been removed.`);
    const list = targetListOf(kind);
    if (list) {
      // What the ERP holds now: the cache is brought up to date (only what changed is read) before the target is checked.
      const cache = new ReferenceCache(ws.db);
      try {
        await cache.refresh(erp.id, await ws.erp.connector(erp.id), { signal, now: now(ws) });
      } catch (err) {
        if (!cache.snapshot(erp.id).refreshedAt[list]) throw new ApiFailure('conflict', `The mapping could not be checked against ${erp.name}: ${errorMessage(err)} Nothing was saved; try again once ${erp.name} answers.`);
      }
      const problem = vendorMappingProblem(kind, subject, target, cache.snapshot(erp.id), erp.name);
      if (problem) throw new ApiFailure('invalid_input', problem);
    }
    const mappings = new VendorMappings(ws.db, erpConnectionId, now(ws));
    mappings.set(kind, subject, target);
    // A PO held for this mapping becomes a sales order (sent with the next run) and its review item closes.
    retryUnmappedPurchaseOrders({ db: ws.db, mappings, outbox: new VendorOutbox(ws.db, ws.audit, now(ws)), reviews: reviewsOf(ws), erpConnectionId });
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return { ok: true as const };
  },
};
