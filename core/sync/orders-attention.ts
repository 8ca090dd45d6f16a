import type { Order } from '../amazon/orders';
import type { AttentionFlow, AttentionFlows, DeadLetter, DeadLetterStore, RetryResult } from '../attention';
import { ORDER_CHARGE_NAMES, type OrderCharge } from '../mapping/order-charge-mapping';
import { recordDecision, storedOrder } from '../posting/order-book';
import { enqueueOrderInvoices, type UnmappedForOrders } from '../posting/order-invoices';
import { closeSummaryDays, readThroughDay } from '../posting/order-summary-invoices';
import { PostingOutbox } from '../posting/outbox';
import type { Workspace } from '../workspace/workspace';
import { currentOrderMappings } from './order-mappings';

/** The flow's name under Needs attention and on the Dashboard. */
export const ORDERS_FLOW = 'order-invoices';

const recordKey = (erpConnectionId: string, orderId: string) => `${erpConnectionId}|${orderId}`;

export function fixOf(unmapped: UnmappedForOrders): string {
  const what = [
    ...(unmapped.marketplaces.length ? [`marketplace ${unmapped.marketplaces.join(', ')} to a customer`] : []),
    ...(unmapped.skus.length ? [`SKU ${unmapped.skus.join(', ')} to ${unmapped.skus.length === 1 ? 'an item' : 'items'}`] : []),
  ];
  const charges = unmapped.charges?.length ? `Map ${unmapped.charges.map((c) => ORDER_CHARGE_NAMES[c].toLowerCase()).join(', ')} under Order charges; it is retried once mapped.` : '';
  if (!what.length) return charges || 'Correct what the reasons say, then retry.';
  return `Map ${what.join(' and ')} under Mappings, then retry.${charges ? ` ${charges}` : ''}`;
}

/** The way to the order charge mappings of the connection, where the order's charges are unmapped. */
const chargeFix = (unmapped: UnmappedForOrders, erpConnectionId: string) =>
  (unmapped.charges?.length ? { kind: 'map-order-charges', label: 'Map order charges', params: { connectionId: erpConnectionId } } : null);

interface DecisionRow { order_id: string; outcome: string; reasons: string; unmapped: string }

/**
 * Refused order invoices under Needs attention: after an invoicing run, every order the run refused for an
 * ERP connection is held with its reasons and what to map; one since queued leaves the list. A retry
 * decides the order again from what Amazon said of it, with today's mappings: the outbox's natural key
 * makes sure it is queued once, and the invoicing run posts it.
 */
export function holdRefusedOrders(ws: Workspace, letters: DeadLetterStore, erpConnectionId: string): void {
  const name = ws.connections.get(erpConnectionId)?.name ?? erpConnectionId;
  const rows = ws.db.prepare(`SELECT d.order_id, d.outcome, d.reasons, d.unmapped FROM order_invoice_decision d
    WHERE d.erp_connection_id = @c AND (d.outcome = 'refused' OR EXISTS (SELECT 1 FROM dead_letter l WHERE l.flow = @flow AND l.record_key = @c || '|' || d.order_id AND l.state = 'open'))`)
    .all({ c: erpConnectionId, flow: ORDERS_FLOW }) as DecisionRow[];
  for (const r of rows) {
    if (r.outcome !== 'refused') {
      letters.clear(ORDERS_FLOW, recordKey(erpConnectionId, r.order_id));
      continue;
    }
    letters.hold({
      flow: ORDERS_FLOW, recordKey: recordKey(erpConnectionId, r.order_id), summary: `Amazon order ${r.order_id} as a sales invoice in ${name}`,
      error: (JSON.parse(r.reasons) as string[]).join(' '), fix: fixOf(JSON.parse(r.unmapped) as UnmappedForOrders), facts: { erpConnectionId, orderId: r.order_id },
      fixAction: chargeFix(JSON.parse(r.unmapped) as UnmappedForOrders, erpConnectionId),
    });
  }
}

/**
 * Once a charge is mapped, the orders held for want of it are decided again: those it answers are queued
 * and leave Needs attention by themselves; one still missing something stays, saying what.
 */
export async function retryOrdersAwaitingCharge(ws: Workspace, attention: { letters: DeadLetterStore; flows: AttentionFlows }, erpConnectionId: string, charge: OrderCharge): Promise<number> {
  const waiting = new Set((ws.db.prepare(`SELECT order_id FROM order_invoice_decision d WHERE erp_connection_id = ? AND outcome = 'refused'
    AND EXISTS (SELECT 1 FROM json_each(d.unmapped, '$.charges') c WHERE c.value = ?)`).all(erpConnectionId, charge) as { order_id: string }[]).map((r) => recordKey(erpConnectionId, r.order_id)));
  let resolved = 0;
  for (const letter of attention.letters.list({ state: 'open', flow: ORDERS_FLOW })) {
    if (!waiting.has(letter.recordKey)) continue;
    if ((await attention.flows.retry(letter.id, ws.osUser)).outcome === 'resolved') resolved++;
  }
  return resolved;
}

async function retryOrder(ws: Workspace, letter: DeadLetter): Promise<RetryResult> {
  const erpConnectionId = String(letter.facts.erpConnectionId ?? '');
  const orderId = String(letter.facts.orderId ?? '');
  const stored = storedOrder(ws.db, orderId);
  if (!stored) return { ok: false, error: `Amazon order ${orderId} is no longer stored; the next invoicing run reads it again if Amazon updates it.` };
  const connection = ws.connections.get(erpConnectionId);
  if (!connection) return { ok: false, error: `The ERP connection ${erpConnectionId} no longer exists.`, fix: 'Nothing to retry: the order is not invoiced anywhere.' };
  const [decision] = ws.db.transaction(() => {
    const outbox = new PostingOutbox(ws.db, ws.audit);
    const decided = enqueueOrderInvoices({
      db: ws.db, audit: ws.audit, outbox, connectionId: erpConnectionId, connectionName: connection.name,
      mappings: currentOrderMappings(ws, erpConnectionId, connection.name),
      actor: ws.osUser, now: () => new Date(ws.clock.now()),
    }, [stored.data as unknown as Order]);
    for (const d of decided) recordDecision(ws.db, erpConnectionId, d, new Date(ws.clock.now()));
    // A late order of a day already read to its end goes on a further summary of that day at once.
    const through = readThroughDay(ws.db, erpConnectionId);
    if (through) closeSummaryDays({ db: ws.db, audit: ws.audit, outbox, connectionId: erpConnectionId, actor: ws.osUser }, through);
    return decided;
  })();
  if (decision?.outcome === 'refused') return { ok: false, error: decision.reasons.join(' '), fix: fixOf(decision.unmapped) };
  if (decision?.outcome === 'enqueued') ws.events.emit({ type: 'changed', topic: 'posting' });
  return { ok: true };
}

export function ordersAttentionFlow(ws: Workspace, lastRun: () => { at: string; status: string } | null): AttentionFlow {
  return {
    flow: ORDERS_FLOW,
    label: 'Amazon orders as ERP invoices',
    screen: 'orders',
    retry: (letter) => retryOrder(ws, letter),
    activity: () => {
      const count = (outcome: string) => (ws.db.prepare('SELECT COUNT(*) AS n FROM order_invoice_decision WHERE outcome = ?').get(outcome) as { n: number }).n;
      return { lastRun: lastRun(), moved: count('queued'), waiting: count('not-shipped') };
    },
  };
}
