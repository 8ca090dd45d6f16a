import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
import type { FieldEnds } from './field-ends';
import { FieldSpans } from './field-spans';
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
  private readonly spans: FieldSpans;

  /** `asWritten`: the header's names as the file spells them, for quoting (`columns` are matched in lower case). */
  constructor(private readonly columns: readonly string[], private readonly ctx: ParseContext, private readonly asWritten: readonly string[] = columns) {
    const nulAt = asWritten.findIndex((name) => name.includes('\0'));
    if (nulAt >= 0) ctx.failOnNul(1, asWritten[nulAt]!, asWritten[nulAt]!, asWritten.join('\t'));
    const format = flatFileFormat(columns);
    if (!format) ctx.fail(1, null, asWritten.join('\t'), 'not a settlement header (no settlement-id and amount columns)');
    this.format = format;
    this.spans = new FieldSpans(columns.length);
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

  /**
   * Turns one data row into zero or more records appended to `out`; `row` is the line number in the file.
   * When `located` has found the fields of the row (line `line` of its batch), they are not searched again.
   */
  readInto(text: string, row: number, out: SettlementRecord[], located?: FieldEnds, line = -1): void {
    const spans = this.spans;
    // The row is split only when it holds a NUL, to name the field.
    let nulAt: number;
    if (located !== undefined && line >= located.from && line - located.from < located.lines) {
      spans.readLocated(located, line - located.from);
      nulAt = located.hasNul ? text.indexOf('\0') : -1;
    } else {
      spans.read(text);
      nulAt = text.indexOf('\0');
    }
    if (nulAt >= 0) {
      const fields = text.split('\t');
      const at = text.slice(0, nulAt).split('\t').length - 1;
      this.ctx.failOnNul(row, this.asWritten[at] ?? `field ${at + 1}`, fields[at]!, text);
    }
    if (spans.count > this.columns.length) {
      const fields = text.split('\t');
      if (fields.slice(this.columns.length).some((f) => f.trim() !== '')) {
        this.ctx.fail(row, null, fields.slice(this.columns.length).join('\t'), `row has ${fields.length} fields but the header names ${this.columns.length} columns`);
      }
    }
    const c = this.at;
    const ctx: ParseContext = this.ctx;
    const pool = ctx.pool;
    const transactionType = this.pooled(c.transactionType);
    const hasAmountText = spans.trim(c.amount);
    const hasAmount =
      this.format === 'v2' ? hasAmountText || spans.trim(c.amountType) : this.amountColumns.some((a) => spans.raw(a.at).trim() !== '');
    let settlementId = ctx.settlementId ?? '';
    if (!spans.is(c.settlementId, settlementId)) {
      settlementId = spans.str(c.settlementId);
      ctx.checkSettlementId(settlementId, row, 'settlement-id');
    }

    if (transactionType === '' && !hasAmount) {
      if (!spans.trim(c.totalAmount)) {
        if (text.trim() === '') return;
        if (this.format === 'legacy') return; // a legacy row that only restates ids
        ctx.fail(row, 'amount', '', 'row has neither an amount nor a total-amount');
      }
      const fields = text.split('\t');
      out.push({ kind: 'summary', summary: this.summary((name) => this.field(fields, name), row) });
      return;
    }
    if (this.format === 'legacy' && !hasAmount) {
      // Legacy files give an order item its own row carrying only quantity-purchased and no money; the
      // amount rows of that item follow it, so its quantity is carried onto them.
      this.itemQuantity = { code: spans.str(c.orderItemCode), quantity: ctx.quantity(spans.str(c.quantityPurchased), row, 'quantity-purchased') };
      return;
    }
    const currency = this.pooled(c.currency) || ctx.currency;
    if (!currency) ctx.fail(row, 'currency', '', 'no currency on this row and no summary row before it');
    const postedDate = spans.trim(c.postedDateTime)
      ? ctx.dateAt(spans.text, spans.start, spans.end, row, 'posted-date-time', spans.bytes)
      : spans.trim(c.postedDate) ? ctx.dateAt(spans.text, spans.start, spans.end, row, 'posted-date', spans.bytes) : null;
    const base: SettlementLine = {
      row,
      settlementId: settlementId || (ctx.settlementId ?? ''),
      transactionType,
      amountType: '',
      amountDescription: '',
      amount: 0,
      currency,
      orderId: spans.str(c.orderId),
      merchantOrderId: spans.str(c.merchantOrderId),
      adjustmentId: spans.str(c.adjustmentId),
      shipmentId: spans.str(c.shipmentId),
      marketplaceName: this.pooled(c.marketplaceName),
      fulfillmentId: this.pooled(c.fulfillmentId),
      postedDate,
      orderItemCode: spans.str(c.orderItemCode),
      merchantOrderItemId: spans.str(c.merchantOrderItemId),
      merchantAdjustmentItemId: spans.str(c.merchantAdjustmentItemId),
      sku: spans.str(c.sku),
      quantity: this.quantity(row),
      promotionId: spans.str(c.promotionId),
    };
    if (base.quantity === null && this.itemQuantity && base.orderItemCode !== '' && this.itemQuantity.code === base.orderItemCode) {
      base.quantity = this.itemQuantity.quantity;
    }
    if (this.unknown.length) {
      const extra: Record<string, string> = {};
      let any = false;
      for (const [name, at] of this.unknown) {
        const v = spans.raw(at);
        if (v !== '') {
          extra[name] = v;
          any = true;
        }
      }
      if (any) base.extra = extra;
    }
    if (ctx.options.keepRaw) base.raw = text;

    if (this.format === 'v2') {
      if (!spans.trim(c.amount)) ctx.fail(row, 'amount', '', 'a transaction row without an amount');
      base.amount = ctx.amountAt(spans.text, spans.start, spans.end, currency, row, 'amount');
      base.amountType = this.pooled(c.amountType);
      base.amountDescription = this.pooled(c.amountDescription);
      out.push({ kind: 'line', line: base });
      return;
    }
    for (const a of this.amountColumns) {
      const text = spans.raw(a.at).trim();
      if (text === '') continue;
      const type = a.typeAt >= 0 ? spans.raw(a.typeAt).trim() : '';
      out.push({
        kind: 'line',
        line: {
          ...base,
          amountType: a.amountType,
          amountDescription: type ? pool.intern(type) : transactionType,
          amount: ctx.amount(text, currency, row, a.amount),
          source: a.amount,
        },
      });
    }
  }

  /**
   * Field `at` of the current row, one instance per distinct value: fields with few values (types,
   * descriptions, currency, marketplace) are pooled so the maps keyed by them downstream stay cheap, and
   * a value already in the pool is found from the row's characters without making a string.
   */
  private pooled(at: number): string {
    const spans = this.spans;
    if (!spans.trim(at)) return '';
    const pool = this.ctx.pool;
    return spans.bytes.length !== 0 ? pool.internBytes(spans.bytes, spans.text, spans.start, spans.end) : pool.internSpan(spans.text, spans.start, spans.end);
  }

  /** quantity-purchased of the current row: one digit (by far the most common) is read in place. */
  private quantity(row: number): number | null {
    const spans = this.spans;
    if (!spans.trim(this.at.quantityPurchased)) return null;
    if (spans.end - spans.start === 1) {
      const d = spans.text.charCodeAt(spans.start) - 48;
      if (d >= 0 && d <= 9) return d;
    }
    return this.ctx.quantity(spans.text.slice(spans.start, spans.end), row, 'quantity-purchased');
  }

  private field(fields: readonly string[], name: string): string {
    const at = this.index[name];
    return at === undefined ? '' : (fields[at] ?? '').trim();
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
