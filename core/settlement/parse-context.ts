import { AmountParseError, currencyExponent, parseAmount, provenDecimalSeparator, UnknownCurrencyError } from '../money';
import type { DecimalSeparator, Exponent } from '../money';
import type { ExpansionLimits } from '../net/expansion-limits';
import type { StopSignal } from './byte-source';
import { DateParseError, parseSettlementDate, type SlashDateOrder } from './settlement-dates';
import { SettlementParseError } from './settlement-errors';
import { StringPool } from './string-pool';

export interface SettlementReadOptions {
  /** Shown in every error message; the path or the report document id. */
  fileName?: string;
  /** Charset declared by the download; detected when absent. */
  encoding?: string;
  /** The marketplace's decimal separator when known; otherwise learned from the first unambiguous amount. */
  decimalSeparator?: DecimalSeparator;
  /** Order of day and month in slash dates; by default month first for USD files, day first otherwise. */
  slashDateOrder?: SlashDateOrder;
  /** Keep each row's text on its lines (for persistence). */
  keepRaw?: boolean;
  /** Stops the read between chunks (a cancelled import). */
  signal?: StopSignal;
  /** Bounds on what a gzip file may expand to; expansionLimits() when absent. */
  expansion?: ExpansionLimits;
  /** Longest line accepted; MAX_LINE_LENGTH (1 MB) when absent. */
  maxLineLength?: number;
}

const DATE_SLOTS = 4096;

/** What the readers of every dialect share while they walk one file. */
export class ParseContext {
  readonly file: string;
  private decimal: DecimalSeparator | undefined;
  private readonly exponents = new Map<string, Exponent>();
  private readonly dates = new Map<string, string>();
  /**
   * In front of `dates`: a direct-mapped cache indexed by a few characters of the text (day, minute,
   * second digits), checked by string comparison. Looking a fresh string up in a Map costs its hash
   * (see StringPool); this costs four character reads and one comparison.
   */
  private readonly dateSlots: Array<{ text: string; value: string } | undefined> = new Array(DATE_SLOTS);
  private lastCurrency = '';
  private lastExponent: Exponent = 2;

  currency: string | null = null;
  settlementId: string | null = null;
  /** One instance per distinct type, description, currency or marketplace (see StringPool). */
  readonly pool = new StringPool();

  constructor(readonly options: SettlementReadOptions) {
    this.file = options.fileName ?? '(settlement)';
    this.decimal = options.decimalSeparator;
  }

  fail(row: number, column: string | null, value: string | null, reason: string): never {
    throw new SettlementParseError(this.file, row, column, value, reason);
  }

  /**
   * A NUL is never part of a settlement field, and consumers that read C strings (ERP drivers, terminals)
   * would cut the value at it; the row is refused at the field that holds it. A line that is mostly NULs
   * is UTF-16 read as UTF-8.
   */
  failOnNul(row: number, column: string, value: string, line: string): never {
    const nuls = line.split('\0').length - 1;
    const utf16 = nuls * 3 >= line.length ? '; the file looks like UTF-16 without a byte-order mark: save it as UTF-8' : '';
    this.fail(row, column.replaceAll('\0', '\\0'), value.replaceAll('\0', '\\0'), `contains a NUL byte (\\0), which no settlement field holds${utf16}`);
  }

  exponent(currency: string, row: number): Exponent {
    // Nearly every line of a file has the same currency: skip the map for a repeat.
    if (currency === this.lastCurrency) return this.lastExponent;
    let e = this.exponents.get(currency);
    if (e === undefined) {
      try {
        e = currencyExponent(currency);
      } catch (err) {
        if (err instanceof UnknownCurrencyError) this.fail(row, 'currency', currency, 'unknown currency code');
        throw err;
      }
      this.exponents.set(currency, e);
    }
    this.lastCurrency = currency;
    this.lastExponent = e;
    return e;
  }

  amount(text: string, currency: string, row: number, column: string): number {
    const exponent = this.exponent(currency, row);
    if (this.decimal === undefined) this.decimal = provenDecimalSeparator(text) ?? undefined;

    try {
      return parseAmount(text, exponent, this.decimal ? { decimalSeparator: this.decimal } : {});
    } catch (err) {
      if (err instanceof AmountParseError) this.fail(row, column, text, err.reason);
      throw err;
    }
  }

  date(text: string, row: number, column: string): string | null {
    const n = text.length;
    if (n === 0) return null;
    // A settlement has far fewer distinct timestamps than lines; remember them (bounded).
    const slot = n < 19 ? (text.charCodeAt(n - 1) * 31 + text.charCodeAt(n >> 1)) & (DATE_SLOTS - 1)
      : (text.charCodeAt(8) * 1009 + text.charCodeAt(9) * 101 + text.charCodeAt(15) * 11 + text.charCodeAt(18)) & (DATE_SLOTS - 1);
    const cached = this.dateSlots[slot];
    if (cached !== undefined && cached.text === text) return cached.value;
    const known = this.dates.get(text);
    if (known !== undefined) {
      this.dateSlots[slot] = { text, value: known };
      return known;
    }
    const order = this.options.slashDateOrder ?? (this.currency === 'USD' ? 'mdy' : 'dmy');
    try {
      const value = parseSettlementDate(text, order);
      if (this.dates.size >= 20_000) this.dates.clear();
      this.dates.set(text, value);
      this.dateSlots[slot] = { text, value };
      return value;
    } catch (err) {
      if (err instanceof DateParseError) this.fail(row, column, text, 'not a date in a known settlement format');
      throw err;
    }
  }

  quantity(text: string, row: number, column: string): number | null {
    if (text === '') return null;
    // "1", "2": one digit is by far the most common quantity.
    if (text.length === 1) {
      const d = text.charCodeAt(0) - 48;
      if (d >= 0 && d <= 9) return d;
    }
    const n = Number(text.trim());
    if (!Number.isSafeInteger(n)) this.fail(row, column, text, 'not a whole quantity');
    return n;
  }

  /** One file holds one settlement; a row of another settlement means a concatenated or damaged file. */
  checkSettlementId(id: string, row: number, column: string): void {
    if (id === '') return;
    if (this.settlementId === null) this.settlementId = id;
    else if (id !== this.settlementId) {
      this.fail(row, column, id, `belongs to another settlement than ${this.settlementId}; one file must hold one settlement`);
    }
  }
}
