import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
import type { ParseContext } from './parse-context';

const HEADER_COLUMNS = ['settlement-id', 'settlement-start-date', 'settlement-end-date', 'deposit-date', 'total-amount', 'currency'] as const;

const SHARED_COLUMNS = [
  ...HEADER_COLUMNS,
  'transaction-type', 'order-id', 'merchant-order-id', 'adjustment-id', 'shipment-id', 'marketplace-name',
  'fulfillment-id', 'posted-date', 'order-item-code', 'merchant-order-item-id', 'merchant-adjustment-item-id',
  'sku', 'quantity-purchased', 'promotion-id',
] as const;

const V2_ONLY = ['amount-type', 'amount-description', 'amount', 'posted-date-time'] as const;

/**
 * Legacy amount columns in file order, each with the V2 amount-type it becomes (removal changelog:
 * "price/fee type name -> amount-type, type value -> amount-description"). Columns without a type
 * column take their description from `describe`.
 */
interface LegacyAmount {
  amount: string;
  type: string | null;
  amountType: string;
}
const LEGACY_AMOUNTS: readonly LegacyAmount[] = [
  { amount: 'shipment-fee-amount', type: 'shipment-fee-type', amountType: 'Shipment-Fees' },
  // V2 reports the per-order FBA fee under Shipment-Fees, so the legacy order fee lands there too.
  { amount: 'order-fee-amount', type: 'order-fee-type', amountType: 'Shipment-Fees' },
  { amount: 'price-amount', type: 'price-type', amountType: 'ItemPrice' },
  { amount: 'item-related-fee-amount', type: 'item-related-fee-type', amountType: 'ItemFees' },
  { amount: 'misc-fee-amount', type: null, amountType: 'other-transaction' },
  { amount: 'other-fee-amount', type: 'other-fee-reason-description', amountType: 'other-transaction' },
  { amount: 'promotion-amount', type: 'promotion-type', amountType: 'Promotion' },
  { amount: 'direct-payment-amount', type: 'direct-payment-type', amountType: 'DirectPayment' },
  { amount: 'other-amount', type: null, amountType: 'other-transaction' },
];
const LEGACY_ONLY = LEGACY_AMOUNTS.flatMap((a) => (a.type ? [a.amount, a.type] : [a.amount]));

/** Trims only when needed: almost no field has surrounding spaces, and this runs 20 times a row. */
function clean(v: string): string {
  return v.length === 0 || (v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32) ? v : v.trim();
}

/** Field `at` of a row, cleaned; '' when the file lacks the column (at < 0) or the row is short. */
function pick(fields: readonly string[], at: number): string {
  if (at < 0 || at >= fields.length) return '';
  return clean(fields[at]!);
}

/** Which flat-file dialect a header row announces, or null when it is not a settlement header. */
export function flatFileFormat(header: readonly string[]): SettlementFormat | null {
  const names = new Set(header);
  if (!names.has('settlement-id')) return null;
  if (names.has('amount-type') && names.has('amount')) return 'v2';
  if (LEGACY_AMOUNTS.some((a) => names.has(a.amount))) return 'legacy';
  return null;
}

/**
 * Reads the rows of a tab-separated settlement file by column name. Built once from the header, so a
 * row costs one split and direct index reads.
 */
export class FlatFileParser {
  readonly format: SettlementFormat;
  private readonly index: Record<string, number> = {};
  private readonly unknown: Array<[string, number]> = [];
  private readonly amountColumns: Array<LegacyAmount & { at: number; typeAt: number }> = [];
  private summarySeen = false;
  private itemQuantity: { code: string; quantity: number | null } | null = null;
  /** Index of each known column, -1 when the file lacks it: one array read per field and row. */
  private readonly at;

  /** `asWritten`: the header's names as the file spells them, for quoting (`columns` are matched in lower case). */
  constructor(private readonly columns: readonly string[], private readonly ctx: ParseContext, private readonly asWritten: readonly string[] = columns) {
    const nulAt = asWritten.findIndex((name) => name.includes('\0'));
    if (nulAt >= 0) ctx.failOnNul(1, asWritten[nulAt]!, asWritten[nulAt]!, asWritten.join('\t'));
    const format = flatFileFormat(columns);
    if (!format) ctx.fail(1, null, asWritten.join('\t'), 'not a settlement header (no settlement-id and amount columns)');
    this.format = format;
    const known = new Set<string>([...SHARED_COLUMNS, ...(format === 'v2' ? V2_ONLY : LEGACY_ONLY)]);
    columns.forEach((name, i) => {
      if (name in this.index) ctx.fail(1, asWritten[i] ?? name, asWritten[i] ?? name, 'column appears twice in the header');
      if (known.has(name)) this.index[name] = i;
      else this.unknown.push([name, i]);
    });
    const i = (name: string) => this.index[name] ?? -1;
    this.at = {
      settlementId: i('settlement-id'), totalAmount: i('total-amount'), currency: i('currency'), transactionType: i('transaction-type'),
      orderId: i('order-id'), merchantOrderId: i('merchant-order-id'), adjustmentId: i('adjustment-id'), shipmentId: i('shipment-id'),
      marketplaceName: i('marketplace-name'), amountType: i('amount-type'), amountDescription: i('amount-description'), amount: i('amount'),
      fulfillmentId: i('fulfillment-id'), postedDate: i('posted-date'), postedDateTime: i('posted-date-time'), orderItemCode: i('order-item-code'),
      merchantOrderItemId: i('merchant-order-item-id'), merchantAdjustmentItemId: i('merchant-adjustment-item-id'), sku: i('sku'),
      quantityPurchased: i('quantity-purchased'), promotionId: i('promotion-id'),
    };
    const required = format === 'v2' ? ['total-amount', 'currency', 'transaction-type', 'amount-description'] : ['total-amount', 'currency', 'transaction-type'];
    for (const name of required) if (!(name in this.index)) ctx.fail(1, name, null, `required column "${name}" is missing from the header`);
    if (format === 'legacy') {
      for (const a of LEGACY_AMOUNTS) {
        const at = this.index[a.amount];
        if (at !== undefined) this.amountColumns.push({ ...a, at, typeAt: a.type ? (this.index[a.type] ?? -1) : -1 });
      }
    }
  }

  private field(fields: readonly string[], name: string): string {
    const at = this.index[name];
    return at === undefined ? '' : (fields[at] ?? '').trim();
  }

  /** Turns one data row into zero or more records appended to `out`; `row` is the line number in the file. */
  readInto(text: string, row: number, out: SettlementRecord[]): void {
    const fields = text.split('\t');
    const nulAt = text.indexOf('\0');
    if (nulAt >= 0) {
      const at = text.slice(0, nulAt).split('\t').length - 1;
      this.ctx.failOnNul(row, this.asWritten[at] ?? `field ${at + 1}`, fields[at]!, text);
    }
    if (fields.length > this.columns.length && fields.slice(this.columns.length).some((f) => f.trim() !== '')) {
      this.ctx.fail(row, null, fields.slice(this.columns.length).join('\t'), `row has ${fields.length} fields but the header names ${this.columns.length} columns`);
    }
    const c = this.at;
    const f = (at: number) => pick(fields, at);
    // Fields with few distinct values are pooled, so the maps keyed by them downstream stay cheap.
    const pool = this.ctx.pool;
    const transactionType = pool.intern(f(c.transactionType));
    const amountText = f(c.amount);
    const hasAmount =
      this.format === 'v2' ? amountText !== '' || f(c.amountType) !== '' : this.amountColumns.some((a) => (fields[a.at] ?? '').trim() !== '');
    const settlementId = f(c.settlementId);
    if (settlementId !== this.ctx.settlementId) this.ctx.checkSettlementId(settlementId, row, 'settlement-id');

    if (transactionType === '' && !hasAmount) {
      if (f(c.totalAmount) === '') {
        if (fields.every((v) => v.trim() === '')) return;
        if (this.format === 'legacy') return; // a legacy row that only restates ids
        this.ctx.fail(row, 'amount', '', 'row has neither an amount nor a total-amount');
      }
      out.push({ kind: 'summary', summary: this.summary((name) => this.field(fields, name), row) });
      return;
    }
    if (this.format === 'legacy' && !hasAmount) {
      // Legacy files give an order item its own row carrying only quantity-purchased and no money; the
      // amount rows of that item follow it, so its quantity is carried onto them.
      this.itemQuantity = { code: f(c.orderItemCode), quantity: this.ctx.quantity(f(c.quantityPurchased), row, 'quantity-purchased') };
      return;
    }
    const currency = pool.intern(f(c.currency)) || this.ctx.currency;
    if (!currency) this.ctx.fail(row, 'currency', '', 'no currency on this row and no summary row before it');
    const postedDateTime = f(c.postedDateTime);
    const base: SettlementLine = {
      row,
      settlementId: settlementId || (this.ctx.settlementId ?? ''),
      transactionType,
      amountType: '',
      amountDescription: '',
      amount: 0,
      currency,
      orderId: f(c.orderId),
      merchantOrderId: f(c.merchantOrderId),
      adjustmentId: f(c.adjustmentId),
      shipmentId: f(c.shipmentId),
      marketplaceName: pool.intern(f(c.marketplaceName)),
      fulfillmentId: f(c.fulfillmentId),
      postedDate: postedDateTime !== '' ? this.ctx.date(postedDateTime, row, 'posted-date-time') : this.ctx.date(f(c.postedDate), row, 'posted-date'),
      orderItemCode: f(c.orderItemCode),
      merchantOrderItemId: f(c.merchantOrderItemId),
      merchantAdjustmentItemId: f(c.merchantAdjustmentItemId),
      sku: f(c.sku),
      quantity: this.ctx.quantity(f(c.quantityPurchased), row, 'quantity-purchased'),
      promotionId: f(c.promotionId),
    };
    if (base.quantity === null && this.itemQuantity && base.orderItemCode !== '' && this.itemQuantity.code === base.orderItemCode) {
      base.quantity = this.itemQuantity.quantity;
    }
    if (this.unknown.length) {
      const extra: Record<string, string> = {};
      let any = false;
      for (const [name, at] of this.unknown) {
        const v = fields[at] ?? '';
        if (v !== '') {
          extra[name] = v;
          any = true;
        }
      }
      if (any) base.extra = extra;
    }
    if (this.ctx.options.keepRaw) base.raw = text;

    if (this.format === 'v2') {
      if (amountText === '') this.ctx.fail(row, 'amount', '', 'a transaction row without an amount');
      base.amountType = pool.intern(f(c.amountType));
      base.amountDescription = pool.intern(f(c.amountDescription));
      base.amount = this.ctx.amount(amountText, currency, row, 'amount');
      out.push({ kind: 'line', line: base });
      return;
    }
    for (const a of this.amountColumns) {
      const text = (fields[a.at] ?? '').trim();
      if (text === '') continue;
      const type = a.typeAt >= 0 ? (fields[a.typeAt] ?? '').trim() : '';
      out.push({
        kind: 'line',
        line: {
          ...base,
          amountType: a.amountType,
          amountDescription: type ? pool.intern(type) : transactionType,
          amount: this.ctx.amount(text, currency, row, a.amount),
          source: a.amount,
        },
      });
    }
  }

  private summary(f: (name: string) => string, row: number): SettlementSummary {
    if (this.summarySeen) this.ctx.fail(row, 'total-amount', f('total-amount'), 'a second summary row; one file must hold one settlement');
    this.summarySeen = true;
    const currency = f('currency');
    if (currency === '') this.ctx.fail(row, 'currency', '', 'the summary row has no currency');
    this.ctx.currency = currency;
    const settlementId = f('settlement-id');
    if (settlementId === '') this.ctx.fail(row, 'settlement-id', '', 'the summary row has no settlement-id');
    return {
      settlementId,
      startDate: this.ctx.date(f('settlement-start-date'), row, 'settlement-start-date'),
      endDate: this.ctx.date(f('settlement-end-date'), row, 'settlement-end-date'),
      depositDate: this.ctx.date(f('deposit-date'), row, 'deposit-date'),
      totalAmount: this.ctx.amount(f('total-amount'), currency, row, 'total-amount'),
      currency,
      row,
    };
  }
}
