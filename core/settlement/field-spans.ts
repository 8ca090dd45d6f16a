import type { FieldEnds } from './field-ends';

/** JavaScript's whitespace (what String.prototype.trim removes). */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The tab-separated fields of one row as offsets into its text. Splitting a row makes a string per field
 * (two dozen per line, most of them never looked at again, all garbage a moment later); here a field
 * becomes a string only when it is asked for, and pooled values, amounts and dates are read straight
 * from the row's characters. One instance is reused for every row of a file.
 */
export class FieldSpans {
  /** What the offsets point into: the row, or the block it was cut from (see `readLocated`). */
  text = '';
  /** Fields of the current row (may exceed the capacity; only the first `capacity` are located). */
  count = 0;
  /** Bounds of the field last passed to `trim`. */
  start = 0;
  end = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(private readonly capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Locates the fields of `text`. */
  read(text: string): void {
    this.text = text;
    const cap = this.capacity;
    const n = text.length;
    let count = 0;
    let from = 0;
    // indexOf searches natively, faster than a charCodeAt loop over the row.
    for (let i = text.indexOf('\t'); i >= 0; i = text.indexOf('\t', i + 1)) {
      if (count < cap) {
        this.starts[count] = from;
        this.ends[count] = i;
      }
      count++;
      from = i + 1;
    }
    if (count < cap) {
      this.starts[count] = from;
      this.ends[count] = n;
    }
    this.count = count + 1;
  }

  /**
   * Takes the fields of line `line` of the batch `located` describes from there; offsets (and `text`)
   * are then the block's, not the line's.
   */
  readLocated(located: FieldEnds, line: number): void {
    this.text = located.text;
    const ends = located.ends;
    const from = located.first[line]!;
    const count = located.first[line + 1]! - from;
    const n = Math.min(count, this.capacity);
    let start = located.lineStarts[line]!;
    for (let k = 0; k < n; k++) {
      const end = ends[from + k]!;
      this.starts[k] = start;
      this.ends[k] = end;
      start = end + 1;
    }
    this.count = count;
  }

  /**
   * Sets `start` and `end` to field `at` without its surrounding whitespace and says whether anything is
   * left. As the readers have always trimmed: only a field that begins or ends with a character up to
   * the space is trimmed (then as String.prototype.trim does); a missing field is empty.
   */
  trim(at: number): boolean {
    if (at < 0 || at >= this.count || at >= this.capacity) {
      this.start = this.end = 0;
      return false;
    }
    let s = this.starts[at]!;
    let e = this.ends[at]!;
    const text = this.text;
    if (s < e && (text.charCodeAt(s) <= 32 || text.charCodeAt(e - 1) <= 32)) {
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    }
    this.start = s;
    this.end = e;
    return s < e;
  }

  /** Field `at`, trimmed (see `trim`), as a string; '' when missing. */
  str(at: number): string {
    return this.trim(at) ? this.text.slice(this.start, this.end) : '';
  }

  /** Field `at` exactly as written; '' when missing. */
  raw(at: number): string {
    if (at < 0 || at >= this.count || at >= this.capacity) return '';
    return this.text.slice(this.starts[at]!, this.ends[at]!);
  }

  /** Whether field `at`, trimmed, is exactly `value`. */
  is(at: number, value: string): boolean {
    if (!this.trim(at)) return value === '';
    const n = value.length;
    if (this.end - this.start !== n) return false;
    // A loop over a few characters costs less than a call of startsWith.
    const text = this.text;
    const start = this.start;
    for (let k = 0; k < n; k++) if (text.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
  }
}
