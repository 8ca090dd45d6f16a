import type { PurchaseOrder } from '../amazon/vendor';
import type { OrderAcknowledgement, RejectionReason, VendorItemQuantity } from '../amazon/vendor-acknowledgements';
import type { StockAndPriceReading } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import type { Db } from '../store';
import { changedAtOf, detailsOf } from './purchase-order-document';
import type { SalesOrderIntent } from './purchase-order-intake';
import type { VendorOutbox } from './vendor-outbox';

/** One PO line's answer, in the unit Amazon ordered it in (cases or eaches); the three add up to what was ordered. */
export interface AcknowledgementLine {
  itemSequenceNumber: string;
  itemNumber: string | null;
  ordered: VendorItemQuantity;
  accepted: number;
  backordered: number;
  rejected: number;
  rejectionReason: RejectionReason | null;
}

/**
 * An acknowledgement in the vendor outbox (Amazon connection, key vendor code + PO): held while it is a
 * proposal a person confirms, pending once decided, then sent once and its transaction read back.
 */
export interface AcknowledgementIntent {
  vendorCode: string;
  poNumber: string;
  /** The PO as it was when proposed: a changed PO refreshes a proposal nobody has sent yet. */
  changedAt: string;
  /** availability: from the ERP's stock when proposed; user: as a person decided it. */
  decidedBy: 'availability' | 'user';
  /** Where stock was read, what it said per item (eaches), so the person sees why. */
  stock: Record<string, number> | null;
  lines: AcknowledgementLine[];
  acknowledgement: OrderAcknowledgement;
}

export type AcknowledgeMode = 'by-user' | 'from-availability';

export const acknowledgementKey = (vendorCode: string, poNumber: string) => `${vendorCode}:${poNumber}`;

export class AcknowledgementError extends DomainError {
  constructor(message: string, code: 'not_found' | 'conflict' | 'invalid_input' = 'conflict') {
    super(code, message);
  }
}

export function acknowledgeMode(db: Db, erpConnectionId: string, vendorCode: string): AcknowledgeMode {
  const row = db.prepare('SELECT mode FROM vendor_acknowledge_mode WHERE erp_connection_id = ? AND vendor_code = ?').get(erpConnectionId, vendorCode) as { mode: AcknowledgeMode } | undefined;
  return row?.mode ?? 'by-user';
}

export function setAcknowledgeMode(db: Db, erpConnectionId: string, vendorCode: string, mode: AcknowledgeMode, at: Date): void {
  db.prepare(`INSERT INTO vendor_acknowledge_mode (erp_connection_id, vendor_code, mode, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (erp_connection_id, vendor_code) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`).run(erpConnectionId, vendorCode, mode, at.toISOString());
}

interface PoItem {
  itemSequenceNumber?: string;
  amazonProductIdentifier?: string;
  vendorProductIdentifier?: string;
  orderedQuantity?: { amount?: number; unitOfMeasure?: string; unitSize?: number };
  isBackOrderAllowed?: boolean;
  netCost?: { currencyCode?: string; amount?: string };
}

const quantityOf = (q: PoItem['orderedQuantity']): VendorItemQuantity => ({
  amount: q?.amount ?? 0, unitOfMeasure: q?.unitOfMeasure === 'Cases' ? 'Cases' : 'Eaches', ...(q?.unitSize ? { unitSize: q.unitSize } : {}),
});
const eachesPer = (q: VendorItemQuantity) => (q.unitOfMeasure === 'Cases' ? q.unitSize ?? 1 : 1);

/** The OrderAcknowledgement of vendorOrders.json for these lines (zero quantities left out: "This value should not be zero"). */
export function acknowledgementOf(po: PurchaseOrder, vendorCode: string, lines: readonly AcknowledgementLine[], at: Date): OrderAcknowledgement {
  const items = ((detailsOf(po).items ?? []) as PoItem[]);
  return {
    purchaseOrderNumber: po.purchaseOrderNumber,
    sellingParty: { partyId: vendorCode },
    acknowledgementDate: at.toISOString(),
    items: lines.map((l) => {
      const item = items.find((i) => i.itemSequenceNumber === l.itemSequenceNumber) ?? {};
      const q = (amount: number): VendorItemQuantity => ({ ...l.ordered, amount });
      return {
        itemSequenceNumber: l.itemSequenceNumber,
        ...(item.amazonProductIdentifier ? { amazonProductIdentifier: item.amazonProductIdentifier } : {}),
        ...(item.vendorProductIdentifier ? { vendorProductIdentifier: item.vendorProductIdentifier } : {}),
        orderedQuantity: l.ordered,
        netCost: { currencyCode: item.netCost?.currencyCode ?? '', amount: item.netCost?.amount ?? '' },
        itemAcknowledgements: [
          ...(l.accepted ? [{ acknowledgementCode: 'Accepted' as const, acknowledgedQuantity: q(l.accepted) }] : []),
          ...(l.backordered ? [{ acknowledgementCode: 'Backordered' as const, acknowledgedQuantity: q(l.backordered) }] : []),
          ...(l.rejected ? [{ acknowledgementCode: 'Rejected' as const, acknowledgedQuantity: q(l.rejected), rejectionReason: l.rejectionReason ?? 'TemporarilyUnavailable' }] : []),
        ],
      };
    }),
  };
}

/**
 * Each line from what the ERP has in stock, taken in turn so two lines (or two POs) of one item do not
 * promise the same units: what is there is accepted, the rest backordered where Amazon allows a backorder
 * (isBackOrderAllowed) and rejected as temporarily unavailable where it does not. Stock is the ERP's
 * inventory on hand; what its other open orders will take is not subtracted.
 */
export function proposeFromStock(po: PurchaseOrder, so: SalesOrderIntent, stock: Map<string, number>): AcknowledgementLine[] {
  return ((detailsOf(po).items ?? []) as PoItem[]).filter((i) => (i.orderedQuantity?.amount ?? 0) > 0).map((i) => {
    const seq = i.itemSequenceNumber ?? '';
    const itemNumber = so.lines.find((l) => l.itemSequenceNumber === seq)?.itemNumber ?? null;
    const ordered = quantityOf(i.orderedQuantity);
    const per = eachesPer(ordered);
    const onHand = itemNumber ? stock.get(itemNumber) ?? 0 : 0;
    const accepted = Math.min(ordered.amount, Math.floor(Math.max(onHand, 0) / per));
    if (itemNumber) stock.set(itemNumber, onHand - accepted * per);
    const rest = ordered.amount - accepted;
    const backorder = i.isBackOrderAllowed === true;
    return {
      itemSequenceNumber: seq, itemNumber, ordered, accepted,
      backordered: backorder ? rest : 0, rejected: backorder ? 0 : rest, rejectionReason: !backorder && rest ? 'TemporarilyUnavailable' : null,
    };
  });
}

/**
 * Proposes an acknowledgement for each New PO whose sales order the ERP holds and that has none yet, from
 * the ERP's stock: sent by the next step where the vendor code is set to acknowledge from availability,
 * else held for a person to confirm or change. A proposal nobody sent yet follows a changed PO.
 */
export async function proposeAcknowledgements(o: {
  db: Db; outbox: VendorOutbox; erp: StockAndPriceReading | null; erpConnectionId: string; amazonConnectionId: string; now: () => Date; signal?: AbortSignal;
}): Promise<{ proposed: string[]; queued: string[] }> {
  const acks = new Map(o.outbox.list<AcknowledgementIntent>({ connectionId: o.amazonConnectionId, kind: 'acknowledgement' }).map((e) => [e.naturalKey, e]));
  const work: Array<{ so: SalesOrderIntent; po: PurchaseOrder }> = [];
  // A proposal nobody sent for a PO Amazon cancelled since is withdrawn: there is nothing left to acknowledge.
  for (const e of o.outbox.list<SalesOrderIntent>({ connectionId: o.erpConnectionId, kind: 'sales-order', state: 'cancelled' })) {
    const held = acks.get(acknowledgementKey(e.document.vendorCode, e.document.poNumber));
    if (held?.state === 'held') o.outbox.move(held, ['held'], 'cancelled', { detail: { reason: 'Amazon cancelled the PO.' } });
  }
  for (const e of o.outbox.list<SalesOrderIntent>({ connectionId: o.erpConnectionId, kind: 'sales-order', state: 'sent' })) {
    const so = e.document;
    const row = o.db.prepare('SELECT body FROM vendor_purchase_order WHERE amazon_connection_id = ? AND vendor_code = ? AND po_number = ?').get(o.amazonConnectionId, so.vendorCode, so.poNumber) as { body: string } | undefined;
    if (!row) continue;
    const po = JSON.parse(row.body) as PurchaseOrder;
    const ack = acks.get(acknowledgementKey(so.vendorCode, so.poNumber));
    if (po.purchaseOrderState !== 'New' || (ack && (ack.state !== 'held' || ack.document.changedAt === changedAtOf(po)))) continue;
    work.push({ so, po });
  }
  const out = { proposed: [] as string[], queued: [] as string[] };
  if (!work.length) return out;
  const items = [...new Set(work.flatMap((w) => w.so.lines.map((l) => l.itemNumber)))];
  const levels = o.erp ? await o.erp.readStock(items, o.signal) : null;
  const stock = new Map((levels ?? []).map((s) => [s.itemNumber, s.quantity]));
  const read = levels ? Object.fromEntries(stock) : null;
  for (const { so, po } of work) {
    const key = acknowledgementKey(so.vendorCode, so.poNumber);
    const lines = proposeFromStock(po, so, stock);
    const intent: AcknowledgementIntent = {
      vendorCode: so.vendorCode, poNumber: so.poNumber, changedAt: changedAtOf(po), decidedBy: 'availability', stock: read, lines,
      acknowledgement: acknowledgementOf(po, so.vendorCode, lines, o.now()),
    };
    const send = levels !== null && acknowledgeMode(o.db, o.erpConnectionId, so.vendorCode) === 'from-availability';
    const held = acks.get(key);
    if (held) {
      o.outbox.move(held, ['held'], send ? 'pending' : 'held', { document: intent });
    } else {
      o.outbox.enqueue(o.amazonConnectionId, 'acknowledgement', key, key, intent, send ? 'pending' : 'held');
    }
    (send ? out.queued : out.proposed).push(key);
  }
  return out;
}

export type AcknowledgementDecision = Array<{ itemSequenceNumber: string; accepted: number; backordered: number; rejected: number; rejectionReason?: RejectionReason }>;

/** A person's decision over the proposed lines: every line answered, its three quantities adding up to what Amazon ordered. */
export function decidedLines(poNumber: string, proposed: readonly AcknowledgementLine[], decision: AcknowledgementDecision): AcknowledgementLine[] {
  return proposed.map((l) => {
    const d = decision.find((x) => x.itemSequenceNumber === l.itemSequenceNumber);
    if (!d) throw new AcknowledgementError(`PO ${poNumber}, item ${l.itemSequenceNumber}: say how much is accepted, backordered and rejected.`, 'invalid_input');
    const counts = [d.accepted, d.backordered, d.rejected];
    if (counts.some((n) => !Number.isInteger(n) || n < 0) || counts.reduce((s, n) => s + n, 0) !== l.ordered.amount) {
      throw new AcknowledgementError(`PO ${poNumber}, item ${l.itemSequenceNumber}: accepted ${d.accepted} + backordered ${d.backordered} + rejected ${d.rejected} must make the ${l.ordered.amount} ${l.ordered.unitOfMeasure.toLowerCase()} Amazon ordered.`, 'invalid_input');
    }
    return { ...l, accepted: d.accepted, backordered: d.backordered, rejected: d.rejected, rejectionReason: d.rejected ? d.rejectionReason ?? 'TemporarilyUnavailable' : null };
  });
}

/**
 * A person's answer to a proposed acknowledgement: every line of the proposal, its three quantities adding
 * up to what Amazon ordered. It is queued to be sent once; a decision already queued or sent is not changed.
 */
export function decideAcknowledgement(o: { db: Db; outbox: VendorOutbox; amazonConnectionId: string; vendorCode: string; poNumber: string; lines: AcknowledgementDecision; now: () => Date }): AcknowledgementIntent {
  const key = acknowledgementKey(o.vendorCode, o.poNumber);
  const entry = o.outbox.get<AcknowledgementIntent>(o.amazonConnectionId, 'acknowledgement', key);
  if (!entry) throw new AcknowledgementError(`PO ${o.poNumber} (vendor code ${o.vendorCode}) has no acknowledgement to decide: it is proposed once its sales order is in the ERP.`, 'not_found');
  if (entry.state !== 'held') throw new AcknowledgementError(`The acknowledgement of PO ${o.poNumber} is already ${entry.state === 'pending' ? 'queued to be sent' : entry.state}; Amazon gets one acknowledgement per PO.`);
  const row = o.db.prepare('SELECT body FROM vendor_purchase_order WHERE amazon_connection_id = ? AND vendor_code = ? AND po_number = ?').get(o.amazonConnectionId, o.vendorCode, o.poNumber) as { body: string };
  const po = JSON.parse(row.body) as PurchaseOrder;
  const lines = decidedLines(o.poNumber, entry.document.lines, o.lines);
  const intent: AcknowledgementIntent = { ...entry.document, decidedBy: 'user', lines, acknowledgement: acknowledgementOf(po, o.vendorCode, lines, o.now()) };
  o.outbox.move(entry, ['held'], 'pending', { document: intent });
  return intent;
}
