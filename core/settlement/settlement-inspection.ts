import { currencyExponent, toDecimalString } from '../money';
import type { LineCategory } from './line-catalog';
import { LineClassifier } from './line-classifier';
import { TripleKeyMap } from './key-cache';
import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
import { currencyWarningText, marketplaceCurrencyWarning, type CurrencyWarning } from './settlement-marketplaces';

export interface TypeTotal {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  currency: string;
  category: LineCategory | null;
  count: number;
  /** Minor units. */
  amount: number;
}

/** What a settlement holds, computed in one streaming pass with memory bounded by its distinct combinations. */
export interface SettlementInspection {
  format: SettlementFormat;
  summary: SettlementSummary | null;
  lineCount: number;
  /** Sum of the lines in the summary's currency, minor units. */
  linesTotal: number;
  /** linesTotal - totalAmount: zero when the lines explain the deposit. */
  difference: number;
  byType: TypeTotal[];
  unknown: TypeTotal[];
  /** Lines in a currency other than the summary's (never added to linesTotal). */
  foreignCurrencyLines: number;
  /** The marketplace names of the lines, in order of first appearance. */
  marketplaces: string[];
  /** What does not block reading the file but a person should check. */
  warnings: CurrencyWarning[];
}

export class SettlementTally {
  private format: SettlementFormat = 'v2';
  private summary: SettlementSummary | null = null;
  private readonly types = new Map<string, TripleKeyMap<TypeTotal>>();
  private readonly totals = new Map<string, number>();
  private lineCount = 0;
  // The combinations of the currency of the previous line: nearly every line has the same currency.
  private lastCurrency = '';
  private lastTypes: TripleKeyMap<TypeTotal> | null = null;
  private readonly marketplaces = new Set<string>();
  private lastMarketplace = '';

  constructor(private readonly classifier = new LineClassifier()) {}

  add(record: SettlementRecord): void {
    if (record.kind === 'format') this.format = record.format;
    else if (record.kind === 'summary') this.summary = record.summary;
    else this.addLine(record.line);
  }

  /** Adds one line, or `count` lines of the same combination and currency summed into `line` (a LineGroup). */
  addLine(line: Pick<SettlementLine, 'transactionType' | 'amountType' | 'amountDescription' | 'currency' | 'amount'> & { marketplaceName?: string }, count = 1): void {
    this.lineCount += count;
    const place = line.marketplaceName ?? '';
    if (place !== this.lastMarketplace) {
      this.lastMarketplace = place;
      if (place !== '') this.marketplaces.add(place);
    }
    let byCombination = line.currency === this.lastCurrency ? this.lastTypes : this.types.get(line.currency);
    if (!byCombination) this.types.set(line.currency, (byCombination = new TripleKeyMap()));
    this.lastCurrency = line.currency;
    this.lastTypes = byCombination;
    let t = byCombination.get(line.transactionType, line.amountType, line.amountDescription);
    if (!t) {
      t = {
        transactionType: line.transactionType,
        amountType: line.amountType,
        amountDescription: line.amountDescription,
        currency: line.currency,
        category: this.classifier.classify(line)?.category ?? null,
        count: 0,
        amount: 0,
      };
      byCombination.set(line.transactionType, line.amountType, line.amountDescription, t);
    }
    t.count += count;
    t.amount += line.amount;
  }

  result(): SettlementInspection {
    // Per-currency totals are the sums of their combinations (kept apart to avoid a map write per line).
    this.totals.clear();
    for (const [currency, byCombination] of this.types) {
      let total = 0;
      for (const t of byCombination.values()) total += t.amount;
      this.totals.set(currency, total);
    }
    for (const [currency, total] of this.totals) {
      if (!Number.isSafeInteger(total)) throw new RangeError(`The ${currency} lines of this settlement add up beyond the safe integer range`);
    }
    const currency = this.summary?.currency ?? [...this.totals.keys()][0] ?? '';
    const linesTotal = this.totals.get(currency) ?? 0;
    const byType = [...this.types.values()].flatMap((m) => [...m.values()]).sort(
      (a, b) => a.transactionType.localeCompare(b.transactionType) || a.amountType.localeCompare(b.amountType) || a.amountDescription.localeCompare(b.amountDescription),
    );
    let foreign = 0;
    for (const t of byType) if (t.currency !== currency) foreign += t.count;
    const marketplaces = [...this.marketplaces];
    const currencyWarning = this.summary ? marketplaceCurrencyWarning(this.summary.currency, marketplaces) : null;
    return {
      format: this.format,
      summary: this.summary,
      lineCount: this.lineCount,
      linesTotal,
      difference: linesTotal - (this.summary?.totalAmount ?? 0),
      byType,
      unknown: byType.filter((t) => t.category === null),
      foreignCurrencyLines: foreign,
      marketplaces,
      warnings: currencyWarning ? [currencyWarning] : [],
    };
  }
}

export async function inspectSettlement(records: AsyncIterable<SettlementRecord>, classifier?: LineClassifier): Promise<SettlementInspection> {
  const tally = new SettlementTally(classifier);
  for await (const r of records) tally.add(r);
  return tally.result();
}

/** The JSON `settlement inspect --json` prints: ISO dates and decimal strings with a dot. */
export function inspectionToJson(i: SettlementInspection) {
  const currency = i.summary?.currency ?? i.byType[0]?.currency ?? '';
  const dec = (minor: number, c = currency) => toDecimalString(minor, currencyExponent(c));
  const type = (t: TypeTotal) => ({
    transactionType: t.transactionType,
    amountType: t.amountType,
    amountDescription: t.amountDescription,
    ...(t.currency !== currency ? { currency: t.currency } : {}),
    category: t.category,
    count: t.count,
    amount: dec(t.amount, t.currency),
  });
  return {
    settlementId: i.summary?.settlementId ?? null,
    format: i.format,
    currency,
    startDate: i.summary?.startDate ?? null,
    endDate: i.summary?.endDate ?? null,
    depositDate: i.summary?.depositDate ?? null,
    totalAmount: i.summary ? dec(i.summary.totalAmount) : null,
    linesTotal: dec(i.linesTotal),
    difference: dec(i.difference),
    lineCount: i.lineCount,
    byType: i.byType.map(type),
    unknown: i.unknown.map(type),
    marketplaces: i.marketplaces,
    warnings: i.warnings.map((w) => ({ ...w, message: currencyWarningText(w) })),
  };
}
