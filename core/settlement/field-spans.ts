import type { FieldEnds } from './field-ends';

/** JavaScript's whitespace (what String.prototype.trim removes). */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// A Buffer, as the blocks' bytes are: one kind of array at every read keeps those reads monomorphic.
const NO_BYTES: Uint8Array = Buffer.alloc(0);

/**
 * The tab-separated fields of one row as offsets into its text. Splitting a row makes a string per field
 * (two dozen per line, most of them never looked at again, all garbage a moment later); here a field
 * becomes a string only when it is asked for, and pooled values, amounts and dates are read straight
 * from the row's characters. One instance is reused for every row of a file.
 */
export class FieldSpans {
  /** What the offsets point into: the row, or the block it was cut from (see `readLocated`). */
  text = '';
  /**
   * The bytes `text` was read from, one per character, when the row was located in a block of ASCII
   * (see `readLocated`); empty otherwise. A byte of a typed array costs a few instructions to read,
   * a character of a string of unknown kind several times that.
   */
  bytes: Uint8Array = NO_BYTES;
  /** Fields of the current row (may exceed the capacity; only the first `capacity` are located). */
  count = 0;
  /** Bounds of the field last passed to `trim`. */
  start = 0;
  end = 0;
  /**
   * Where the row's fields end: field k at `ends[base + k]`; field 0 starts at `lineStart`, any other one
   * past the end of the field before it. Read in place from the block's FieldEnds when located.
   */
  private ends: Int32Array;
  private base = 0;
  private lineStart = 0;
  private readonly own: Int32Array;

  constructor(private readonly capacity: number) {
    this.own = new Int32Array(capacity);
    this.ends = this.own;
  }

  /** Locates the fields of `text`. */
  read(text: string): void {
    this.text = text;
    this.bytes = NO_BYTES;
    const own = this.own;
    const cap = this.capacity;
    let count = 0;
    // indexOf searches natively, faster than a charCodeAt loop over the row.
    for (let i = text.indexOf('\t'); i >= 0; i = text.indexOf('\t', i + 1)) {
      if (count < cap) own[count] = i;
      count++;
    }
    if (count < cap) own[count] = text.length;
    this.count = count + 1;
    this.ends = own;
    this.base = 0;
    this.lineStart = 0;
  }

  /**
   * Takes the fields of line `line` of the batch `located` describes from there; offsets (and `text`)
   * are then the block's, not the line's.
   */
  readLocated(located: FieldEnds, line: number): void {
    this.text = located.text;
    this.bytes = located.bytes;
    this.ends = located.ends;
    const base = located.first[line]!;
    this.base = base;
    this.count = located.first[line + 1]! - base;
    this.lineStart = located.lineStarts[line]!;
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
    const i = this.base + at;
    let s = at === 0 ? this.lineStart : this.ends[i - 1]! + 1;
    let e = this.ends[i]!;
    if (s < e) {
      const bytes = this.bytes;
      if (bytes.length !== 0) {
        // ASCII: the only whitespace is up to the space.
        if (bytes[s]! <= 32 || bytes[e - 1]! <= 32) {
          while (s < e && isSpace(bytes[s]!)) s++;
          while (e > s && isSpace(bytes[e - 1]!)) e--;
        }
      } else {
        const text = this.text;
        if (text.charCodeAt(s) <= 32 || text.charCodeAt(e - 1) <= 32) {
          while (s < e && isSpace(text.charCodeAt(s))) s++;
          while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
        }
      }
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
    const i = this.base + at;
    return this.text.slice(at === 0 ? this.lineStart : this.ends[i - 1]! + 1, this.ends[i]!);
  }

  /** Whether field `at`, trimmed, is exactly `value`. */
  is(at: number, value: string): boolean {
    if (!this.trim(at)) return value === '';
    const n = value.length;
    if (this.end - this.start !== n) return false;
    // A loop over a few characters costs less than a call of startsWith.
    const start = this.start;
    const bytes = this.bytes;
    if (bytes.length !== 0) {
      for (let k = 0; k < n; k++) if (bytes[start + k] !== value.charCodeAt(k)) return false;
      return true;
    }
    const text = this.text;
    for (let k = 0; k < n; k++) if (text.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
  }
}
