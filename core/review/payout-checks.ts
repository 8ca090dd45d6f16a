import { ConnectionRepository } from '../connections/connection-repository';
import { DEFAULT_ORDER_POSTING_MODE } from '../connections/order-posting-mode';
import { erpKind } from '../erp/registry';
import { amountWithCurrency } from '../money';
import type { Db } from '../store';
import { matchPayout, type PayoutDifference } from './payout-match';
import type { Finding } from './review-checks';

/**
 * What a settlement paid for its orders and refunds beside the invoices and credit notes the connection
 * posted for them, for a connection in "Orders as invoices" mode (issue 19: an amount that differs, a
 * refund with no credit note). A refund with no credit note blocks approval, as an order with no invoice
 * does; an amount that differs is a warning: the payout applies the smaller amount and the rest stays
 * open on the document (or on the clearing account), which a person acknowledges.
 */
export function payoutFindings(db: Db, versionId: number, connectionId: string): Finding[] {
  const mode = (db.prepare('SELECT mode FROM order_posting_mode WHERE connection_id = ?').get(connectionId) as { mode: string } | undefined)?.mode ?? DEFAULT_ORDER_POSTING_MODE;
  if (mode !== 'orders-as-invoices') return [];
  const kind = new ConnectionRepository(db).get(connectionId)?.kind;
  const flows = (kind ? erpKind(kind)?.capabilities.flows : undefined) ?? [];
  const currency = (db.prepare('SELECT currency FROM settlement_version WHERE id = ?').get(versionId) as { currency: string } | undefined)?.currency ?? '';
  const money = (minor: number) => amountWithCurrency(minor, currency);
  return matchPayout(db, versionId, connectionId, flows.includes('salesCreditNotes')).differences.map((d) => findingOf(d, money, currency));
}

function findingOf(d: PayoutDifference, money: (minor: number) => string, currency: string): Finding {
  const what = d.refundId ? `Refund ${d.refundId} of order ${d.orderId}` : `Order ${d.orderId}`;
  const common = { lineCount: null, currency, facts: { orderId: d.orderId, refundId: d.refundId ?? null, settled: d.settled, documented: d.documented, documentNumber: d.documentNumber } };
  if (d.kind === 'no-credit-note') {
    return {
      ...common, key: `refund-not-credited:${d.orderId}:${d.refundId ?? ''}`, kind: 'refund-not-credited', severity: 'blocking', amount: -d.settled,
      title: `${what} (${money(d.settled)}) has no credit note in the ERP, so the customer would still owe it. Run order invoicing under Orders to credit it before approving`,
    };
  }
  const gap = Math.abs(d.settled - (d.documented ?? 0));
  const document = d.refundId ? `credit note ${d.documentNumber ?? ''}` : `invoice ${d.documentNumber ?? ''}`;
  const rest = d.settled < (d.documented ?? 0) ? `${money(gap)} stays open on the ${d.refundId ? 'credit note' : 'invoice'}` : `${money(gap)} stays on the clearing account`;
  return {
    ...common, key: `payout-difference:${d.orderId}:${d.refundId ?? 'invoice'}`, kind: 'payout-difference', severity: 'warning', amount: d.settled - (d.documented ?? 0),
    title: `${what}: the settlement ${d.refundId ? 'took back' : 'paid'} ${money(d.settled)}, its ${document} is for ${money(d.documented ?? 0)}; the payout applies ${money(Math.min(d.settled, d.documented ?? 0))} and ${rest}`,
  };
}
