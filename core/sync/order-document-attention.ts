import type { Order } from '../amazon/orders';
import type { AttentionFlow, DeadLetter, DeadLetterStore, RetryResult } from '../attention';
import { PostingLease, PostingLeaseHeld } from '../posting/lease';
import { storedOrder } from '../posting/order-book';
import { orderInvoiceDocument } from '../posting/order-invoices';
import { PostingOutbox, type OutboxEntry, type OutboxEntryOf, type PostingFailure } from '../posting/outbox';
import { runPosting } from '../posting/poster';
import type { OrderInvoiceDocument } from '../posting/posters';
import type { Workspace } from '../workspace/workspace';
import { connectionResources } from './connection-resources';
import { currentOrderMappings } from './order-mappings';
import { fixOf } from './orders-attention';

/** The flow's name under Needs attention: order invoices and credit notes the ERP itself refused. */
export const ORDER_DOCUMENTS_FLOW = 'order-documents';

type OrderEntry = OutboxEntryOf<'salesInvoice'> | OutboxEntryOf<'salesCreditNote'>;
const isOrderEntry = (e: OutboxEntry): e is OrderEntry => e.kind === 'salesInvoice' || e.kind === 'salesCreditNote';

const recordKey = (e: { connectionId: string | null; kind: string; naturalKey: string }) => `${e.connectionId ?? ''}|${e.kind}|${e.naturalKey}`;

/** Which document, in the words of the Orders screen: the Amazon order(s) and refund it carries. */
function documentWords(e: OrderEntry): { what: string; orderIds: string[] } {
  if (e.kind === 'salesInvoice') {
    const s = e.document.summary;
    if (!s) return { what: `Amazon order ${e.document.orderId} as a sales invoice`, orderIds: [e.document.orderId] };
    const shown = s.orderIds.slice(0, 5).join(', ') + (s.orderIds.length > 5 ? ` and ${s.orderIds.length - 5} more` : '');
    return { what: `Summary invoice ${e.document.orderId} of ${s.day} (Amazon orders ${shown})`, orderIds: s.orderIds };
  }
  const s = e.document.summary;
  if (!s) return { what: `Refund ${e.document.refundId} of Amazon order ${e.document.orderId} as a credit note on invoice ${e.document.creditNote.invoiceNumber}`, orderIds: [e.document.orderId] };
  const orderIds = [...new Set(s.refunds.map((r) => r.orderId))];
  return { what: `Summary credit note ${e.document.orderId} of ${s.day} on summary invoice ${s.creditedInvoice} (Amazon orders ${orderIds.slice(0, 5).join(', ')}${orderIds.length > 5 ? ' and more' : ''})`, orderIds };
}

/** What the ERP said, in its words (its code and message), else our connector's account of the failure. */
function erpWords(f: PostingFailure | null): string {
  if (!f) return 'The ERP refused the document without saying why.';
  if (f.erpMessage) return `${f.erpCode ? `${f.erpCode}: ` : ''}${f.erpMessage}${f.line ? ` (line ${f.line})` : ''}`;
  return f.message;
}

/** What the document asked of the ERP, so a person can compare it with what the ERP refused. */
function askedFor(e: OrderEntry): string {
  const doc = e.kind === 'salesInvoice' ? e.document.invoice : e.document.creditNote;
  const items = [...new Set(doc.lines.map((l) => l.itemNumber))];
  const taxCodes = [...new Set(doc.lines.flatMap((l) => (l.tax ? [l.tax.code] : [])))];
  return `customer ${doc.customerNumber}, ${items.length === 1 ? 'item' : 'items'} ${items.join(', ')}${taxCodes.length ? `, tax code ${taxCodes.join(', ')}` : ''}`;
}

/** Whether a retry rebuilds the document from the current mappings: a per-order invoice, from its stored order. */
const rebuildsOnRetry = (e: OrderEntry) => e.kind === 'salesInvoice' && !e.document.summary;

function fixFor(e: OrderEntry, erpName: string): string {
  if (rebuildsOnRetry(e)) {
    return `The document asked ${erpName} for ${askedFor(e)}. Map the SKU, marketplace (customer) or tax code to one ${erpName} has (Mappings, and Order charges for tax), or correct the record in ${erpName} (a blocked customer or item), then retry: the invoice is rebuilt from the order with the current mappings and sent once.`;
  }
  return `The document asked ${erpName} for ${askedFor(e)}. Make ${erpName} take them (the item, customer and tax code must exist there and not be blocked), then retry: the document is sent again as it was built, once; a mapping changed since does not change it. If it should not be sent, cancel it on the Posting screen.`;
}

/**
 * Brings every order invoice and credit note the ERP refused (failed, not retryable: the ERP answered, it was
 * not unreachable) into Needs attention, one item per document, and lets go of those that have since gone
 * through or were cancelled on the Posting screen. A document failed because the ERP could not be reached
 * is not held: the next invoicing run sends it again by itself.
 */
export function collectRefusedOrderDocuments(ws: Workspace, letters: DeadLetterStore): void {
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const refused = outbox.list({ state: 'failed' }).filter(isOrderEntry).filter((e) => !e.retryable);
  const held = new Set<string>();
  for (const e of refused) {
    const key = recordKey(e);
    held.add(key);
    const name = (e.connectionId && ws.connections.get(e.connectionId)?.name) || e.connectionId || 'the ERP';
    const { what, orderIds } = documentWords(e);
    // Held once per refusal: an item still open keeps what its last retry said (a retry records its own words).
    const existing = letters.find(ORDER_DOCUMENTS_FLOW, key);
    if (existing && existing.state !== 'resolved') continue;
    letters.hold({
      flow: ORDER_DOCUMENTS_FLOW, recordKey: key, summary: `${what} in ${name}`, error: `${name} refused it: ${erpWords(e.error)}`, fix: fixFor(e, name),
      facts: { erpConnectionId: e.connectionId, kind: e.kind, naturalKey: e.naturalKey, orderIds },
    });
  }
  for (const l of letters.list({ state: 'open', flow: ORDER_DOCUMENTS_FLOW })) {
    if (held.has(l.recordKey)) continue;
    const e = outbox.get({ connectionId: String(l.facts.erpConnectionId ?? ''), naturalKey: String(l.facts.naturalKey ?? ''), kind: l.facts.kind === 'salesCreditNote' ? 'salesCreditNote' : 'salesInvoice' });
    // Posted (or on its way) since, or cancelled by a person: nothing left for Needs attention. A failure
    // that is retryable now waits for the next run, which sends it by itself.
    if (!e || e.state !== 'failed') letters.clear(ORDER_DOCUMENTS_FLOW, l.recordKey);
  }
}

/**
 * A per-order invoice rebuilt from the order as Amazon last gave it, with the connection's mappings now
 * (the fix a person made). Summary invoices and credit notes are replayed as built: they carry several
 * orders' or a refund's lines that no single stored record rebuilds (UNVERIFIED that a mapping fix needs no
 * rebuild for them; the item says so).
 */
function rebuilt(ws: Workspace, e: OrderEntry, erpName: string): { document?: OrderInvoiceDocument } | { refused: RetryResult } {
  if (e.kind !== 'salesInvoice' || !rebuildsOnRetry(e)) return {};
  const stored = storedOrder(ws.db, e.document.orderId);
  if (!stored) return {};
  const built = orderInvoiceDocument(stored.data as unknown as Order, currentOrderMappings(ws, e.connectionId!, erpName));
  if ('reasons' in built) return { refused: { ok: false, error: built.reasons.join(' '), fix: fixOf(built.unmapped) } };
  return { document: built };
}

/**
 * Retry: the refused document goes through the outbox once more, now, under the posting lease. A document
 * that went through meanwhile (or was cancelled) is left alone, and the poster looks the document's key up
 * in the ERP before creating it, so a second retry, or one racing the invoicing run, never creates it twice.
 */
async function retryDocument(ws: Workspace, letter: DeadLetter): Promise<RetryResult> {
  const connectionId = String(letter.facts.erpConnectionId ?? '');
  const naturalKey = String(letter.facts.naturalKey ?? '');
  const kind = letter.facts.kind === 'salesCreditNote' ? 'salesCreditNote' : 'salesInvoice';
  const outbox = new PostingOutbox(ws.db, ws.audit, () => new Date(ws.clock.now()));
  const entry = outbox.get({ connectionId, naturalKey, kind });
  if (!entry || !isOrderEntry(entry)) return { ok: false, error: `The document ${naturalKey} is no longer in the posting outbox.`, fix: 'Nothing to retry; the order is read again when Amazon updates it.' };
  if (entry.state !== 'failed') return { ok: true };
  const connection = ws.connections.get(connectionId);
  if (!connection) return { ok: false, error: `The ERP connection ${connectionId} no longer exists.`, fix: 'Cancel the document on the Posting screen.' };
  const rebuild = rebuilt(ws, entry, connection.name);
  if ('refused' in rebuild) return rebuild.refused;
  let lease;
  try {
    lease = new PostingLease(ws.db, { now: () => new Date(ws.clock.now()) }).acquire(ws.osUser, `retrying ${naturalKey} in ${connection.name}`);
  } catch (err) {
    if (err instanceof PostingLeaseHeld) return { ok: false, error: `${err.message} Nothing was sent; retry once it is done.` };
    throw err;
  }
  try {
    const erp = await connectionResources(ws).erpConnector(connectionId);
    outbox.replay(entry, rebuild.document, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'posting' });
    await runPosting(outbox, connectionId, erp, { only: new Set([naturalKey]), leaseLost: () => !lease.renew() });
    ws.events.emit({ type: 'changed', topic: 'posting' });
  } finally {
    lease.release();
  }
  const after = outbox.get({ connectionId, naturalKey, kind });
  if (after?.state === 'posted' || after?.state === 'awaiting') return { ok: true };
  if (after?.state === 'failed' && after.retryable) return { ok: false, error: `${connection.name} could not be reached: ${erpWords(after.error)} The next invoicing run sends it again by itself.` };
  if (after?.state === 'failed') return { ok: false, error: `${connection.name} refused it: ${erpWords(after.error)}`, fix: fixFor(after as OrderEntry, connection.name) };
  return { ok: false, error: `The document ${naturalKey} was not sent (it is ${after?.state ?? 'gone'}); the next invoicing run sends it.` };
}

/** The flow under Needs attention and on the Dashboard: moved = posted in the ERP, waiting = queued or being sent. */
export function orderDocumentsAttentionFlow(ws: Workspace, letters: DeadLetterStore, lastRun: () => { at: string; status: string } | null): AttentionFlow {
  const count = (states: string) => (ws.db.prepare(`SELECT COUNT(*) AS n FROM posting_outbox WHERE kind IN ('salesInvoice', 'salesCreditNote') AND state IN (${states})`).get() as { n: number }).n;
  return {
    flow: ORDER_DOCUMENTS_FLOW,
    label: 'Order invoices and credit notes in the ERP',
    screen: 'orders',
    retry: (letter) => retryDocument(ws, letter),
    collect: () => collectRefusedOrderDocuments(ws, letters),
    activity: () => ({ lastRun: lastRun(), moved: count("'posted'"), waiting: count("'pending', 'posting', 'awaiting'") }),
  };
}
