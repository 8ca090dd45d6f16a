import { DateParseError, parseSettlementDate, type SlashDateOrder } from './settlement-dates';

const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TWO = Array.from({ length: 60 }, (_, i) => (i < 10 ? '0' : '') + i);

/** The value of the two ASCII digits at `i`, or -1. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function four(text: string, i: number): number {
  const hi = two(text, i);
  const lo = two(text, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/**
 * Reads the dates of a settlement file (settlement-dates.ts lists the forms) into ISO 8601 UTC strings,
 * a million times per file. The forms Amazon writes on almost every line (`2026-06-16 08:14:22 UTC`,
 * `16.06.2026 08:14:22 UTC`, `2026-06-16T08:14:22Z` or `+00:00`, `2026-06-16`, `16.06.2026`) are read
 * from their digits into an epoch number: the day is checked and turned into milliseconds once per
 * calendar day (a few dozen per file), the time of day is added arithmetically, and the ISO text is
 * built from the day's cached prefix. No regular expression, no Date and no substring per line; the
 * lines of one order repeat one timestamp and get the very same string back. Any other form goes to
 * parseSettlementDate, which reads or refuses it.
 */
export class SettlementDateReader {
  /** yyyymmdd -> epoch ms of its midnight UTC, for days already checked. */
  private readonly dayMs = new Map<number, number>();
  /** Epoch day number -> `yyyy-MM-ddT`. */
  private readonly dayPrefix = new Map<number, string>();
  private lastMs = Number.NaN;
  private lastIso = '';
  /**
   * The last common-form date as written (the next line usually repeats it), one byte per character (these
   * forms are ASCII), compared from the end, where two times differ.
   */
  private readonly lastChars = new Uint8Array(32);
  private lastLength = -1;
  private lastDayKey = -1;
  private lastDay = 0;
  private lastSlowText = '';
  private lastSlowIso = '';

  /**
   * The date in `text` between `start` and `end` (surrounding spaces allowed) as ISO 8601 UTC.
   * Throws DateParseError for text that is not a date in a known form, or names a day that does not exist.
   */
  read(text: string, start: number, end: number, slashOrder: SlashDateOrder, bytes?: Uint8Array): string {
    while (start < end && text.charCodeAt(start) === 32) start++;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    const n = end - start;
    if (n === this.lastLength) {
      const last = this.lastChars;
      let k = n - 1;
      // A row located in a block of ASCII comes with the block's bytes: reading those costs a fraction of reading characters.
      if (bytes !== undefined && bytes.length !== 0) while (k >= 0 && last[k] === bytes[start + k]) k--;
      else while (k >= 0 && last[k] === text.charCodeAt(start + k)) k--;
      if (k < 0) return this.lastIso;
    }
    const ms = this.epochMs(text, start, end);
    if (ms === ms) {
      // The common forms are at most 25 ASCII characters.
      for (let k = 0; k < n; k++) this.lastChars[k] = text.charCodeAt(start + k);
      this.lastLength = n;
      if (ms === this.lastMs) return this.lastIso;
      this.lastMs = ms;
      return (this.lastIso = this.iso(ms));
    }
    const slow = start === 0 && end === text.length ? text : text.slice(start, end);
    if (slow !== this.lastSlowText) {
      this.lastSlowIso = parseSettlementDate(slow, slashOrder);
      this.lastSlowText = slow;
    }
    return this.lastSlowIso;
  }

  /** Epoch milliseconds of the common forms; NaN for any other form (the caller reads it the slow way). */
  epochMs(text: string, start: number, end: number): number {
    const n = end - start;
    // The lengths of the forms read here; the checks below then never read past the field.
    if (n !== 10 && n !== 20 && n !== 23 && n !== 25) return Number.NaN;
    let y: number, mo: number, d: number;
    const c2 = text.charCodeAt(start + 2);
    const c4 = text.charCodeAt(start + 4);
    if (c4 === 45 && text.charCodeAt(start + 7) === 45) {
      // yyyy-MM-dd
      y = four(text, start);
      mo = two(text, start + 5);
      d = two(text, start + 8);
    } else if (c2 === 46 && text.charCodeAt(start + 5) === 46) {
      // dd.MM.yyyy
      d = two(text, start);
      mo = two(text, start + 3);
      y = four(text, start + 6);
    } else return Number.NaN;
    if (y < 0 || mo < 0 || d < 0) return Number.NaN;
    const day = this.day(text, start, end, y, mo, d);
    if (n === 10) return day;
    const sep = text.charCodeAt(start + 10);
    if ((sep !== 32 && sep !== 84) || text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return Number.NaN;
    if (!this.zoneIsUtc(text, start + 19, end)) return Number.NaN;
    const h = two(text, start + 11);
    const mi = two(text, start + 14);
    const s = two(text, start + 17);
    if (h < 0 || mi < 0 || s < 0) return Number.NaN;
    if (h > 23 || mi > 59 || s > 59) throw new DateParseError(text.slice(start, end), 'time of day out of range');
    return day + (h * 3600 + mi * 60 + s) * 1000;
  }

  /** ` UTC`, `Z` or `+00:00` after the seconds: the forms whose instant is the digits as written. */
  private zoneIsUtc(text: string, at: number, end: number): boolean {
    const n = end - at;
    if (n === 4) return text.charCodeAt(at) === 32 && text.charCodeAt(at + 1) === 85 && text.charCodeAt(at + 2) === 84 && text.charCodeAt(at + 3) === 67;
    if (n === 1) return text.charCodeAt(at) === 90;
    if (n === 6) return text.startsWith('+00:00', at);
    return false;
  }

  private day(text: string, start: number, end: number, y: number, mo: number, d: number): number {
    const key = y * 10000 + mo * 100 + d;
    if (key === this.lastDayKey) return this.lastDay;
    const known = this.dayMs.get(key);
    if (known !== undefined) {
      this.lastDayKey = key;
      return (this.lastDay = known);
    }
    const written = text.slice(start, end);
    if (mo < 1 || mo > 12) throw new DateParseError(written, `month ${mo} does not exist`);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!;
    if (d < 1 || d > days) throw new DateParseError(written, `day ${d} does not exist in month ${mo}`);
    // Years below 1000 would need another ISO form; the slow path (Date) writes them.
    if (y < 1000) return Number.NaN;
    const ms = Date.UTC(y, mo - 1, d);
    this.dayMs.set(key, ms);
    return ms;
  }

  /** `yyyy-MM-ddTHH:mm:ss.000Z` of an epoch instant on or after the year 1000. */
  private iso(ms: number): string {
    const dayNumber = Math.floor(ms / DAY_MS);
    let prefix = this.dayPrefix.get(dayNumber);
    if (prefix === undefined) {
      prefix = new Date(dayNumber * DAY_MS).toISOString().slice(0, 11);
      this.dayPrefix.set(dayNumber, prefix);
    }
    const seconds = (ms - dayNumber * DAY_MS) / 1000;
    const h = Math.floor(seconds / 3600);
    const rest = seconds - h * 3600;
    const mi = Math.floor(rest / 60);
    return prefix + TWO[h] + ':' + TWO[mi] + ':' + TWO[rest - mi * 60] + '.000Z';
  }
}
