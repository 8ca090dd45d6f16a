import type { LedgerRates } from '../erp/exchange-rate';
import type { OrderNotInvoiced } from './orders-invoiced';
import type { MappingEntry } from '../mapping/mapping-entry';
import { moneyInText } from '../money';
import { resolveAccount, type MappingRules } from '../settlement/journal-rules';
import type { ReferenceSnapshot } from '../mapping/reference-cache';
import { noteReserves, reconcileFacts, type ReconciliationFacts } from '../settlement/reconciliation';
import {
  CATEGORY_LABELS, convertJournal, lineLabel, currencyWarningText, DEFAULT_LINE_CATALOG, noRateText, FeeMetricsTally, JournalBuilder, LineClassifier, marketplaceCurrencyWarning, reconcile, settlementWarnings,
  type CatalogEntry, type FeeMetrics, type JournalOptions, type LineCategory, type Reconciliation, type SettlementJournal, type SettlementLine, type SettlementSummary, type VarianceDecision,
} from '../settlement';

/** What checkSettlement reads instead of every line (built by reviewedGroups in reviewed-lines.ts). */
export interface ReviewedGroups {
  /** The included lines summed per group, in order of their first line (each line carries the group's sums). */
  groups: ReadonlyArray<{ line: SettlementLine; count: number }>;
  /** The lines the exclusions left out: how many, and their sum in the settlement's currency. */
  excluded: { lineCount: number; amount: number };
  /** Up to 20 rows of included lines in the settlement's currency whose amount is `amount`, in file order. */
  rowsWithAmount(amount: number): number[];
  /** Up to 20 rows of included lines in another currency, in file order. */
  foreignRows(): number[];
  /** Count and sum per SKU of the included lines, in order of their first line. */
  skuTotals(): Map<string, { count: number; amount: number }>;
}

const isGroups = (x: Iterable<SettlementLine> | ReviewedGroups): x is ReviewedGroups => 'groups' in x && 'skuTotals' in x;

export type ReviewSeverity = 'blocking' | 'warning';

export const REVIEW_KINDS = [
  'superseded', 'reissued', 'no-connection', 'reference-not-read', 'unknown-type', 'unmapped-fee', 'unmapped-role',
  'unmapped-sku', 'unmapped-marketplace', 'account-missing', 'account-not-postable', 'difference', 'foreign-currency', 'anomaly',
  'implausible-amount', 'no-exchange-rate', 'refund-without-return', 'orders-not-invoiced',
  'refund-not-credited', 'payout-difference',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** One problem the checks found in a settlement version. `key` names it stably across evaluations. */
export interface Finding {
  key: string;
  kind: ReviewKind;
  severity: ReviewSeverity;
  title: string;
  facts: Record<string, unknown>;
  lineCount: number | null;
  amount: number | null;
  currency: string | null;
}

/** Lines a person chose to leave out of the journal, with a reason (never silently). */
export type ExclusionScope =
  | { match: { transactionType: string; amountType: string; amountDescription: string } }
  | { rows: number[] }
  | { currency: string };

export const ROLE_TEXT = { clearing: 'Amazon clearing (or bank)', reserve: 'reserve', carriedForward: 'carried-forward' } as const;
export type SettlementRole = keyof typeof ROLE_TEXT;

export interface CheckInput {
  summary: SettlementSummary;
  /** incompleteCopy: kept beside the current version because its lines do not add up to its total (core/settlement/settlement-versions.ts). */
  version: { number: number; status: 'current' | 'superseded'; reissued: boolean; currentVersion: number; incompleteCopy?: boolean };
  connection: { id: string; name: string } | null;
  /** The connection's rows as the mapping editor keeps them, and the rules the journal builder reads. */
  entries: readonly MappingEntry[];
  rules: MappingRules;
  /** The connection's cached ERP data; null without a connection. */
  reference: ReferenceSnapshot | null;
  exclusions: readonly ExclusionScope[];
  /** Fee levels of the seller's other settlements (for the anomaly warnings). */
  earlier: readonly FeeMetrics[];
  /** The accepted variance for a difference, when a person accepted exactly this difference. */
  varianceFor?: (difference: number) => VarianceDecision | null;
  /** The company's time zone the journal's months are cut in (settlementTimeZone); UTC when absent. */
  timeZone?: string;
  /** Lines far larger than the seller's usual settlement (ImplausibleLines); absent when there is no usual size yet. */
  implausible?: ImplausibleLines;
  /**
   * The connection's local currency and exchange rates when its ERP posts journals only in that currency
   * (core/mapping/exchange-rate-cache.ts); null or absent: the journal posts in the settlement's currency.
   */
  ledger?: LedgerRates | null;
  /**
   * The settlement's orders the connection has not invoiced, when it books orders as invoices (null or
   * absent when it books them from the settlement).
   */
  ordersNotInvoiced?: readonly OrderNotInvoiced[] | null;
}

/** Lines larger than `multiple` × the seller's usual settlement size (median deposit of earlier settlements). */
export interface ImplausibleLines {
  multiple: number;
  /** The usual settlement size, minor units of the settlement's currency. */
  usual: number;
  lines: Array<{ row: number; amount: number; transactionType: string; amountType: string; amountDescription: string }>;
}

export interface CheckResult {
  findings: Finding[];
  metrics: FeeMetrics;
  reconciliation: Reconciliation;
  /** The journal with exclusions and an accepted variance applied: what approval approves. */
  journal: SettlementJournal;
  excluded: { lineCount: number; amount: number };
}

const SEP = '\u0001';
const catalogKeys = new Set(DEFAULT_LINE_CATALOG.map((c) => c.transactionType + SEP + c.amountType + SEP + c.amountDescription));

/**
 * The classifier of a review: the default catalog, plus the combinations unknown to it that a person
 * mapped to an account (an explicit statement of what they are; they post as 'other-fee').
 */
export function reviewClassifier(entries: readonly MappingEntry[]): LineClassifier {
  const base = new LineClassifier();
  const user: CatalogEntry[] = [];
  for (const e of entries) {
    if (e.kind !== 'fee' || !e.amountDescription) continue;
    if (catalogKeys.has(e.transactionType + SEP + e.amountType + SEP + e.amountDescription)) continue;
    if (e.transactionType !== '*' && e.amountType !== '*' && base.classify(e)) continue;
    user.push({ transactionType: e.transactionType, amountType: e.amountType, amountDescription: e.amountDescription, category: 'other-fee' });
  }
  return user.length ? new LineClassifier(user) : base;
}

export function excludes(scope: ExclusionScope, line: SettlementLine): boolean {
  if ('rows' in scope) return scope.rows.includes(line.row);
  if ('currency' in scope) return line.currency === scope.currency;
  const m = scope.match;
  // '*' in any field matches any value: an item for a family (any reason code) excludes all its lines.
  return (m.amountDescription === '*' || m.amountDescription === line.amountDescription) && (m.transactionType === '*' || m.transactionType === line.transactionType) && (m.amountType === '*' || m.amountType === line.amountType);
}

interface Tally { transactionType: string; amountType: string; amountDescription: string; category: string | null; count: number; amount: number; currency: string; unmapped: boolean }

/** "ItemFees / Commission" for a rule that holds for any transaction type, else all three. */
const typeText = (t: { transactionType: string; amountType: string; amountDescription: string }) =>
  [t.transactionType, t.amountType].filter((f) => f !== '*').concat(t.amountDescription).join(' / ');

/**
 * Checks one settlement version in one pass over its lines, or over its stored line groups with the
 * exclusions taken out (reviewedGroups; the same results, in the same order): what blocks approval (unknown
 * types, what no rule maps, accounts the ERP does not have or refuses, a difference to the declared
 * total, lines in another currency, a re-issue) and what a person should see (fee levels, deposit).
 */
export function checkSettlement(input: CheckInput, lines: Iterable<SettlementLine> | ReviewedGroups): CheckResult {
  const { summary, rules, connection, reference } = input;
  const currency = summary.currency;
  const classifier = reviewClassifier(input.entries);
  const options: JournalOptions = input.timeZone ? { timeZone: input.timeZone } : {};
  const builder = new JournalBuilder(summary, rules, options, classifier);
  const metrics = new FeeMetricsTally(classifier);
  const byType = new Map<string, Tally>();
  const bySku = new Map<string, { count: number; amount: number }>();
  const byMarketplace = new Map<string, { count: number; amount: number }>();
  /** account code -> the types (or roles) that post to it */
  const accountUse = new Map<string, Set<string>>();
  const excluded = { lineCount: 0, amount: 0 };
  const exclusions = input.exclusions;
  const useAccount = (code: string, by: string) => {
    let s = accountUse.get(code);
    if (!s) accountUse.set(code, (s = new Set()));
    s.add(by);
  };

  /** One line, or `count` lines summed into one (a stored line group), into every tally but the SKUs'. */
  const tally = (l: SettlementLine, count: number) => {
    builder.add(l, count);
    metrics.addLine(l);
    const entry = classifier.classify(l);
    // One item per transaction type, even where the catalogue's entry covers every type: a refund's fee is
    // mapped (and reviewed) apart from a sale's, so a fix for one never moves the other unasked.
    const t = entry ?? l;
    const transactionType = t.transactionType === '*' ? l.transactionType : t.transactionType;
    const k = transactionType + SEP + t.amountType + SEP + t.amountDescription + SEP + l.currency;
    let typeTally = byType.get(k);
    if (!typeTally) {
      let unmapped = false;
      if (entry && entry.category !== 'reserve') {
        const mapped = resolveAccount(rules.rules, { category: entry.category, transactionType: l.transactionType, amountType: l.amountType, amountDescription: l.amountDescription });
        if (mapped) useAccount(mapped.account, entry.amountDescription);
        else unmapped = true;
      }
      typeTally = { transactionType, amountType: t.amountType, amountDescription: t.amountDescription, category: entry?.category ?? null, count: 0, amount: 0, currency: l.currency, unmapped };
      byType.set(k, typeTally);
    }
    typeTally.count += count;
    typeTally.amount += l.amount;
    if (l.marketplaceName) {
      const m = byMarketplace.get(l.marketplaceName) ?? { count: 0, amount: 0 };
      m.count += count;
      m.amount += l.amount;
      byMarketplace.set(l.marketplaceName, m);
    }
  };

  function* included(stream: Iterable<SettlementLine>): Generator<SettlementLine> {
    for (const l of stream) {
      if (exclusions.length && exclusions.some((x) => excludes(x, l))) {
        excluded.lineCount++;
        if (l.currency === currency) excluded.amount += l.amount;
        continue;
      }
      tally(l, 1);
      if (l.sku) {
        const s = bySku.get(l.sku) ?? { count: 0, amount: 0 };
        s.count++;
        s.amount += l.amount;
        bySku.set(l.sku, s);
      }
      yield l;
    }
  }

  /** The same tallies from line groups with the exclusions already taken out (see reviewed-lines.ts). */
  function fromGroups(source: ReviewedGroups): Reconciliation {
    Object.assign(excluded, source.excluded);
    const facts: ReconciliationFacts = {
      linesTotal: 0, foreignTotal: 0, hasCurrentReserve: false, hasPreviousReserve: false,
      rowsWithAmount: source.rowsWithAmount, foreignRows: source.foreignRows,
    };
    for (const g of source.groups) {
      tally(g.line, g.count);
      if (g.line.currency !== currency) facts.foreignTotal += g.line.amount;
      else {
        facts.linesTotal += g.line.amount;
        noteReserves(facts, g.line);
      }
    }
    // Per-SKU sums are not in the groups: read only when SKUs are mapped (the only use of them).
    if (input.entries.some((e) => e.kind === 'sku')) for (const [sku, s] of source.skuTotals()) bySku.set(sku, s);
    return reconcileFacts(summary, facts);
  }

  const superseded = input.version.status === 'superseded';
  // A superseded version cannot be approved, but its preview still shows what its lines hold: an incomplete
  // copy's shortfall is what a person weighs before making it current.
  const reconciliation = isGroups(lines) ? fromGroups(lines) : reconcile(summary, included(lines));
  const variance = reconciliation.difference !== 0 ? input.varianceFor?.(reconciliation.difference) ?? null : null;
  if (variance) options.variance = variance; // read by build(): a variance line for exactly this difference
  const journal = convertJournal(builder.build(), input.ledger);
  const feeMetrics = metrics.result(summary);
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'lineCount' | 'amount' | 'currency'> & Partial<Pick<Finding, 'lineCount' | 'amount' | 'currency'>>) =>
    findings.push({ lineCount: null, amount: null, currency: null, ...f });

  if (superseded) {
    const title = input.version.incompleteCopy
      ? `Incomplete copy: its lines do not add up to the declared total; version ${input.version.currentVersion} is current. Make this version current under Settlements to review it`
      : `Superseded: Amazon re-issued this settlement as version ${input.version.currentVersion}; only that version can be approved`;
    add({ key: 'superseded', kind: 'superseded', severity: 'blocking', title, facts: { currentVersion: input.version.currentVersion } });
    return { findings, metrics: feeMetrics, reconciliation, journal, excluded };
  }
  if (input.version.reissued) {
    add({ key: 'reissued', kind: 'reissued', severity: 'blocking', title: `Re-issued by Amazon: version ${input.version.number} replaces version ${input.version.number - 1} with different content; compare them, then acknowledge`, facts: { version: input.version.number, previous: input.version.number - 1 } });
  }
  if (!connection) {
    add({ key: 'no-connection', kind: 'no-connection', severity: 'blocking', title: 'There is no ERP connection to post to: add one under Connections', facts: {} });
  } else if (!reference?.refreshedAt.accounts) {
    add({ key: 'reference-not-read', kind: 'reference-not-read', severity: 'blocking', title: `The chart of accounts of ${connection.name} has not been read: refresh the ERP data under Mappings`, facts: { connectionId: connection.id } });
  }

  for (const t of byType.values()) {
    const facts = { transactionType: t.transactionType, amountType: t.amountType, amountDescription: t.amountDescription, category: t.category };
    const key = `${t.transactionType}|${t.amountType}|${t.amountDescription}${t.currency === currency ? '' : `|${t.currency}`}`;
    if (t.category === null) {
      add({ key: `unknown:${key}`, kind: 'unknown-type', severity: 'blocking', title: `Unknown transaction type ${typeText(t)}: map it to an account or exclude its lines`, facts, lineCount: t.count, amount: t.amount, currency: t.currency });
    } else if (t.unmapped && connection) {
      add({ key: `fee:${key}`, kind: 'unmapped-fee', severity: 'blocking', title: `No account mapped for ${typeText(t)} (${t.category in CATEGORY_LABELS ? lineLabel(t.category as LineCategory, t.transactionType) : t.category})`, facts, lineCount: t.count, amount: t.amount, currency: t.currency });
    }
  }

  if (connection) {
    const roleLines = journal.documents.flatMap((d) => d.lines).filter((l) => l.role === 'deposit' || l.role === 'reserve' || l.role === 'carried-forward');
    const roleOf = { deposit: 'clearing', reserve: 'reserve', 'carried-forward': 'carriedForward' } as const;
    for (const role of ['clearing', 'reserve', 'carriedForward'] as const) {
      const used = roleLines.filter((l) => roleOf[l.role as keyof typeof roleOf] === role);
      if (!used.length) continue;
      const account = rules.accounts[role];
      if (account) useAccount(account, `${ROLE_TEXT[role]} account`);
      else {
        // As the settlement states it: the deposit, the reserve lines' net; carried-forward nets to zero.
        const journalAmount = used.reduce((s, l) => s + l.amount, 0);
        const amount = role === 'clearing' ? journalAmount : role === 'reserve' ? -journalAmount : null;
        add({ key: `role:${role}`, kind: 'unmapped-role', severity: 'blocking', title: `No ${ROLE_TEXT[role]} account is set: the journal needs one`, facts: { role }, lineCount: used.reduce((s, l) => s + l.lineCount, 0) || null, amount, currency });
      }
    }
    if (variance) useAccount(variance.account, 'accepted variance');

    const notInvoiced = input.ordersNotInvoiced ?? [];
    if (notInvoiced.length) {
      const n = notInvoiced.length;
      const shown = notInvoiced.slice(0, 5).map((o) => o.orderId).join(', ');
      add({
        key: 'orders-not-invoiced', kind: 'orders-not-invoiced', severity: 'blocking',
        title: `${n} order${n === 1 ? '' : 's'} of this settlement ${n === 1 ? 'is' : 'are'} not invoiced in ${connection.name}, which books orders as invoices: ${shown}${n > 5 ? ` and ${n - 5} more` : ''}. Invoice them under Orders (a refused order names what to map) before approving`,
        facts: { connectionId: connection.id, orders: notInvoiced.slice(0, 500) },
        lineCount: n,
      });
    }

    const skuRules = new Set(input.entries.filter((e) => e.kind === 'sku').map((e) => e.subject));
    if (skuRules.size) {
      for (const [sku, s] of bySku) {
        if (!skuRules.has(sku)) add({ key: `sku:${sku}`, kind: 'unmapped-sku', severity: 'blocking', title: `SKU ${sku} is not mapped to an item`, facts: { sku }, lineCount: s.count, amount: s.amount, currency });
      }
    }
    const marketplaceRules = new Set(input.entries.filter((e) => e.kind === 'marketplace').map((e) => e.subject));
    if (marketplaceRules.size) {
      for (const [m, s] of byMarketplace) {
        if (!marketplaceRules.has(m)) add({ key: `marketplace:${m}`, kind: 'unmapped-marketplace', severity: 'blocking', title: `Marketplace ${m} is not mapped to a customer`, facts: { marketplace: m }, lineCount: s.count, amount: s.amount, currency });
      }
    }
    // Orders as invoices: the lines the invoices carried are cleared against the marketplace's customer,
    // so a marketplace without one blocks, said as what is missing, not as an account missing for sales.
    for (const i of journal.issues) {
      if (i.kind !== 'no-customer' || findings.some((f) => f.key === `marketplace:${i.marketplace}`)) continue;
      add({
        key: `marketplace:${i.marketplace}`, kind: 'unmapped-marketplace', severity: 'blocking',
        title: `Marketplace ${i.marketplace || '(none named)'} is not mapped to a customer: ${connection.name} invoices its orders to that customer, and this settlement clears ${i.count} of its lines against it. Map the marketplace to its customer under Mappings, Marketplaces`,
        facts: { marketplace: i.marketplace }, lineCount: i.count, amount: i.amount, currency,
      });
    }

    if (reference?.refreshedAt.accounts) {
      const accounts = new Map(reference.accounts.map((a) => [a.code, a]));
      for (const [code, users] of [...accountUse].sort(([a], [b]) => a.localeCompare(b))) {
        const found = accounts.get(code);
        const usedBy = [...users].sort();
        if (!found) {
          add({ key: `account:${code}`, kind: 'account-missing', severity: 'blocking', title: `Account ${code} does not exist in ${connection.name} (used by ${usedBy.join(', ')})`, facts: { account: code, usedBy } });
        } else if (!found.postable) {
          add({ key: `account:${code}`, kind: 'account-not-postable', severity: 'blocking', title: `Account ${code} "${found.name}" cannot be posted to in ${connection.name} (used by ${usedBy.join(', ')})`, facts: { account: code, name: found.name, usedBy } });
        }
      }
    }
  }

  if (reconciliation.difference !== 0) {
    add({
      key: `difference:${reconciliation.difference}`, kind: 'difference', severity: 'blocking',
      title: excluded.lineCount
        ? `The lines do not sum to the declared total after excluding ${excluded.lineCount} line${excluded.lineCount === 1 ? '' : 's'}`
        : 'The lines do not sum to the declared total',
      facts: { declaredTotal: summary.totalAmount, linesTotal: reconciliation.linesTotal, difference: reconciliation.difference, causes: reconciliation.causes, excluded },
      amount: reconciliation.difference, currency,
    });
  }
  if (connection) exchangeRateFindings(journal, connection).forEach((f) => add(f));
  for (const issue of journal.issues) {
    if (issue.kind === 'foreign-currency') {
      add({ key: `currency:${issue.currency}`, kind: 'foreign-currency', severity: 'blocking', title: `Lines in ${issue.currency} inside a ${currency} settlement: currencies are never added together`, facts: { currency: issue.currency }, amount: -issue.amount, currency: issue.currency });
    }
  }

  const implausible = input.implausible;
  if (implausible && implausible.lines.length) {
    const rows = [...new Set(implausible.lines.map((l) => l.row))];
    const shown = implausible.lines.slice(0, 3).map((l) => `file line ${l.row} ${typeText(l)} ${moneyInText(l.amount, currency)}`).join('; ');
    const largest = implausible.lines.reduce((m, l) => (Math.abs(l.amount) > Math.abs(m.amount) ? l : m));
    add({
      key: 'implausible-amount', kind: 'implausible-amount', severity: 'blocking',
      title: `${implausible.lines.length === 1 ? 'A line is' : `${implausible.lines.length} lines are`} more than ${implausible.multiple}× this seller's usual settlement of ${moneyInText(implausible.usual, currency)}: ${shown}${implausible.lines.length > 3 ? '; …' : ''}. Check against Seller Central, then acknowledge or exclude`,
      facts: { rows, multiple: implausible.multiple, usual: implausible.usual, lines: implausible.lines },
      lineCount: implausible.lines.length, amount: largest.amount, currency,
    });
  }

  // A fee level is compared only where the settlement holds that fee: no storage lines is not "unusually low storage fees".
  const feesPresent = new Set([...byType.values()].filter((t) => t.count > 0 && t.amount !== 0 && t.currency === currency).map((t) => t.category));
  for (const w of settlementWarnings(feeMetrics, input.earlier)) {
    if (w.kind === 'fee-out-of-range') {
      if (!FEE_CATEGORIES[w.metric].some((c) => feesPresent.has(c))) continue;
      add({ key: `anomaly:fee:${w.metric}`, kind: 'anomaly', severity: 'warning', title: feeLevelSentence(w, currency), facts: { ...w, details: feeLevelDetails(w, currency) },
        ...(w.metric === 'referralRateBp' ? {} : { amount: w.value, currency }),
      });
    } else if (w.kind === 'no-deposit') {
      add({ key: 'anomaly:no-deposit', kind: 'anomaly', severity: 'warning', title: `No deposit: ${w.reason}`, facts: { ...w }, amount: summary.totalAmount, currency });
    } else {
      add({ key: 'anomaly:deposit-sequence', kind: 'anomaly', severity: 'warning', title: `Deposit dated ${w.depositDate.slice(0, 10)}, before the deposit of the earlier settlement ${w.previousSettlementId} (${w.previousDepositDate.slice(0, 10)})`, facts: { ...w } });
    }
  }
  const foreign = marketplaceCurrencyWarning(currency, [...byMarketplace.keys()].filter((m) => m !== ''));
  if (foreign) add({ key: 'anomaly:currency-not-of-marketplaces', kind: 'anomaly', severity: 'warning', title: currencyWarningText(foreign), facts: { ...foreign }, amount: summary.totalAmount, currency });
  return { findings, metrics: feeMetrics, reconciliation, journal, excluded };
}

/**
 * A settlement the chosen ERP connection cannot post: its journals post only in the company's local
 * currency and it holds no rate for the settlement's currency on the posting date. Said here, before
 * approval, not first at the last step of posting.
 */
export function exchangeRateFindings(journal: SettlementJournal, connection: { id: string; name: string }): Finding[] {
  const findings: Finding[] = [];
  for (const issue of journal.issues) {
    if (issue.kind !== 'no-exchange-rate') continue;
    const lines = journal.documents.filter((d) => d.currency === issue.currency && d.postingDate.slice(0, 10) === issue.date && !d.conversion);
    const deposit = lines.flatMap((d) => d.lines).filter((l) => l.role === 'deposit').reduce((s, l) => s + l.amount, 0);
    findings.push({
      key: `exchange-rate:${issue.currency}:${issue.localCurrency}:${issue.date}`, kind: 'no-exchange-rate', severity: 'blocking',
      title: noRateText(issue, connection.name),
      facts: { currency: issue.currency, localCurrency: issue.localCurrency, date: issue.date, connectionId: connection.id },
      lineCount: null, amount: deposit || null, currency: issue.currency,
    });
  }
  return findings;
}

const FEE_CATEGORIES: Record<FeeOutOfRange['metric'], readonly string[]> = {
  referralRateBp: ['referral-fee'],
  fbaFeePerUnit: ['fba-fee'],
  storageFees: ['storage-fee', 'long-term-storage-fee'],
};

type FeeOutOfRange = Extract<ReturnType<typeof settlementWarnings>[number], { kind: 'fee-out-of-range' }>;

/** A fee level in the words of its metric: a rate in percent, the others as money of the settlement. */
function feeLevel(metric: FeeOutOfRange['metric'], value: number, currency: string): string {
  if (metric === 'referralRateBp') return `${(value / 100).toFixed(2)} %`;
  return moneyInText(value, currency);
}

/** "The referral fee rate of this settlement, 30.00 %, is above its usual level of 15.00 % (earlier settlements: 11.25 % to 18.75 %)." */
function feeLevelSentence(w: FeeOutOfRange, currency: string): string {
  const what = { referralRateBp: 'The referral fee rate', fbaFeePerUnit: 'The FBA fee per unit sold', storageFees: 'The storage fees' }[w.metric];
  const at = (n: number) => feeLevel(w.metric, n, currency);
  const direction = w.value > w.high ? 'above' : 'below';
  return `${what} of this settlement, ${at(w.value)}, ${w.metric === 'storageFees' ? 'are' : 'is'} ${direction} the usual ${at(w.usual)} of earlier settlements in ${currency} (usual range ${at(w.low)} to ${at(w.high)}). Check it against Seller Central, then acknowledge it.`;
}

/** The figures behind the sentence, for the item's details. */
function feeLevelDetails(w: FeeOutOfRange, currency: string): Array<{ label: string; value: string }> {
  const at = (n: number) => feeLevel(w.metric, n, currency);
  return [
    { label: 'This settlement', value: at(w.value) },
    { label: `Usual (median of earlier settlements in ${currency})`, value: at(w.usual) },
    { label: 'Usual range', value: `${at(w.low)} to ${at(w.high)}` },
  ];
}
