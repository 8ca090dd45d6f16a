import { AmountParseError, currencyExponent, parseAmount, parsePlainAmount, provenDecimalSeparator, UnknownCurrencyError } from '../money';
import type { DecimalSeparator, Exponent } from '../money';
import type { ExpansionLimits } from '../net/expansion-limits';
import type { StopSignal } from './byte-source';
import { SettlementDateReader } from './settlement-date-reader';
import { DateParseError, type SlashDateOrder } from './settlement-dates';
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

/** What the readers of every dialect share while they walk one file. */
export class ParseContext {
  readonly file: string;
  private decimal: DecimalSeparator | undefined;
  private readonly exponents = new Map<string, Exponent>();
  private readonly dates = new SettlementDateReader();
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

  /** The amount in `text` from `start` to `end` (a field of a row): common shapes are read in place. */
  amountAt(text: string, start: number, end: number, currency: string, row: number, column: string): number {
    if (this.decimal !== undefined) {
      const plain = parsePlainAmount(text, start, end, this.exponent(currency, row));
      if (plain === plain) return plain; // not NaN
    }
    return this.amount(text.slice(start, end), currency, row, column);
  }

  date(text: string, row: number, column: string): string | null {
    return this.dateAt(text, 0, text.length, row, column);
  }

  /**
   * The date in `text` from `start` to `end` (a field of a row) as ISO 8601 UTC; null when empty.
   * `bytes`, when not empty, holds the characters of `text` one per byte (see FieldSpans).
   */
  dateAt(text: string, start: number, end: number, row: number, column: string, bytes?: Uint8Array): string | null {
    if (start === end) return null;
    const order = this.options.slashDateOrder ?? (this.currency === 'USD' ? 'mdy' : 'dmy');
    try {
      return this.dates.read(text, start, end, order, bytes);
    } catch (err) {
      if (err instanceof DateParseError) this.fail(row, column, text.slice(start, end), err.reason);
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
