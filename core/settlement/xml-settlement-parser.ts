import type { ParseContext } from './parse-context';
import type { SettlementLine, SettlementRecord } from './settlement-model';
import { XmlSyntaxError, XmlTokenizer } from './xml-tokenizer';

/*
 * Legacy XML settlement report (_GET_V2_SETTLEMENT_REPORT_DATA_XML_ / GET_V2_SETTLEMENT_REPORT_DATA_XML).
 * Amazon never published its schema in a place we could find and there is no sample in
 * /work/shared/reference/amazon/samples/, so every element name below was checked against public parsers
 * of the report (see the comment above each table). Sources, with the short names used below:
 *   [dft]   dftrakesh/amazon-sp-api src/main/java/io/github/dft/amazon/model/settelmentreport/*.java
 *           (Jackson model: AmazonEnvelope, SettlementReport, SettlementData, Order, Refund, Fulfillment,
 *           Item, AdjustedItem, ItemPrice, ItemPriceAdjustments, Component, ItemFees, ItemFeeAdjustments,
 *           Fee, Promotion, PromotionAdjustment, OtherTransaction, OtherTransactionItem,
 *           AdvertisingTransactionDetails, SellerCouponPayment, CouponFee, RetroCharge,
 *           RetroChargeReversal, BaseTax, ShippingTax, Charge, ChargeBack, GuaranteeClaim, Liquidations,
 *           TaxWithholding, Amount; SettlementReport.java @ 27a868d names the XML elements "Retrocharge",
 *           "RetrochargeReversal", "Chargeback" — not the Java class names)
 *   [zyx]   pellegronbergzyxel/ZyxelCore eCommerce/eCommerceImportPayment.XmlPort.al (Business Central
 *           XMLport of the whole document in element order, "Amazon" renamed "eCommerce" in it)
 *   [odoo]  kulius/odoo13_lancer addons_lancer/amazon_connector/models/settlement_report.py (reads Order
 *           incl. Order/ShipmentFees/Fee, Refund, OtherTransaction, AdvertisingTransactionDetails,
 *           GuaranteeClaim, Chargeback, Retrocharge, RetrochargeReversal)
 *   [aris]  MeisterMichael/aristotle app/services/aristotle/sp_amazon_etl.rb (keys printed from a real
 *           file: SettlementData, Order, Refund, OtherTransaction, SellerCouponPayment; Order may hold
 *           several Fulfillment elements)
 *   [py]    an indexed Python MWS parser whose repository the search index does not name (class
 *           SettlementReportParser: OtherTransaction/Fees/Fee, SellerDealPayment/DealFee) — weakest source.
 * Shape confirmed by [dft]+[zyx]+[odoo]:
 *   AmazonEnvelope/Header, MessageType, Message/MessageID, Message/SettlementReport
 *   SettlementReport/SettlementData: AmazonSettlementID, TotalAmount@currency, StartDate, EndDate, DepositDate
 *   Order: AmazonOrderID, MerchantOrderID?, ShipmentID, MarketplaceName, Fulfillment+
 *     Fulfillment: MerchantFulfillmentID, PostedDate, Item+ (AmazonOrderItemCode, MerchantOrderItemID?,
 *     SKU, Quantity, ItemPrice/Component*, ItemFees/Fee*, Promotion*)  -- the posted date sits in Fulfillment
 *   Refund (and Chargeback, GuaranteeClaim): AmazonOrderID, MerchantOrderID?, AdjustmentID, MarketplaceName,
 *     Fulfillment (MerchantFulfillmentID, PostedDate, AdjustedItem+ (AmazonOrderItemCode,
 *     MerchantAdjustmentItemID, SKU, ItemPriceAdjustments/Component*, ItemFeeAdjustments/Fee*, PromotionAdjustment*))
 *   Component / Fee / Promotion / PromotionAdjustment / Charge / CouponFee: Type + Amount@currency
 *   OtherTransaction: AmazonOrderID?, TransactionType, ShipmentID?, TransactionID, PostedDate, Amount@currency,
 *     OtherTransactionItem* (SKU, Quantity, Amount@currency)
 *   AdvertisingTransactionDetails: TransactionType, PostedDate, InvoiceId, BaseAmount, TaxAmount?, TransactionAmount
 * Every element carrying a `currency` attribute is an amount and becomes a line (or, for the breakdowns
 * below, is checked against the total it explains); an amount-like element without `currency` stops the
 * import with its file line and element name. Nothing is skipped.
 */

interface Frame {
  name: string;
  attributes: Record<string, string>;
  text: string;
  hasChildren: boolean;
  /** Text of the simple child elements seen so far (AmazonOrderID, SKU, Type, ...). */
  fields: Map<string, string>;
  /** Amount elements directly inside this element, turned into pending lines when it closes. */
  amounts: Array<{ name: string; text: string; currency: string; row: number }>;
}

/** An amount read inside one transaction element, finished into a line when the transaction closes. */
interface Pending {
  element: string;
  holder: string;
  text: string;
  currency: string;
  row: number;
  /** Element path from the transaction to the amount, e.g. Order/Fulfillment/Item/ItemPrice/Component/Amount. */
  path: string;
  amountType: string;
  /** '' = the transaction's own description (TransactionType, else its element name). */
  description: string;
  /** Fields of the elements between the transaction and the amount (inner wins). */
  scoped: Map<string, string>;
}

interface Transaction {
  frame: Frame;
  pending: Pending[];
  /** First PostedDate / MerchantFulfillmentID anywhere inside (Order/ShipmentFees sits outside Fulfillment). */
  firstSeen: Map<string, string>;
}

/**
 * Collection element -> the V2 amount-type it corresponds to, so one catalog (line-catalog.ts) serves
 * every dialect.
 * Confirmed: ItemPrice, ItemPriceAdjustments, ItemFees, ItemFeeAdjustments, Promotion, PromotionAdjustment
 *   [dft Item.java, AdjustedItem.java, PromotionAdjustment.java; zyx; odoo]; ShipmentFees (Order/ShipmentFees/Fee)
 *   [odoo process_settlement_orders]; OtherTransaction (its Amount) [dft OtherTransaction.java; zyx; odoo].
 * [UNVERIFIED] Fees (OtherTransaction/Fees/Fee) seen only in [py]; OrderFees, DirectPayment are guesses
 *   from the legacy flat file's order-fee / direct-payment columns (NOTES §6.3), not seen in any XML source.
 * [UNVERIFIED] AdvertisingTransactionDetails -> other-transaction: the element is confirmed [dft; zyx; odoo],
 *   its V2 amount-type is not; legacy files book ads as ServiceFee / "Cost of Advertising" / TaxAmount in the
 *   columns this project reads as other-transaction (NOTES §6.5, core/settlement/README.md).
 */
const AMOUNT_TYPES: Record<string, string> = {
  ItemPrice: 'ItemPrice',
  ItemPriceAdjustments: 'ItemPrice',
  ItemFees: 'ItemFees',
  ItemFeeAdjustments: 'ItemFees',
  Promotion: 'Promotion',
  PromotionAdjustment: 'Promotion',
  ShipmentFees: 'Shipment-Fees',
  OtherTransaction: 'other-transaction',
  AdvertisingTransactionDetails: 'other-transaction',
  Fees: 'ItemFees',
  OrderFees: 'Shipment-Fees',
  DirectPayment: 'DirectPayment',
  DirectPayments: 'DirectPayment',
};

/**
 * Transaction elements (children of SettlementReport) whose line transaction-type is not their element name.
 * AdvertisingTransactionDetails: its TransactionType holds charge/refund (as the Finances API's
 * ProductAdsPaymentEvent.transactionType), so its lines are written the way the legacy flat file writes
 * ads — transaction-type "ServiceFee", description "Cost of Advertising" and "TaxAmount" (NOTES §6.5,
 * real legacy files). [UNVERIFIED]: no XML sample shows the TransactionType values.
 * Every other transaction uses its TransactionType child when it has one (OtherTransaction,
 * SellerCouponPayment, SellerDealPayment, TaxWithholding [dft, zyx, py]), else its element name (Order,
 * Refund, Chargeback, GuaranteeClaim, Retrocharge, RetrochargeReversal, Liquidations [dft, odoo]).
 */
const FIXED_TRANSACTION_TYPES: Record<string, string> = {
  AdvertisingTransactionDetails: 'ServiceFee',
};

/**
 * Line field <- element. Confirmed [dft Order/Refund/Fulfillment/Item/AdjustedItem/Promotion.java; zyx]:
 * AmazonOrderID, MerchantOrderID, AdjustmentID, ShipmentID, MarketplaceName, MerchantFulfillmentID,
 * AmazonOrderItemCode, MerchantOrderItemID, MerchantAdjustmentItemID, SKU, MerchantPromotionID.
 * OrderId / SellerOrderId: only in [dft Liquidations.java] [UNVERIFIED].
 */
const FIELD_ELEMENTS: ReadonlyArray<[keyof SettlementLine, readonly string[]]> = [
  ['orderId', ['AmazonOrderID', 'OrderId']],
  ['merchantOrderId', ['MerchantOrderID', 'SellerOrderId']],
  ['adjustmentId', ['AdjustmentID']],
  ['shipmentId', ['ShipmentID']],
  ['marketplaceName', ['MarketplaceName']],
  ['fulfillmentId', ['MerchantFulfillmentID']],
  ['orderItemCode', ['AmazonOrderItemCode']],
  ['merchantOrderItemId', ['MerchantOrderItemID']],
  ['merchantAdjustmentItemId', ['MerchantAdjustmentItemID']],
  ['sku', ['SKU']],
  ['promotionId', ['MerchantPromotionID']],
];

/**
 * Identifiers the line model has no column for, kept in `line.extra` so they reach the store:
 * TransactionID [dft OtherTransaction.java; zyx], InvoiceId [dft AdvertisingTransactionDetails.java; zyx],
 * CouponID, PaymentReason, Count [dft SellerCouponPayment.java], DealID, DealDescription [py] [UNVERIFIED].
 */
const EXTRA_FIELDS = ['TransactionID', 'InvoiceId', 'CouponID', 'PaymentReason', 'Count', 'DealID', 'DealDescription'];

/** An element with one of these names is an amount: without a `currency` attribute it is refused. */
const looksLikeAmount = (name: string) => name === 'Amount' || name.endsWith('Amount');

export class XmlSettlementParser {
  private readonly frames: Frame[] = [];
  private readonly out: SettlementRecord[] = [];
  private readonly tokenizer: XmlTokenizer;
  private row = 0;
  private summarySeen = false;
  private transaction: Transaction | null = null;

  constructor(private readonly ctx: ParseContext) {
    this.tokenizer = new XmlTokenizer({
      open: (name, attributes) => {
        const parent = this.frames[this.frames.length - 1];
        if (parent) parent.hasChildren = true;
        const frame: Frame = { name, attributes, text: '', hasChildren: false, fields: new Map(), amounts: [] };
        this.frames.push(frame);
        if (parent?.name === 'SettlementReport' && name !== 'SettlementData') {
          this.transaction = { frame, pending: [], firstSeen: new Map() };
        }
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
    const nulAt = text.indexOf('\0');
    try {
      if (nulAt >= 0) {
        // Read up to the NUL so the error names the element that holds it.
        this.tokenizer.feed(text.slice(0, nulAt));
        const holder = this.frames[this.frames.length - 1];
        this.ctx.failOnNul(row, holder?.name ?? `character ${nulAt + 1}`, holder?.text ?? text.slice(0, nulAt + 1), text);
      }
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
    if (!frame.hasChildren && parent) {
      this.leaf(frame, parent);
      return;
    }
    if (frame.name === 'SettlementData') {
      this.summary(frame);
      return;
    }
    if (frame.amounts.length) this.collect(frame);
    if (this.transaction?.frame === frame) {
      this.finish(this.transaction);
      this.transaction = null;
    }
  }

  private leaf(frame: Frame, parent: Frame): void {
    const value = frame.text.trim();
    const currency = frame.attributes['currency'];
    if (parent.name === 'SettlementData' && currency !== undefined && frame.name !== 'TotalAmount') {
      this.ctx.fail(this.row, frame.name, value, `an amount <${frame.name}> in SettlementData, where only TotalAmount is known; it would be lost`);
    }
    if (currency !== undefined && parent.name !== 'SettlementData') {
      parent.amounts.push({ name: frame.name, text: value, currency, row: this.row });
      return;
    }
    if (currency === undefined && looksLikeAmount(frame.name)) {
      this.ctx.fail(this.row, frame.name, value, `<${frame.name}> inside <${parent.name}> has no currency attribute; an amount without its currency cannot be read`);
    }
    parent.fields.set(frame.name, value);
    if (currency !== undefined) parent.fields.set(`${frame.name}@currency`, currency);
    const t = this.transaction;
    if (t && (frame.name === 'PostedDate' || frame.name === 'MerchantFulfillmentID') && !t.firstSeen.has(frame.name)) {
      t.firstSeen.set(frame.name, value);
    }
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

  /** The amounts directly inside `holder` (just closed): resolve what the elements around them say. */
  private collect(holder: Frame): void {
    const t = this.transaction;
    const first = holder.amounts[0]!;
    if (!t) {
      this.ctx.fail(first.row, first.name, first.text, `an amount inside <${holder.name}> that is not part of a transaction under SettlementReport`);
    }
    const isTransaction = t.frame === holder;
    // Open ancestors between the transaction (exclusive) and the holder; the holder is already popped.
    const from = this.frames.indexOf(t.frame) + 1;
    const chain = isTransaction ? [] : [...this.frames.slice(from), holder];
    const scoped = new Map<string, string>();
    for (const f of chain) for (const [k, v] of f.fields) scoped.set(k, v);
    let amountType = '';
    for (let i = chain.length - 1; i >= 0 && !amountType; i--) amountType = AMOUNT_TYPES[chain[i]!.name] ?? '';
    if (!amountType) amountType = AMOUNT_TYPES[t.frame.name] ?? t.frame.name;
    // Pair wrappers (Component, Fee, Promotion, Charge, CouponFee, DealFee) name their amount in Type;
    // named wrappers (BaseTax, ShippingTax [dft RetroCharge.java; odoo]) by their own name.
    const type = isTransaction ? undefined : holder.fields.get('Type');
    const path = [t.frame, ...chain].map((f) => f.name).join('/');
    for (const a of holder.amounts) {
      const description = type ?? (isTransaction ? (a.name === 'Amount' || a.name === 'TransactionAmount' ? '' : a.name) : holder.name);
      t.pending.push({ element: a.name, holder: holder.name, path: `${path}/${a.name}`, text: a.text, currency: a.currency, row: a.row, amountType, description, scoped });
    }
  }

  private finish(t: Transaction): void {
    const tx = t.frame;
    const own = (name: string) => tx.fields.get(name) ?? '';
    const transactionType = FIXED_TRANSACTION_TYPES[tx.name] ?? (own('TransactionType') || tx.name);
    const ownDescription = own('TransactionType') || tx.name;
    const extra: Record<string, string> = {};
    for (const name of EXTRA_FIELDS) if (own(name)) extra[name] = own(name);
    let pending = t.pending;
    if (tx.name === 'AdvertisingTransactionDetails') pending = this.advertising(tx, pending, extra);
    else pending = this.otherTransactionItems(tx, pending, extra);
    const hasExtra = Object.keys(extra).length > 0;
    for (const p of pending) {
      const field = (name: string) => p.scoped.get(name) ?? tx.fields.get(name);
      const line: SettlementLine = {
        row: p.row,
        settlementId: this.ctx.settlementId ?? '',
        transactionType,
        amountType: p.amountType,
        amountDescription: p.description || ownDescription,
        amount: this.ctx.amount(p.text, p.currency, p.row, p.element),
        currency: p.currency,
        orderId: '',
        merchantOrderId: '',
        adjustmentId: '',
        shipmentId: '',
        marketplaceName: '',
        fulfillmentId: '',
        postedDate: this.ctx.date(field('PostedDate') ?? t.firstSeen.get('PostedDate') ?? '', p.row, 'PostedDate'),
        orderItemCode: '',
        merchantOrderItemId: '',
        merchantAdjustmentItemId: '',
        sku: '',
        quantity: null,
        promotionId: '',
        source: p.path,
      };
      for (const [key, elements] of FIELD_ELEMENTS) {
        let v = '';
        for (const e of elements) if (!v) v = field(e) ?? '';
        (line[key] as string) = v;
      }
      if (!line.fulfillmentId) line.fulfillmentId = t.firstSeen.get('MerchantFulfillmentID') ?? '';
      // Quantity belongs to the item around the amount, never to the transaction as a whole.
      line.quantity = this.ctx.quantity(p.scoped.get('Quantity') ?? p.scoped.get('QuantityShipped') ?? '', p.row, 'Quantity');
      if (hasExtra) line.extra = { ...extra };
      this.out.push({ kind: 'line', line });
    }
  }

  /**
   * AdvertisingTransactionDetails carries BaseAmount, TaxAmount (optional) and TransactionAmount [dft; zyx];
   * [odoo] books TransactionAmount, the Odoo parser behind [zyx]'s layout books base and tax apart. We write the
   * base and the tax as two lines and check that they make TransactionAmount, so the total is neither
   * counted twice nor lost.
   */
  private advertising(tx: Frame, pending: Pending[], extra: Record<string, string>): Pending[] {
    const kind = tx.fields.get('TransactionType');
    if (kind) extra['TransactionType'] = kind;
    const direct = (name: string) => pending.filter((p) => p.holder === tx.name && p.element === name);
    const [base] = direct('BaseAmount');
    const [tax] = direct('TaxAmount');
    const [total] = direct('TransactionAmount');
    const rest = pending.filter((p) => p !== base && p !== tax && p !== total);
    const parts: Pending[] = [];
    if (base) parts.push({ ...base, description: 'Cost of Advertising' });
    if (tax) parts.push({ ...tax, description: 'TaxAmount' });
    if (!parts.length && total) parts.push({ ...total, description: 'Cost of Advertising' });
    else if (total) {
      const sum = parts.reduce((s, p) => s + this.ctx.amount(p.text, p.currency, p.row, p.element), 0);
      const declared = this.ctx.amount(total.text, total.currency, total.row, total.element);
      if (sum !== declared) {
        this.ctx.fail(total.row, 'TransactionAmount', total.text, `BaseAmount${tax ? ' + TaxAmount' : ''} of this AdvertisingTransactionDetails do not add up to its TransactionAmount`);
      }
    }
    return [...parts, ...rest];
  }

  /**
   * OtherTransaction/OtherTransactionItem (SKU, Quantity, Amount) [dft OtherTransactionItem.java; zyx; and
   * the Odoo parser that reads it as a breakdown of the transaction's Amount]. When the items add up to
   * the transaction's Amount they replace it (one line per SKU); otherwise the Amount stays the line and
   * the items are kept as read in `extra`. [UNVERIFIED]: no sample shows whether items always sum.
   */
  private otherTransactionItems(tx: Frame, pending: Pending[], extra: Record<string, string>): Pending[] {
    const items = pending.filter((p) => p.holder === 'OtherTransactionItem');
    if (!items.length) return pending;
    const totals = pending.filter((p) => p.holder === tx.name && p.element === 'Amount');
    const others = pending.filter((p) => !items.includes(p) && !totals.includes(p));
    const value = (p: Pending) => this.ctx.amount(p.text, p.currency, p.row, p.element);
    const sum = items.reduce((s, p) => s + value(p), 0);
    const total = totals[0];
    if (totals.length <= 1 && (!total || (sum === value(total) && items.every((i) => i.currency === total.currency)))) {
      const amountType = total?.amountType ?? AMOUNT_TYPES[tx.name] ?? tx.name;
      return [...items.map((i) => ({ ...i, amountType, description: total?.description ?? '' })), ...others];
    }
    extra['OtherTransactionItem'] = items
      .map((i) => `${i.scoped.get('SKU') ?? ''} x${i.scoped.get('Quantity') ?? ''} = ${i.text} ${i.currency}`)
      .join('; ');
    return [...totals, ...others];
  }
}
