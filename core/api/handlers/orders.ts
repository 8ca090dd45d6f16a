import { marketplaceById } from '../../amazon/marketplaces';
import { cancelledSummariesOf } from '../../posting/cancelled-summaries';
import { decisionsOf, findOrderIds, storedOrder, type StoredOrder } from '../../posting/order-book';
import { PostingOutbox, type OutboxEntry } from '../../posting/outbox';
import { documentTotal as linesTotal } from '../../posting/order-invoices';
import { OrderChargeMappings } from '../../mapping/order-charge-mapping';
import { checkChargeTarget } from '../../mapping/order-charge-targets';
import { ReferenceCache } from '../../mapping/reference-cache';
import { workspaceAttention } from '../../sync/attention-registry';
import { retryOrdersAwaitingCharge } from '../../sync/orders-attention';
import { erpKind } from '../../erp/registry';
import type { Workspace } from '../../workspace/workspace';
import type { OrderView } from '../calls/orders';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';
import { jobHandlers } from './jobs';
import { workspaceRunner } from '../../sync/workspace-runner';

type OrderCall = 'orders.find' | 'orders.invoiceNow' | 'orders.chargeMappings' | 'orders.setChargeMapping' | 'orders.removeChargeMapping';

interface ItemView { orderItemId: string; quantityOrdered: number; product?: { sellerSku?: unknown; title?: unknown; price?: { unitPrice?: { amount?: unknown; currencyCode?: unknown } } } }
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function amazonView(o: StoredOrder): NonNullable<OrderView['amazon']> {
  const data = o.data as { salesChannel?: { marketplaceName?: unknown }; orderItems?: ItemView[] };
  return {
    marketplaceId: o.marketplaceId,
    marketplaceName: str(data.salesChannel?.marketplaceName) ?? (o.marketplaceId ? marketplaceById(o.marketplaceId)?.domain ?? null : null),
    fulfillmentStatus: o.fulfillmentStatus,
    createdTime: o.createdTime,
    lastUpdatedTime: o.lastUpdatedTime,
    items: (data.orderItems ?? []).map((i) => ({
      orderItemId: i.orderItemId,
      sku: str(i.product?.sellerSku),
      title: str(i.product?.title),
      quantityOrdered: i.quantityOrdered,
      unitPrice: str(i.product?.price?.unitPrice?.amount),
      currency: str(i.product?.price?.unitPrice?.currencyCode),
    })),
  };
}

/** An order's documents: every kind but the settlement journal. */
type OrderEntry = Exclude<OutboxEntry, { kind: 'journal' | 'settlementPayment' }>;
const isOrderEntry = (e: OutboxEntry): e is OrderEntry => e.kind !== 'journal' && e.kind !== 'settlementPayment';

function documentTotal(e: OrderEntry): { total: number; currency: string } {
  if (e.kind === 'salesCreditNote') return { total: linesTotal(e.document.creditNote.lines), currency: e.document.creditNote.currency };
  return { total: linesTotal(e.document.invoice.lines), currency: e.document.invoice.currency };
}

function settlementsOf(ws: Workspace, orderId: string): OrderView['settlements'] {
  const rows = ws.db.prepare(`SELECT v.settlement_id, v.version, l.currency, SUM(l.amount) AS amount, COUNT(*) AS n, GROUP_CONCAT(DISTINCT l.transaction_type) AS types
    FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id AND v.status = 'current'
    WHERE l.order_id = ? GROUP BY v.id, l.currency ORDER BY v.end_date, v.settlement_id`).all(orderId) as { settlement_id: string; version: number; currency: string; amount: number; n: number; types: string }[];
  return rows.map((r) => ({ settlementId: r.settlement_id, version: r.version, currency: r.currency, amount: r.amount, lineCount: r.n, transactionTypes: r.types.split(',') }));
}

/** The order's standing, worst news first among what its ERP documents and decisions say. */
function statusOf(v: Omit<OrderView, 'status' | 'statusText'>): Pick<OrderView, 'status' | 'statusText'> {
  const invoices = v.documents.filter((d) => d.kind === 'salesInvoice' && d.state !== 'cancelled' && d.state !== 'cancelled-in-erp');
  const voided = v.documents.filter((d) => d.state === 'cancelled-in-erp').map((d) => ` Summary invoice ${d.erpDocumentNumber ?? d.naturalKey} was cancelled in ${d.connectionName}; the order went on a further summary.`).join('');
  const status = statusBeforeVoids(v, invoices);
  return voided ? { ...status, statusText: status.statusText + voided } : status;
}

/** The standing from the documents that count, a summary cancelled in the ERP aside. */
function statusBeforeVoids(v: Omit<OrderView, 'status' | 'statusText'>, invoices: OrderView['documents']): Pick<OrderView, 'status' | 'statusText'> {
  const failed = invoices.find((d) => d.state === 'failed');
  if (failed) return { status: 'failed', statusText: `${failed.connectionName} refused the invoice: ${failed.error ?? 'no reason given'}` };
  const refused = v.decisions.find((d) => d.outcome === 'refused');
  if (refused) return { status: 'refused', statusText: `Not invoiced in ${refused.connectionName}: ${refused.reasons.join(' ')}` };
  const posted = invoices.filter((d) => d.state === 'posted');
  if (posted.length && posted.length === invoices.length) return { status: 'invoiced', statusText: `Invoiced: ${posted.map((d) => `${d.erpDocumentNumber} in ${d.connectionName}`).join(', ')}.` };
  if (invoices.length) return { status: 'queued', statusText: `Invoice queued for ${invoices.filter((d) => d.state !== 'posted').map((d) => d.connectionName).join(', ')}; the next invoicing run posts it.` };
  if (v.decisions.some((d) => d.outcome === 'cancelled')) return { status: 'cancelled', statusText: 'Cancelled by the buyer or Amazon: never invoiced.' };
  if (v.decisions.some((d) => d.outcome === 'not-shipped')) return { status: 'not-shipped', statusText: 'Not shipped yet: invoiced once Amazon says it shipped.' };
  if (!v.amazon) return { status: 'settlement-only', statusText: 'In a settlement, not read from Amazon as an order: booked through its settlement.' };
  return { status: 'read', statusText: 'Read from Amazon; no ERP connection takes orders as invoices, so its settlement books it.' };
}

export function orderView(ws: Workspace, orderId: string, names: ReadonlyMap<string, string>): OrderView {
  const stored = storedOrder(ws.db, orderId);
  const name = (id: string | null) => (id ? names.get(id) ?? id : '');
  const outbox = new PostingOutbox(ws.db, ws.audit);
  // A summary invoice that carries the order is one of its documents too.
  const members = ws.db.prepare(`SELECT erp_connection_id, summary_key, amount FROM order_summary_member WHERE order_id = ? AND summary_key IS NOT NULL
    UNION ALL SELECT erp_connection_id, summary_key, SUM(amount) FROM order_summary_refund WHERE order_id = ? GROUP BY erp_connection_id, summary_key`)
    .all(orderId, orderId) as { erp_connection_id: string; summary_key: string; amount: number }[];
  const shareOf = new Map(members.map((m) => [`${m.erp_connection_id}|${m.summary_key}`, m.amount]));
  // A summary a person cancelled in the ERP stays among the order's documents, marked so.
  const voided = cancelledSummariesOf(ws.db, orderId);
  const ownShare = ws.db.prepare('SELECT amount FROM order_summary_member WHERE erp_connection_id = ? AND order_id = ?');
  for (const v of voided) shareOf.set(`${v.connectionId}|${v.summaryKey}`, (ownShare.get(v.connectionId, orderId) as { amount: number } | undefined)?.amount ?? 0);
  const isVoided = new Set(voided.map((v) => `${v.connectionId}|${v.summaryKey}`));
  const summaries = [...voided.map((v) => ({ summary_key: v.summaryKey, erp_connection_id: v.connectionId })), ...members]
    .flatMap((r) => outbox.list({ settlementId: r.summary_key, connectionId: r.erp_connection_id }));
  const documents = [...summaries, ...outbox.list({ settlementId: orderId })].filter(isOrderEntry).map((e) => {
    const share = shareOf.get(`${e.connectionId ?? ''}|${e.settlementId}`);
    return {
      connectionId: e.connectionId ?? '', connectionName: name(e.connectionId), kind: e.kind, naturalKey: e.naturalKey,
      state: isVoided.has(`${e.connectionId ?? ''}|${e.settlementId}`) ? 'cancelled-in-erp' : e.state,
      erpDocumentNumber: e.erpDocumentNumber, ...documentTotal(e), ...(share !== undefined ? { orderAmount: share } : {}), error: e.error?.message ?? null, updatedAt: e.updatedAt,
    };
  });
  const decisions = decisionsOf(ws.db, orderId).map((d) => ({
    connectionId: d.erpConnectionId, connectionName: name(d.erpConnectionId), outcome: d.outcome, reasons: d.reasons, unmapped: d.unmapped, decidedAt: d.decidedAt,
  }));
  const settlements = settlementsOf(ws, orderId);
  const skus = stored?.skus ?? (ws.db.prepare(`SELECT DISTINCT l.sku FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id AND v.status = 'current'
    WHERE l.order_id = ? AND l.sku IS NOT NULL AND l.sku <> ''`).all(orderId) as { sku: string }[]).map((r) => r.sku);
  const view = { orderId, amazon: stored ? amazonView(stored) : null, skus, documents, decisions, settlements };
  const waiting = ws.db.prepare('SELECT erp_connection_id, day FROM order_summary_member WHERE order_id = ? AND summary_key IS NULL').all(orderId) as { erp_connection_id: string; day: string }[];
  if (waiting.length && !documents.some((d) => d.kind === 'salesInvoice')) {
    return { ...view, status: 'queued', statusText: `Waits for the summary invoice of its marketplace for ${waiting[0]!.day} in ${waiting.map((w) => name(w.erp_connection_id)).join(', ')}, made once that day is read to its end.` };
  }
  return { ...view, ...statusOf(view) };
}

/** The Amazon connection's order-invoicing job; one is added (hourly, off until a person enables it) when there is none. */
function invoicingJobOf(ws: Workspace, amazonConnectionId: string): string {
  const c = ws.connections.get(amazonConnectionId);
  if (!c || c.kind !== 'amazon') throw new ApiFailure('not_found', `There is no Amazon connection with id ${amazonConnectionId}.`);
  const jobs = workspaceRunner(ws).jobs;
  const existing = jobs.list().find((j) => j.kind === 'order-invoicing' && j.amazonConnectionId === amazonConnectionId);
  if (existing) return existing.id;
  const job = jobs.save({
    name: `Order invoicing (${c.name})`, kind: 'order-invoicing', amazonConnectionId, erpConnectionId: null,
    schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC', enabled: false,
  }, new Date(ws.clock.now()));
  ws.audit.record({ kind: 'decision', system: 'app', operation: 'sync.job-added', actor: ws.osUser, subjectType: 'sync_job', subjectId: job.id, detail: { name: job.name, kind: job.kind, amazonConnectionId, enabled: false, why: 'orders.invoiceNow' } });
  ws.events.emit({ type: 'changed', topic: 'jobs' });
  return job.id;
}

export const orderHandlers: Pick<Handlers, OrderCall> = {
  'orders.find': ({ query, limit }, { ws }) => {
    const names = new Map(ws.connections.list().map((c) => [c.id, c.name]));
    return findOrderIds(ws.db, query, limit).map((id) => orderView(ws, id, names));
  },

  'orders.invoiceNow': ({ amazonConnectionId }, ctx) => jobHandlers['jobs.runNow']({ id: invoicingJobOf(ctx.ws, amazonConnectionId) }, ctx),

  'orders.chargeMappings': ({ connectionId }, { ws }) => chargeMappingsOf(ws, erpConnection(ws, connectionId)),

  'orders.setChargeMapping': async ({ connectionId, mapping }, { ws }) => {
    const id = erpConnection(ws, connectionId);
    const check = checkChargeTarget(new ReferenceCache(ws.db).snapshot(id), mapping, ws.connections.get(id)?.name ?? id);
    if (check.refusal) throw new ApiFailure('invalid_input', `${check.refusal} Nothing was saved.`);
    new OrderChargeMappings(ws.db, ws.audit, () => new Date(ws.clock.now())).set(id, mapping, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    if (await retryOrdersAwaitingCharge(ws, workspaceAttention(ws), id, mapping.charge)) ws.events.emit({ type: 'changed', topic: 'posting' });
    return chargeMappingsOf(ws, id);
  },

  'orders.removeChargeMapping': ({ connectionId, charge, marketplace }, { ws }) => {
    const store = new OrderChargeMappings(ws.db, ws.audit, () => new Date(ws.clock.now()));
    store.remove(erpConnection(ws, connectionId), { charge, marketplace }, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    return chargeMappingsOf(ws, connectionId);
  },
};

/** The connection's charge mappings, each with its target's name in the ERP where the app reads it. */
function chargeMappingsOf(ws: Workspace, connectionId: string) {
  const snapshot = new ReferenceCache(ws.db).snapshot(connectionId);
  const erpName = ws.connections.get(connectionId)?.name ?? connectionId;
  return new OrderChargeMappings(ws.db, ws.audit).list(connectionId).map((m) => ({ ...m, targetName: checkChargeTarget(snapshot, m, erpName).name }));
}

/** The id of an ERP connection of the workspace, or a refusal naming the one asked for. */
function erpConnection(ws: Workspace, connectionId: string): string {
  const c = ws.connections.get(connectionId);
  if (!c || !erpKind(c.kind)) throw new ApiFailure('not_found', `There is no ERP connection ${connectionId}; order charges are mapped per ERP connection.`);
  return c.id;
}
