/**
 * The V2 settlements the benches read, written once per case and size under .tmp/settlement-bench.
 *
 * `realistic` (US, dot decimals, `2026-06-16 08:14:22 UTC`) and `realistic-eu` (EUR, `95,00`,
 * `16.06.2026 08:14:22 UTC`, posted-date `16.06.2026`) look like a busy seller's fortnight: orders of one
 * to three items, each order with its own posted-date-time, order id, shipment id and item codes; SKUs
 * drawn from 20,000 with a long tail; principal, tax, shipping, promotions, commissions, FBA and withheld
 * VAT lines; refunds; service fees, advertising, reimbursements; and the two reserve lines. Every value
 * comes from a seeded generator, so a size always gives the same file.
 *
 * `kind` is the old bench file (six line kinds, one posted time of day for every line): the date cache
 * always hits there, so it shows the engine at its best and is kept only as a second case.
 */
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';

export type SettlementCase = 'realistic' | 'realistic-eu' | 'kind';

const COLUMNS =
  'settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tpromotion-id';

export async function generateSettlement(file: string, lines: number, kase: SettlementCase): Promise<void> {
  if (existsSync(file)) return;
  // Written under another name and renamed at the end, so an interrupted run never leaves a short file behind.
  const partial = `${file}.partial`;
  if (kase === 'kind') await writeKind(partial, lines);
  else await writeRealistic(partial, lines, kase === 'realistic-eu');
  renameSync(partial, file);
}

/** The kind file, for the benches that only need a settlement of a size (drill-down, host, UI). */
export async function generate(file: string, lines: number, settlementId = '99000111'): Promise<void> {
  if (existsSync(file)) return;
  const partial = `${file}.partial`;
  await writeKind(partial, lines, settlementId);
  renameSync(partial, file);
}

/** Buffers rows and writes them in large pieces, waiting for the disk when it falls behind. */
class RowWriter {
  private readonly out;
  private rows: string[] = [];

  constructor(file: string) {
    this.out = createWriteStream(file, { highWaterMark: 1 << 20 });
  }

  async row(text: string): Promise<void> {
    this.rows.push(text);
    if (this.rows.length === 10000) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.rows.join('\n') + '\n';
    this.rows = [];
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    if (this.rows.length) await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

const dec = (minor: number, sep = '.') => (minor < 0 ? '-' : '') + String(Math.floor(Math.abs(minor) / 100)) + sep + String(Math.abs(minor) % 100).padStart(2, '0');

async function writeKind(file: string, lines: number, settlementId = '99000111'): Promise<void> {
  const kinds = [
    ['Order', 'ItemPrice', 'Principal', 1],
    ['Order', 'ItemPrice', 'Tax', 1],
    ['Order', 'ItemFees', 'Commission', -1],
    ['Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', -1],
    ['Refund', 'ItemPrice', 'Principal', -1],
    ['Refund', 'ItemFees', 'RefundCommission', -1],
  ] as const;
  const amountOf = (i: number) => kinds[i % kinds.length]![3] * (100 + ((i * 7919) % 90000));
  let total = 0;
  for (let i = 0; i < lines; i++) total += amountOf(i);
  const w = new RowWriter(file);
  await w.row(COLUMNS);
  await w.row(`${settlementId}\t2026-06-16 00:00:00 UTC\t2026-07-14 23:59:59 UTC\t2026-07-16 00:00:00 UTC\t${dec(total)}\tUSD${'\t'.repeat(18)}`);
  for (let i = 0; i < lines; i++) {
    const [tt, at, ad] = kinds[i % kinds.length]!;
    const day = 16 + (i % 28);
    const date = `2026-${day > 30 ? '07' : '06'}-${String(day > 30 ? day - 30 : day).padStart(2, '0')}`;
    await w.row(`${settlementId}\t\t\t\t\tUSD\t${tt}\t${100 + (i >> 2)}-${1000000 + i}\t\t\tDS${i}\tamazon.com\t${at}\t${ad}\t${dec(amountOf(i))}\tAFN\t${date} 00:00:00 UTC\t${date} 08:14:22 UTC\t${55000000 + i}\t\t\tSKU-${i % 5000}\t1\t`);
  }
  await w.end();
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Line {
  transactionType: string;
  orderId: string;
  adjustmentId: string;
  shipmentId: string;
  amountType: string;
  amountDescription: string;
  amount: number;
  fulfillmentId: string;
  /** Seconds since the settlement's start. */
  at: number;
  orderItemCode: string;
  merchantAdjustmentItemId: string;
  sku: string;
  quantity: string;
  promotionId: string;
}

const START = Date.UTC(2026, 5, 16);
const PERIOD_SECONDS = 14 * 86400;
const SKUS = 20000;
const FEE_ROWS: Array<[string, string, string, number]> = [
  ['ServiceFee', 'Cost of Advertising', 'TransactionTotalAmount', -4000],
  ['ServiceFee', 'other-transaction', 'Storage Fee', -6000],
  ['ServiceFee', 'other-transaction', 'Subscription Fee', -3999],
  ['other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', 1500],
  ['other-transaction', 'FBA Inventory Reimbursement', 'WAREHOUSE_LOST', 900],
  ['Adjustment', 'FBA Inventory Reimbursement', 'CUSTOMER_RETURN', 650],
  ['Adjustment', 'FBA Inventory Reimbursement', 'REVERSAL_REIMBURSEMENT', -800],
  ['AmazonFees', 'Coupon Participation Fee', 'Base fee', -6000],
  ['AmazonFees', 'Coupon Participation Fee', 'Tax on fee', -1140],
  ['other-transaction', 'other-transaction', 'Lightning Deal Fee', -15000],
  ['Shipment', 'Shipment-Fees', 'FBAPerOrderFulfillmentFee', -250],
];

/** `count` lines (one order, refund or fee after another), the same lines for the same count. */
function* walk(count: number): Generator<Line> {
  const r = random(0x5e771e);
  const int = (n: number) => Math.floor(r() * n);
  const digits = (n: number) => String(int(10 ** n)).padStart(n, '0');
  const cents = (lo: number, hi: number) => lo + int(hi - lo);
  let emitted = 0;
  const order: Line[] = [];
  const put = (l: Line) => {
    if (emitted + order.length < count) order.push(l);
  };
  const blank = { adjustmentId: '', shipmentId: '', fulfillmentId: '', orderId: '', orderItemCode: '', merchantAdjustmentItemId: '', sku: '', quantity: '', promotionId: '' };
  let itemCode = 55_100_000_000;
  while (emitted < count) {
    for (const l of order) yield l;
    emitted += order.length;
    order.length = 0;
    if (emitted >= count) return;
    // Orders arrive through the fortnight in order; each has its own second.
    const at = Math.floor((emitted / count) * PERIOD_SECONDS) + int(60);
    const roll = r();
    if (roll < 0.004) {
      const [transactionType, amountType, amountDescription, typical] = FEE_ROWS[int(FEE_ROWS.length)]!;
      put({ ...blank, transactionType, amountType, amountDescription, amount: Math.round(typical * (0.5 + r())), at, adjustmentId: transactionType === 'Adjustment' ? `ADJ-${digits(8)}` : '' });
      continue;
    }
    const orderId = `${100 + int(900)}-${digits(7)}-${digits(7)}`;
    const shipmentId = `D${digits(2)}${int(36 ** 6).toString(36).toUpperCase()}`;
    const refund = roll > 0.94;
    const items = r() < 0.7 ? 1 : r() < 0.67 ? 2 : 3;
    for (let k = 0; k < items; k++) {
      // A long tail: a few SKUs sell all the time, most now and then.
      const sku = `NX-${String(Math.floor(SKUS * r() ** 3)).padStart(5, '0')}-${'ABCDEFGH'[int(8)]}`;
      const quantity = r() < 0.85 ? 1 : 2 + int(3);
      const price = cents(799, 24999) * quantity;
      const item = { ...blank, orderId, shipmentId, fulfillmentId: 'AFN', at, orderItemCode: String(itemCode++), sku, quantity: String(quantity) };
      const line = (transactionType: string, amountType: string, amountDescription: string, amount: number, extra: Partial<Line> = {}) =>
        put({ ...item, transactionType, amountType, amountDescription, amount, ...extra });
      const tax = r() < 0.7 ? Math.round(price * 0.08) : 0;
      if (refund) {
        const adjust = { adjustmentId: `${digits(11)}`, merchantAdjustmentItemId: '', at: Math.min(PERIOD_SECONDS - 1, at + 86400 * (1 + int(3))) };
        line('Refund', 'ItemPrice', 'Principal', -price, adjust);
        if (tax) line('Refund', 'ItemPrice', 'Tax', -tax, adjust);
        line('Refund', 'ItemFees', 'Commission', Math.round(price * 0.15), adjust);
        line('Refund', 'ItemFees', 'RefundCommission', -Math.min(500, Math.round(price * 0.03)), adjust);
        continue;
      }
      line('Order', 'ItemPrice', 'Principal', price);
      if (tax) line('Order', 'ItemPrice', 'Tax', tax);
      const shipping = r() < 0.3 ? cents(299, 999) : 0;
      if (shipping) {
        line('Order', 'ItemPrice', 'Shipping', shipping);
        if (tax) line('Order', 'ItemPrice', 'ShippingTax', Math.round(shipping * 0.08));
        line('Order', 'ItemFees', 'ShippingChargeback', -shipping);
      }
      if (r() < 0.1) {
        const promotionId = `PROMO-${int(40)}`;
        line('Order', 'Promotion', 'Principal', -Math.round(price * 0.1), { promotionId });
      }
      line('Order', 'ItemFees', 'Commission', -Math.round(price * 0.15));
      if (r() < 0.85) line('Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', -cents(300, 900) * quantity);
      if (tax && r() < 0.3) line('Order', 'ItemFees', 'MarketplaceFacilitatorVAT-Principal', -tax);
    }
  }
}

/** `1.234.567,89`: the declared total as a German export prints it. */
function grouped(minor: number): string {
  const [whole, cents] = dec(minor, ',').split(',') as [string, string];
  return whole.replace(/\B(?=(\d{3})+$)/g, '.') + ',' + cents;
}

async function writeRealistic(file: string, lines: number, eu: boolean): Promise<void> {
  // Two lines of the count are the reserves.
  const body = Math.max(0, lines - 2);
  const previousReserve = 8_204_412;
  const currentReserve = -4_200_000;
  let total = previousReserve + currentReserve;
  for (const l of walk(body)) total += l.amount;
  const sep = eu ? ',' : '.';
  // One formatted day per calendar day; the time of day is added as digits, as a real export would print it.
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  const dayText: string[] = [];
  const postedDay: string[] = [];
  for (let d = 0; d < 40; d++) {
    const t = new Date(START + d * 86_400_000);
    const [y, m, day] = [t.getUTCFullYear(), two(t.getUTCMonth() + 1), two(t.getUTCDate())];
    dayText.push(eu ? `${day}.${m}.${y}` : `${y}-${m}-${day}`);
    postedDay.push(eu ? `${day}.${m}.${y}` : `${y}-${m}-${day} 00:00:00 UTC`);
  }
  const dateTime = (seconds: number) => {
    const d = Math.floor(seconds / 86400);
    const s = seconds - d * 86400;
    return `${dayText[d]} ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)} UTC`;
  };
  const settlementId = '28471003921';
  const currency = eu ? 'EUR' : 'USD';
  const place = eu ? 'Amazon.de' : 'amazon.com';
  const w = new RowWriter(file);
  await w.row(COLUMNS);
  await w.row(`${settlementId}\t${dateTime(0)}\t${dateTime(PERIOD_SECONDS - 1)}\t${dateTime(PERIOD_SECONDS + 2 * 86400)}\t${eu ? grouped(total) : dec(total)}\t${currency}${'\t'.repeat(18)}`);
  const row = (l: Line) =>
    `${settlementId}\t\t\t\t\t${currency}\t${l.transactionType}\t${l.orderId}\t\t${l.adjustmentId}\t${l.shipmentId}\t${place}\t${l.amountType}\t${l.amountDescription}\t${dec(l.amount, sep)}\t${l.fulfillmentId}\t${postedDay[Math.floor(l.at / 86400)]}\t${dateTime(l.at)}\t${l.orderItemCode}\t\t${l.merchantAdjustmentItemId}\t${l.sku}\t${l.quantity}\t${l.promotionId}`;
  const reserve = (amountDescription: string, amount: number, at: number) =>
    row({ transactionType: 'Transfer', orderId: '', adjustmentId: '', shipmentId: '', amountType: 'other-transaction', amountDescription, amount, fulfillmentId: '', at, orderItemCode: '', merchantAdjustmentItemId: '', sku: '', quantity: '', promotionId: '' });
  if (lines >= 2) await w.row(reserve('Previous Reserve Amount Balance', previousReserve, 0));
  for (const l of walk(body)) await w.row(row(l));
  if (lines >= 2) await w.row(reserve('Current Reserve Amount', currentReserve, PERIOD_SECONDS - 1));
  await w.end();
}
