import type { ParseContext } from './parse-context';
import type { SettlementLine, SettlementRecord } from './settlement-model';
import { XmlSyntaxError, XmlTokenizer } from './xml-tokenizer';

interface Frame {
  name: string;
  attributes: Record<string, string>;
  text: string;
  hasChildren: boolean;
  /** Text of the simple child elements seen so far (AmazonOrderID, SKU, Type, ...). */
  fields: Map<string, string>;
  /** Amount elements directly inside this element, turned into lines when it closes. */
  amounts: Array<{ name: string; text: string; currency: string; row: number }>;
}

/** XML collection names -> the V2 amount-type they correspond to, so one catalog serves every dialect. */
const AMOUNT_TYPES: Record<string, string> = {
  ItemPrice: 'ItemPrice',
  ItemPriceAdjustments: 'ItemPrice',
  ItemFees: 'ItemFees',
  ItemFeeAdjustments: 'ItemFees',
  Promotion: 'Promotion',
  PromotionAdjustment: 'Promotion',
  ShipmentFees: 'Shipment-Fees',
  OrderFees: 'Shipment-Fees',
  OtherTransaction: 'other-transaction',
  Fees: 'ItemFees',
  DirectPayment: 'DirectPayment',
};
// Elements that only wrap one (Type, Amount) pair; the collection around them names the amount type.
const PAIR_WRAPPERS = new Set(['Component', 'Fee', 'ShipmentFee', 'OrderFee', 'DirectPayment']);

const FIELD_ELEMENTS: ReadonlyArray<[keyof SettlementLine, string]> = [
  ['orderId', 'AmazonOrderID'],
  ['merchantOrderId', 'MerchantOrderID'],
  ['adjustmentId', 'AdjustmentID'],
  ['shipmentId', 'ShipmentID'],
  ['marketplaceName', 'MarketplaceName'],
  ['fulfillmentId', 'MerchantFulfillmentID'],
  ['orderItemCode', 'AmazonOrderItemCode'],
  ['merchantOrderItemId', 'MerchantOrderItemID'],
  ['merchantAdjustmentItemId', 'MerchantAdjustmentItemID'],
  ['sku', 'SKU'],
  ['promotionId', 'MerchantPromotionID'],
];

/**
 * Reads the legacy XML settlement (AmazonEnvelope / SettlementReport) as a stream. Every element that
 * carries a `currency` attribute is an amount; its description is the `Type` (or `TransactionType`,
 * `ReasonDescription`) beside it, its amount type the collection around it, its transaction type the
 * transaction element under SettlementReport (Order, Refund, OtherTransaction, ...).
 */
export class XmlSettlementParser {
  private readonly frames: Frame[] = [];
  private readonly out: SettlementRecord[] = [];
  private readonly tokenizer: XmlTokenizer;
  private row = 0;
  private summarySeen = false;

  constructor(private readonly ctx: ParseContext) {
    this.tokenizer = new XmlTokenizer({
      open: (name, attributes) => {
        const parent = this.frames[this.frames.length - 1];
        if (parent) parent.hasChildren = true;
        this.frames.push({ name, attributes, text: '', hasChildren: false, fields: new Map(), amounts: [] });
      },
      text: (text) => {
        const top = this.frames[this.frames.length - 1];
        if (top) top.text += text;
      },
      close: () => this.close(),
    });
  }

  /** Feeds one line of the file; appends the records completed by it to `out`. */
  readInto(text: string, row: number, out: SettlementRecord[]): void {
    this.row = row;
    try {
      this.tokenizer.feed(text + '\n');
    } catch (err) {
      if (err instanceof XmlSyntaxError) this.ctx.fail(row, null, err.snippet, `XML: ${err.message}`);
      throw err;
    }
    for (const r of this.out) out.push(r);
    this.out.length = 0;
  }

  end(): void {
    try {
      this.tokenizer.end();
    } catch (err) {
      if (err instanceof XmlSyntaxError) this.ctx.fail(this.row, null, err.snippet, `XML: ${err.message}`);
      throw err;
    }
  }

  private close(): void {
    const frame = this.frames.pop()!;
    const parent = this.frames[this.frames.length - 1];
    const value = frame.text.trim();
    if (!frame.hasChildren && parent) {
      const currency = frame.attributes['currency'];
      if (currency !== undefined && parent.name !== 'SettlementData') {
        parent.amounts.push({ name: frame.name, text: value, currency, row: this.row });
      } else {
        parent.fields.set(frame.name, value);
        if (currency !== undefined) parent.fields.set(`${frame.name}@currency`, currency);
      }
      return;
    }
    if (frame.name === 'SettlementData') {
      this.summary(frame);
      return;
    }
    for (const amount of frame.amounts) this.line(frame, amount);
  }

  private summary(frame: Frame): void {
    if (this.summarySeen) this.ctx.fail(this.row, 'SettlementData', null, 'a second SettlementData; one file must hold one settlement');
    this.summarySeen = true;
    const f = (name: string) => frame.fields.get(name) ?? '';
    const currency = f('TotalAmount@currency');
    if (!currency) this.ctx.fail(this.row, 'TotalAmount', f('TotalAmount'), 'TotalAmount has no currency attribute');
    this.ctx.currency = currency;
    const settlementId = f('AmazonSettlementID');
    if (!settlementId) this.ctx.fail(this.row, 'AmazonSettlementID', '', 'the settlement has no AmazonSettlementID');
    this.ctx.checkSettlementId(settlementId, this.row, 'AmazonSettlementID');
    this.out.push({
      kind: 'summary',
      summary: {
        settlementId,
        startDate: this.ctx.date(f('StartDate'), this.row, 'StartDate'),
        endDate: this.ctx.date(f('EndDate'), this.row, 'EndDate'),
        depositDate: this.ctx.date(f('DepositDate'), this.row, 'DepositDate'),
        totalAmount: this.ctx.amount(f('TotalAmount'), currency, this.row, 'TotalAmount'),
        currency,
        row: this.row,
      },
    });
  }

  private lookup(holder: Frame, name: string): string {
    const own = holder.fields.get(name);
    if (own !== undefined) return own;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const v = this.frames[i]!.fields.get(name);
      if (v !== undefined) return v;
    }
    return '';
  }

  private line(holder: Frame, amount: Frame['amounts'][number]): void {
    // The holder is closed already, so this.frames are its ancestors; index 0 is AmazonEnvelope.
    const reportAt = this.frames.findIndex((f) => f.name === 'SettlementReport');
    const transactionFrame = reportAt >= 0 ? (this.frames[reportAt + 1] ?? holder) : holder;
    const collection = PAIR_WRAPPERS.has(holder.name) ? (this.frames[this.frames.length - 1]?.name ?? holder.name) : holder.name;
    const explicitType = this.lookup(holder, 'TransactionType');
    const description =
      holder.fields.get('Type') ?? holder.fields.get('TransactionType') ?? holder.fields.get('ReasonDescription') ?? (amount.name === 'Amount' ? holder.name : amount.name);
    const line: SettlementLine = {
      row: amount.row,
      settlementId: this.ctx.settlementId ?? '',
      transactionType: explicitType || transactionFrame.name,
      amountType: AMOUNT_TYPES[collection] ?? collection,
      amountDescription: description,
      amount: this.ctx.amount(amount.text, amount.currency, amount.row, amount.name),
      currency: amount.currency,
      orderId: '',
      merchantOrderId: '',
      adjustmentId: '',
      shipmentId: '',
      marketplaceName: '',
      fulfillmentId: '',
      postedDate: this.ctx.date(this.lookup(holder, 'PostedDate'), amount.row, 'PostedDate'),
      orderItemCode: '',
      merchantOrderItemId: '',
      merchantAdjustmentItemId: '',
      sku: '',
      quantity: null,
      promotionId: '',
      source: `${holder.name}/${amount.name}`,
    };
    for (const [key, element] of FIELD_ELEMENTS) (line[key] as string) = this.lookup(holder, element);
    const quantity = this.lookup(holder, 'Quantity') || this.lookup(holder, 'QuantityShipped');
    line.quantity = this.ctx.quantity(quantity, amount.row, 'Quantity');
    this.out.push({ kind: 'line', line });
  }
}
