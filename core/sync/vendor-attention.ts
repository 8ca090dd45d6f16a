import type { AttentionFlow, DeadLetterStore } from '../attention';
import { VendorOutbox, type VendorDocumentKind, type VendorOutboxEntry } from '../vendor/vendor-outbox';
import type { Workspace } from '../workspace/workspace';

export const VENDOR_FLOW = 'vendor-central';

const REFUSED = ['failed', 'rejected'] as const;
const KIND_WORDS: Readonly<Record<VendorDocumentKind, string>> = {
  'sales-order': 'ERP sales order', invoice: 'invoice to Amazon', payment: 'payment in the ERP', acknowledgement: 'PO acknowledgement to Amazon', shipment: 'shipment confirmation to Amazon',
};

const SHIPMENT_FIX = 'Check the shipment in Vendor Central, then confirm it again or mark it confirmed elsewhere on the Vendor Central screen: a shipment confirmation is not retried from here.';

const keyOf = (e: VendorOutboxEntry) => `${e.connectionId}|${e.kind}|${e.naturalKey}`;

/** The refusal as stored by the sender: its message when it kept one, else the detail as given. */
function refusalText(e: VendorOutboxEntry): string {
  const d = e.detail;
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object') {
    const r = d as Record<string, unknown>;
    for (const k of ['message', 'error', 'reason']) if (typeof r[k] === 'string') return r[k] as string;
    return JSON.stringify(d);
  }
  return e.state === 'rejected' ? 'Amazon rejected it, without saying why.' : 'It was refused, without a reason kept.';
}

/**
 * Vendor Central documents the outbox holds as failed or rejected, under Needs attention. The vendor flow
 * records refusals in its own outbox; collect() brings them into the list (and lets go of those that went
 * through since). A retry puts the document back to pending: the next Vendor Central run sends it through
 * the outbox, which looks before it sends, so it goes once.
 */
export function vendorAttentionFlow(ws: Workspace, letters: DeadLetterStore, lastRun: () => { at: string; status: string } | null): AttentionFlow {
  const outbox = new VendorOutbox(ws.db, ws.audit, () => new Date(ws.clock.now()));
  const refused = () => REFUSED.flatMap((state) => outbox.list({ state }));
  return {
    flow: VENDOR_FLOW,
    label: 'Vendor Central documents',
    screen: 'vendor-invoices',
    collect: () => {
      const now = new Set<string>();
      for (const e of refused()) {
        now.add(keyOf(e));
        if (letters.find(VENDOR_FLOW, keyOf(e))?.state === 'open') continue;
        letters.hold({
          flow: VENDOR_FLOW, recordKey: keyOf(e), summary: `${KIND_WORDS[e.kind]} for PO ${e.subject} (${e.naturalKey})`, error: refusalText(e),
          fix: e.kind === 'shipment' ? SHIPMENT_FIX : e.kind === 'invoice' || e.kind === 'acknowledgement' ? 'Correct what Amazon names (a mapping, the PO in Vendor Central), then retry: the next Vendor Central run sends it again.' : 'Fix the cause in the ERP or the mapping, then retry: the next Vendor Central run sends it again.',
          facts: { connectionId: e.connectionId, kind: e.kind, naturalKey: e.naturalKey },
        });
      }
      for (const l of letters.list({ flow: VENDOR_FLOW, state: 'open' })) if (!now.has(l.recordKey)) letters.clear(VENDOR_FLOW, l.recordKey);
    },
    retry: async (letter) => {
      const e = outbox.get(String(letter.facts.connectionId ?? ''), letter.facts.kind as VendorOutboxEntry['kind'], String(letter.facts.naturalKey ?? ''));
      if (!e) return { ok: false, error: `Vendor Central has no document ${String(letter.facts.naturalKey ?? '')} any more.` };
      // A confirmation whose answer never came may be at Amazon, and a second copy of a shipment is refused or counted
      // twice: it is never sent again from here, only checked and corrected by a person.
      if (e.kind === 'shipment') return { ok: false, error: SHIPMENT_FIX };
      if (e.state === 'failed' || e.state === 'rejected') outbox.move(e, ['failed', 'rejected'], 'pending', { detail: null });
      return { ok: true };
    },
    activity: () => ({ lastRun: lastRun(), moved: outbox.list({ state: 'sent' }).length + outbox.list({ state: 'accepted' }).length, waiting: outbox.list({ state: 'pending' }).length }),
  };
}
