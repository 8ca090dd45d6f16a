import type { Db } from '../store';

/**
 * The fulfilment fees Amazon charges an order, by amount-description (the Fee enum of getFulfillmentPreview,
 * fulfillmentOutbound_2020-07-01.json, and the weight-based fee of the settlement's ItemFees).
 */
export const MCF_FEE_DESCRIPTIONS = ['FBAPerUnitFulfillmentFee', 'FBAPerOrderFulfillmentFee', 'FBATransportationFee', 'FBAFulfillmentCODFee', 'FBAWeightBasedFee'] as const;

/**
 * An Amazon retail order id (3-7-7 digits). Fulfilment fees on any other order id are taken for
 * Multi-Channel Fulfillment fees: an MCF order carries the seller's own id in the settlement [UNVERIFIED:
 * no settlement sample in the reference shows an MCF order; order-id or merchant-order-id is matched].
 */
const RETAIL_ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

/** MCF fees of one settlement matched to the ERP order that caused them, in minor units of the settlement line's currency. */
export interface McfFeeMatch {
  erpConnectionId: string;
  erpOrderNumber: string;
  sellerFulfillmentOrderId: string;
  currency: string;
  amount: number;
  lines: number;
  fees: string[];
}

/** MCF fees whose order no ERP connection sent (an order created in Seller Central, or another tool's). */
export interface McfFeeUnmatched {
  orderId: string;
  currency: string;
  amount: number;
  lines: number;
  fees: string[];
}

export interface McfFees {
  matched: McfFeeMatch[];
  unmatched: McfFeeUnmatched[];
}

interface Line { order_id: string | null; merchant_order_id: string | null; amount_description: string; amount: number; currency: string }

/** The version's fulfilment-fee lines on non-retail orders, grouped per order and currency, matched to mcf_order. */
export function mcfFeesOf(db: Db, versionId: number): McfFees {
  const lines = db
    .prepare(`SELECT order_id, merchant_order_id, amount_description, amount, currency FROM settlement_line
              WHERE version_id = ? AND amount_description IN (${MCF_FEE_DESCRIPTIONS.map(() => '?').join(', ')}) ORDER BY row, seq`)
    .all(versionId, ...MCF_FEE_DESCRIPTIONS) as Line[];
  const ours = db.prepare('SELECT erp_connection_id AS c, erp_order_number AS n, seller_fulfillment_order_id AS id FROM mcf_order WHERE seller_fulfillment_order_id = ?');
  const matched = new Map<string, McfFeeMatch>();
  const unmatched = new Map<string, McfFeeUnmatched>();
  for (const l of lines) {
    const ids = [l.order_id, l.merchant_order_id].filter((x): x is string => !!x && !RETAIL_ORDER_ID.test(x));
    if (ids.length === 0) continue;
    const order = ids.map((id) => ours.get(id) as { c: string; n: string; id: string } | undefined).find((o) => o);
    if (order) {
      const key = `${order.c}|${order.id}|${l.currency}`;
      const m = matched.get(key) ?? { erpConnectionId: order.c, erpOrderNumber: order.n, sellerFulfillmentOrderId: order.id, currency: l.currency, amount: 0, lines: 0, fees: [] };
      add(m, l);
      matched.set(key, m);
    } else {
      const key = `${ids[0]}|${l.currency}`;
      const u = unmatched.get(key) ?? { orderId: ids[0]!, currency: l.currency, amount: 0, lines: 0, fees: [] };
      add(u, l);
      unmatched.set(key, u);
    }
  }
  return { matched: [...matched.values()], unmatched: [...unmatched.values()] };
}

function add(target: { amount: number; lines: number; fees: string[] }, l: Line): void {
  target.amount += l.amount;
  target.lines++;
  if (!target.fees.includes(l.amount_description)) target.fees.push(l.amount_description);
}
