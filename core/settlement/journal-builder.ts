import { ORDER_TRANSACTION_TYPE, REFUND_TRANSACTION_TYPE, resolveAccount, type InvoicedOrders, type MappingRules } from './journal-rules';
import { calendarMonthIn, calendarMonthUtc, ZoneClock, type AccountingPeriod } from './accounting-period';
import type { LineCategory } from './line-catalog';
import { CATEGORY_LABELS, lineLabel } from './line-labels';
import { LineClassifier } from './line-classifier';
import { TripleKeyMap } from './key-cache';
import type { SettlementLine, SettlementSummary } from './settlement-model';
import type { ExchangeRate } from '../erp/exchange-rate';

/** How finely the journal lists the settlement: per account (default), marketplace, SKU, or order. */
export type JournalGrouping = 'summary' | 'marketplace' | 'sku' | 'order';

export interface VarianceDecision {
  account: string;
  reason: string;
  decidedBy: string;
}

export { calendarMonthUtc, type AccountingPeriod } from './accounting-period';

export interface JournalOptions {
  grouping?: JournalGrouping;
  /**
   * The company's time zone (IANA, e.g. "Asia/Tokyo"): periods are its calendar months and documents post
   * on its local dates. UTC when absent.
   */
  timeZone?: string;
  /** The accounting period of an instant, when the ERP's calendar is not calendar months. */
  periodOf?: (isoDate: string) => AccountingPeriod;
  /** The user's explicit decision to post an unexplained difference; never applied by default. */
  variance?: VarianceDecision;
}

export type JournalLineRole = 'amount' | 'reserve' | 'deposit' | 'carried-forward' | 'variance';

export interface JournalLine {
  role: JournalLineRole;
  /** null when no mapping rule covers the amount (the journal is then blocked). */
  account: string | null;
  dimensions: Readonly<Record<string, string>>;
  /** Minor units; positive is a debit, negative a credit. */
  amount: number;
  description: string;
  category: LineCategory | null;
  marketplaceName?: string;
  sku?: string;
  orderId?: string;
  /** The ERP customer this line posts to (an invoiced order's amounts, cleared against its customer); `account` is then the clearing account. */
  customer?: string;
  /** How many settlement lines this journal line sums. */
  lineCount: number;
}

export interface JournalDocument {
  settlementId: string;
  currency: string;
  period: string;
  /** ISO date (yyyy-MM-dd) the document posts on. */
  postingDate: string;
  /** 'settlement-payable' when the seller owes Amazon: the deposit is a credit to clearing. */
  kind: 'settlement' | 'settlement-payable';
  lines: JournalLine[];
  /** Set when the ERP posts only in its local currency: the lines in that currency (journal-conversion.ts). */
  conversion?: JournalConversion;
}

/**
 * A journal document in the company's local currency, for an ERP whose journal API posts only in that
 * currency (DESIGN §4): every line converted at the ERP's own rate for the document's posting date
 * (journal-conversion.ts).
 */
export interface JournalConversion {
  /** The local currency the document posts in. */
  currency: string;
  /** Units of local currency per unit of the document's currency, exactly, as "numerator/denominator". */
  rate: string;
  /** The same rate to 6 decimals, for people. */
  rateText: string;
  /** The ERP's rate rows it came from (more than one when a rate is stated against another currency). */
  rows: ExchangeRate[];
  /** Each line's amount in minor units of `currency`, in line order, the rounding difference included. */
  amounts: number[];
  /** What the rounding of the other lines left over, put on line `residueLine` so debits equal credits. */
  residue: number;
  residueLine: number;
}

export type JournalIssue =
  | { kind: 'unknown-combination'; transactionType: string; amountType: string; amountDescription: string; count: number; amount: number }
  | { kind: 'unmapped'; category: LineCategory; count: number; amount: number }
  /** Invoiced orders' lines of a marketplace with no customer mapped: the account is there, whom to clear is not. */
  | { kind: 'no-customer'; marketplace: string; count: number; amount: number }
  | { kind: 'difference'; difference: number }
  | { kind: 'no-summary' }
  | { kind: 'foreign-currency'; currency: string; amount: number }
  /**
   * The ERP posts only in `localCurrency` and holds no rate of `currency` on or before `date`; or, with
   * `postsIn` 'document-currency', it posts in `currency` but holds no rate for that very day to book the
   * local amounts with.
   */
  | { kind: 'no-exchange-rate'; currency: string; localCurrency: string; date: string; postsIn?: 'document-currency' };

export interface SettlementJournal {
  documents: JournalDocument[];
  /** Blocking problems; posting must wait until each is resolved. */
  issues: JournalIssue[];
  /** Σ lines − declared total in the settlement currency, before any variance line. */
  difference: number;
}


const SEP = '\u0001';

interface Target {
  account: string | null;
  customer?: string;
  /** The marketplace whose invoiced orders this line clears and which has no customer mapped. */
  missingCustomerOf?: string;
  dimensions: Readonly<Record<string, string>>;
  category: LineCategory | null;
  description: string;
  /** Account, dimensions and description joined once, so grouping a line costs one short key. */
  prefix: string;
}

interface Group {
  line: JournalLine;
  currency: string;
  period: AccountingPeriod;
}

/**
 * Turns a settlement into balanced journal documents, one per currency and accounting period.
 *
 * Signs: a settlement amount is what Amazon pays the seller, so it posts with the opposite sign to its
 * account (a sale of +100 is a credit of revenue, a fee of -15 a debit of expense) and the net deposit
 * is a debit of clearing. Reserves post to the reserve account whatever the rules say: a reserve is
 * money Amazon still owes, never an expense.
 *
 * A settlement spanning a period end becomes one document per period. Each earlier part posts on its
 * period end and parks its net in the carried-forward account; the part holding the settlement end
 * takes the deposit and releases what was carried forward, so the deposit ties to one set of documents.
 * Lines are dated by posted date, clamped into the settlement's own dates.
 *
 * Feed lines with `add` (streaming, memory bounded by the number of groups) and call `build`.
 */
export class JournalBuilder {
  // target -> currency -> period -> detail (SKU, order, ...) -> group; object keys hash for free, and no
  // key string is built per line.
  private readonly groups = new Map<Target, Map<string, Map<AccountingPeriod, Map<string, Group>>>>();
  /** One period object per id, so periods can key maps by identity. */
  private readonly periodsById = new Map<string, AccountingPeriod>();
  private readonly unknown = new Map<string, Extract<JournalIssue, { kind: 'unknown-combination' }>>();
  private readonly unmapped = new Map<LineCategory, Extract<JournalIssue, { kind: 'unmapped' }>>();
  private readonly noCustomer = new Map<string, Extract<JournalIssue, { kind: 'no-customer' }>>();
  private readonly periodCache = new Map<string, AccountingPeriod>();
  private readonly grouping: JournalGrouping;
  private readonly periodOf: (iso: string) => AccountingPeriod;
  /** The local date (yyyy-MM-dd) of an instant in the company's time zone. */
  private readonly localDate: (iso: string) => string;
  // Keyed by (transaction-type, amount-type, description), then marketplace (rules may match on it).
  private readonly mappingCache = new TripleKeyMap<Map<string, Target>>();
  private readonly targetsByPrefix = new Map<string, Target>();
  private linesTotal = 0;

  constructor(
    private readonly summary: SettlementSummary | null,
    private readonly mapping: MappingRules,
    private readonly options: JournalOptions = {},
    private readonly classifier = new LineClassifier(),
  ) {
    this.grouping = options.grouping ?? 'summary';
    const zone = options.timeZone && options.timeZone !== 'UTC' ? new ZoneClock(options.timeZone) : null;
    this.periodOf = options.periodOf ?? (zone ? calendarMonthIn(zone.timeZone) : calendarMonthUtc);
    this.localDate = zone ? (iso) => zone.localDate(iso) : (iso) => iso.slice(0, 10);
  }

  private period(line: SettlementLine): AccountingPeriod {
    // Posted dates repeat (the reader hands out one string per distinct date), so cache by the date itself.
    const cached = line.postedDate !== null ? this.periodCache.get(line.postedDate) : undefined;
    if (cached) return cached;
    let at = line.postedDate ?? this.summary?.endDate ?? this.summary?.startDate ?? null;
    const start = this.summary?.startDate;
    const end = this.summary?.endDate;
    if (at === null) at = new Date(0).toISOString();
    if (start && at < start) at = start;
    if (end && at > end) at = end;
    let p = this.periodOf(at);
    const known = this.periodsById.get(p.id);
    if (known) p = known;
    else this.periodsById.set(p.id, p);
    if (line.postedDate !== null && this.periodCache.size < 100_000) this.periodCache.set(line.postedDate, p);
    return p;
  }

  private target(line: SettlementLine): Target {
    let byMarketplace = this.mappingCache.get(line.transactionType, line.amountType, line.amountDescription);
    if (!byMarketplace) this.mappingCache.set(line.transactionType, line.amountType, line.amountDescription, (byMarketplace = new Map()));
    let t = byMarketplace.get(line.marketplaceName);
    if (!t) {
      const { account, customer, missingCustomerOf, dimensions, category, description } = journalTarget(this.mapping, this.classifier, line);
      const prefix = [account ?? '', customer ?? '', JSON.stringify(dimensions), description].join(SEP);
      // Combinations that post alike share one Target, so they share journal lines.
      t = this.targetsByPrefix.get(prefix) ?? { account, ...(customer ? { customer } : {}), ...(missingCustomerOf !== undefined ? { missingCustomerOf } : {}), dimensions, category, description, prefix };
      this.targetsByPrefix.set(prefix, t);
      byMarketplace.set(line.marketplaceName, t);
    }
    return t;
  }

  /**
   * Adds one line, or `count` lines that differ only in what the journal does not look at (the stored
   * preview feeds lines summed per combination, marketplace, currency and day; see storedJournalLines).
   */
  add(line: SettlementLine, count = 1): void {
    const t = this.target(line);
    if (!this.summary || line.currency === this.summary.currency) this.linesTotal += line.amount;
    if (t.category === null) {
      const k = line.transactionType + SEP + line.amountType + SEP + line.amountDescription;
      const u = this.unknown.get(k) ?? { kind: 'unknown-combination' as const, transactionType: line.transactionType, amountType: line.amountType, amountDescription: line.amountDescription, count: 0, amount: 0 };
      u.count += count;
      u.amount += line.amount;
      this.unknown.set(k, u);
    } else if (t.missingCustomerOf !== undefined) {
      const u = this.noCustomer.get(t.missingCustomerOf) ?? { kind: 'no-customer' as const, marketplace: t.missingCustomerOf, count: 0, amount: 0 };
      u.count += count;
      u.amount += line.amount;
      this.noCustomer.set(t.missingCustomerOf, u);
    } else if (t.account === null) {
      const u = this.unmapped.get(t.category) ?? { kind: 'unmapped' as const, category: t.category, count: 0, amount: 0 };
      u.count += count;
      u.amount += line.amount;
      this.unmapped.set(t.category, u);
    }
    const period = this.period(line);
    const detail =
      this.grouping === 'marketplace' ? line.marketplaceName : this.grouping === 'sku' ? line.sku : this.grouping === 'order' ? line.orderId || line.adjustmentId : '';
    const description = t.description;
    let byCurrency = this.groups.get(t);
    if (!byCurrency) this.groups.set(t, (byCurrency = new Map()));
    let byPeriod = byCurrency.get(line.currency);
    if (!byPeriod) byCurrency.set(line.currency, (byPeriod = new Map()));
    let byDetail = byPeriod.get(period);
    if (!byDetail) byPeriod.set(period, (byDetail = new Map()));
    let g = byDetail.get(detail);
    if (!g) {
      const jl: JournalLine = {
        role: t.category === 'reserve' ? 'reserve' : 'amount',
        account: t.account,
        dimensions: t.dimensions,
        amount: 0,
        description,
        category: t.category,
        lineCount: 0,
      };
      if (t.customer) jl.customer = t.customer;
      if (this.grouping === 'marketplace') jl.marketplaceName = line.marketplaceName;
      if (this.grouping === 'sku') jl.sku = line.sku;
      if (this.grouping === 'order') jl.orderId = line.orderId || line.adjustmentId;
      g = { line: jl, currency: line.currency, period };
      byDetail.set(detail, g);
    }
    g.line.amount -= line.amount;
    g.line.lineCount += count;
  }

  build(): SettlementJournal {
    const issues: JournalIssue[] = [...this.unknown.values(), ...this.unmapped.values(), ...this.noCustomer.values()];
    const summary = this.summary;
    if (!summary) issues.push({ kind: 'no-summary' });
    const currency = summary?.currency ?? '';
    const difference = this.linesTotal - (summary?.totalAmount ?? 0);

    type Draft = JournalDocument & { periodEnd: string; lastDay: string };
    const docs = new Map<string, Draft>();
    const allGroups = [...this.groups.values()].flatMap((byCurrency) =>
      [...byCurrency.values()].flatMap((byPeriod) => [...byPeriod.values()].flatMap((byDetail) => [...byDetail.values()])),
    );
    for (const g of allGroups) {
      const key = g.currency + SEP + g.period.id;
      let d = docs.get(key);
      if (!d) {
        d = draft(summary?.settlementId ?? '', g.currency, g.period);
        docs.set(key, d);
      }
      // Lines that net to nothing (a sale and its refund) post nothing.
      if (g.line.amount !== 0) d.lines.push(g.line);
    }
    const endPeriod = summary?.endDate ? this.periodOf(summary.endDate) : null;
    const byCurrency = new Map<string, Draft[]>();
    for (const d of docs.values()) byCurrency.set(d.currency, [...(byCurrency.get(d.currency) ?? []), d]);
    if (summary && endPeriod && !byCurrency.get(currency)?.some((d) => d.period === endPeriod.id)) {
      // The deposit belongs to the period the settlement ends in, even when no line falls in it (or
      // there are no lines at all): that period gets its document, and earlier ones carry forward to it.
      byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), draft(summary.settlementId, currency, endPeriod)]);
    }

    const documents: JournalDocument[] = [];
    for (const [cur, list] of byCurrency) {
      list.sort((a, b) => a.period.localeCompare(b.period));
      // The deposit goes to the document of the settlement's end period (the last one for another currency).
      const last = list.find((d) => d.period === endPeriod?.id) ?? list[list.length - 1]!;
      let carried = 0;
      for (const d of list) {
        if (d === last) continue;
        const net = d.lines.reduce((s, l) => s + l.amount, 0);
        if (net !== 0) d.lines.push({ role: 'carried-forward', account: this.mapping.accounts.carriedForward, dimensions: {}, amount: -net, description: `carried forward to ${last.period}`, category: null, lineCount: 0 });
        carried += -net;
        d.postingDate = d.lastDay;
      }
      if (carried !== 0) {
        last.lines.push({ role: 'carried-forward', account: this.mapping.accounts.carriedForward, dimensions: {}, amount: -carried, description: 'released from earlier periods', category: null, lineCount: 0 });
      }
      const end = summary?.endDate && summary.endDate < last.periodEnd ? summary.endDate : last.periodEnd;
      last.postingDate = this.localDate(end);
      if (cur === currency && summary) {
        if (summary.totalAmount !== 0) last.lines.push({ role: 'deposit', account: this.mapping.accounts.clearing, dimensions: {}, amount: summary.totalAmount, description: `settlement ${summary.settlementId} deposit`, category: null, lineCount: 0 });
        if (summary.totalAmount < 0) last.kind = 'settlement-payable';
        if (difference !== 0) {
          if (this.options.variance) {
            last.lines.push({ role: 'variance', account: this.options.variance.account, dimensions: {}, amount: difference, description: `variance accepted by ${this.options.variance.decidedBy}: ${this.options.variance.reason}`, category: null, lineCount: 0 });
          } else {
            issues.push({ kind: 'difference', difference });
          }
        }
      } else {
        // Amounts in another currency cannot be netted against this deposit: balance them through clearing and flag them.
        const net = last.lines.reduce((s, l) => s + l.amount, 0);
        if (net !== 0) last.lines.push({ role: 'deposit', account: this.mapping.accounts.clearing, dimensions: {}, amount: -net, description: `${cur} amounts inside a ${currency} settlement`, category: null, lineCount: 0 });
        issues.push({ kind: 'foreign-currency', currency: cur, amount: net });
      }
      for (const d of list) {
        const { periodEnd: _periodEnd, lastDay: _lastDay, ...doc } = d;
        // A document with nothing to post is not produced.
        if (doc.lines.length) documents.push(doc);
      }
    }
    return { documents, issues, difference };
  }
}

function draft(settlementId: string, currency: string, period: AccountingPeriod): JournalDocument & { periodEnd: string; lastDay: string } {
  return { settlementId, currency, period: period.id, postingDate: '', kind: 'settlement', lines: [], periodEnd: period.end, lastDay: period.lastDay ?? period.end.slice(0, 10) };
}

/** The fields of a settlement line that decide which journal line it lands on (with its currency and period). */
export type JournalTargetKey = Pick<SettlementLine, 'transactionType' | 'amountType' | 'amountDescription' | 'marketplaceName'>;

/**
 * Where a settlement line posts: its category, the mapped account and dimensions, and the journal line's
 * description. Lines with the same account, dimensions and description (in one currency and period) sum
 * into one journal line; the drill-down from a journal line finds its lines again with this function.
 */
export function journalTarget(mapping: MappingRules, classifier: LineClassifier, line: JournalTargetKey): { account: string | null; customer?: string; missingCustomerOf?: string; dimensions: Readonly<Record<string, string>>; category: LineCategory | null; description: string } {
  const category = classifier.classify(line)?.category ?? null;
  const invoiced = mapping.invoicedOrders;
  if (invoiced && category !== null && line.transactionType === ORDER_TRANSACTION_TYPE && invoiced.categories.includes(category)) return invoicedOrderTarget(mapping, invoiced, category, line);
  if (invoiced && category !== null && line.transactionType === REFUND_TRANSACTION_TYPE && invoiced.refundCategories?.includes(category)) return invoicedOrderTarget(mapping, invoiced, category, line);
  let account: string | null = null;
  let dimensions: Readonly<Record<string, string>> = {};
  if (category === 'reserve') account = mapping.accounts.reserve;
  else if (category !== null) {
    const mapped = resolveAccount(mapping.rules, {
      category,
      transactionType: line.transactionType,
      amountType: line.amountType,
      amountDescription: line.amountDescription,
    });
    account = mapped?.account ?? null;
    dimensions = mapped?.dimensions ?? {};
  }
  const description = category ? lineLabel(category, line.transactionType) : `${line.transactionType} / ${line.amountType} / ${line.amountDescription}`;
  return { account, dimensions, category, description };
}

/**
 * An invoiced order's amount: booked against the marketplace's customer (DESIGN §4, issue 19: the payout is
 * applied against the open invoices through the Amazon clearing customer). A connection whose ERP takes
 * customer lines and has no customer mapped for the marketplace gets no account: the line blocks posting
 * until the marketplace is mapped, rather than clearing the invoices of an unknown customer.
 */
function invoicedOrderTarget(mapping: MappingRules, invoiced: InvoicedOrders, category: LineCategory, line: JournalTargetKey) {
  const marketplaceName = line.marketplaceName;
  const label = line.transactionType === REFUND_TRANSACTION_TYPE ? `${lineLabel(category, line.transactionType)} of credited orders` : `${CATEGORY_LABELS[category]} of invoiced orders`;
  if (!invoiced.customerLines) return { account: mapping.accounts.clearing, dimensions: {}, category, description: `${label}, cleared` };
  const customer = invoiced.customers.get(marketplaceName.toLowerCase());
  if (!customer) return { account: null, missingCustomerOf: marketplaceName, dimensions: {}, category, description: `${label} (${marketplaceName || 'no marketplace'}: no customer mapped)` };
  return { account: mapping.accounts.clearing, customer, dimensions: {}, category, description: `${label}, customer ${customer}` };
}

/** An order's amount its invoice carries, or a refund's its credit note carries (where the ERP posts credit notes). */
function isInvoicedDocumentLine(invoiced: InvoicedOrders, category: LineCategory, transactionType: string): boolean {
  if (!invoiced.categories.includes(category)) return false;
  return transactionType === ORDER_TRANSACTION_TYPE || (invoiced.creditNotes === true && transactionType === REFUND_TRANSACTION_TYPE);
}

/** Σ debit − Σ credit of a document: zero for every document the builder returns, except when blocked by a difference. */
export function documentBalance(doc: JournalDocument): number {
  return doc.lines.reduce((s, l) => s + l.amount, 0);
}

/** The net deposit of a settlement in its journal: the clearing line of its own currency (other currencies' balancing lines aside). */
export function depositAmount(journal: SettlementJournal, currency: string): number {
  return journal.documents.filter((d) => d.currency === currency).flatMap((d) => d.lines).filter((l) => l.role === 'deposit').reduce((s, l) => s + l.amount, 0);
}
