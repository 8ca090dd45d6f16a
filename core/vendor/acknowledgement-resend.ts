import type { PurchaseOrder } from '../amazon/vendor';
import type { Db } from '../store';
import { acknowledgementKey, acknowledgementOf, AcknowledgementError, decidedLines, type AcknowledgementDecision, type AcknowledgementIntent } from './acknowledgement-proposal';
import { changedAtOf } from './purchase-order-document';
import type { VendorOutbox, VendorOutboxEntry } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/** Every acknowledgement of a PO, oldest first: the first under vendor code + PO, each one sent again after a rejection under "#2", "#3", ... */
export function acknowledgementsOf(outbox: VendorOutbox, vendorCode: string, poNumber: string): VendorOutboxEntry<AcknowledgementIntent>[] {
  const subject = acknowledgementKey(vendorCode, poNumber);
  return outbox.list<AcknowledgementIntent>({ kind: 'acknowledgement' }).filter((e) => e.subject === subject);
}

/**
 * A person's corrected acknowledgement of a PO whose last one Amazon rejected. It is a new document with a key
 * of its own (so it is sent once, as a new transaction), pending for the next run; the rejected one stays as it
 * was, with Amazon's reasons, in the outbox and the audit log. The review item of the rejection closes, saying why.
 */
export function resendAcknowledgement(o: {
  db: Db; outbox: VendorOutbox; reviews: VendorReviews; vendorCode: string; poNumber: string; lines: AcknowledgementDecision; actor: string; now: () => Date;
}): VendorOutboxEntry<AcknowledgementIntent> {
  const all = acknowledgementsOf(o.outbox, o.vendorCode, o.poNumber);
  const rejected = all.at(-1);
  if (!rejected || rejected.state !== 'rejected') {
    throw new AcknowledgementError(`PO ${o.poNumber} (vendor code ${o.vendorCode}) has no rejected acknowledgement to send again${rejected ? `: its last one is ${rejected.state}` : ''}.`, rejected ? 'conflict' : 'not_found');
  }
  const row = o.db.prepare('SELECT body FROM vendor_purchase_order WHERE amazon_connection_id = ? AND vendor_code = ? AND po_number = ?').get(rejected.connectionId, o.vendorCode, o.poNumber) as { body: string } | undefined;
  if (!row) throw new AcknowledgementError(`PO ${o.poNumber} (vendor code ${o.vendorCode}) is no longer stored; run Vendor Central to read it again.`, 'not_found');
  const po = JSON.parse(row.body) as PurchaseOrder;
  const lines = decidedLines(o.poNumber, rejected.document.lines, o.lines);
  const intent: AcknowledgementIntent = {
    ...rejected.document, changedAt: changedAtOf(po), decidedBy: 'user', lines, acknowledgement: acknowledgementOf(po, o.vendorCode, lines, o.now()),
  };
  const key = `${rejected.subject}#${all.length + 1}`;
  o.outbox.enqueue(rejected.connectionId, 'acknowledgement', key, rejected.subject, intent, 'pending');
  const item = o.reviews.list().find((r) => r.key === `acknowledgement-rejected:${rejected.naturalKey}` && r.state === 'open');
  if (item) o.reviews.closeResolved(item.id, `${o.actor} sent a corrected acknowledgement (${key}); Amazon's rejection of ${rejected.naturalKey} stays on record.`);
  return o.outbox.get<AcknowledgementIntent>(rejected.connectionId, 'acknowledgement', key)!;
}
