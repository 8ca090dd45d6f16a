/**
 * Hands out one string instance per distinct value of a field with few values (transaction type,
 * amount type, description, currency, marketplace).
 *
 * Why: the fields split out of a row are fresh strings, and the first time a fresh string keys a Map
 * V8 computes its hash (measured: ~140 ns per line and field on Node 20, as much as splitting the whole
 * row costs per field). A pooled string is hashed once in its life, so every map keyed by it downstream
 * (classifier cache, tallies, journal groups) is cheap. The pool finds a value by its length and a
 * string comparison, which costs no hash. It stops growing at `limit` values and then hands new values
 * back as they are (still correct, only slower).
 */
export class StringPool {
  private readonly byLength: Array<string[] | undefined> = [];
  /**
   * Beside each pooled value of `byLength`, where its characters are in `arena`, one byte each (-1 for a
   * value with a character above U+00FF): found from a row's bytes, a value is compared byte by byte.
   */
  private readonly atByLength: Array<number[] | undefined> = [];
  private arena = new Uint8Array(1 << 12);
  private arenaUsed = 0;
  private size = 0;

  constructor(private readonly limit = 2048) {}

  /**
   * The pooled string equal to `text` from `start` to `end`, found by comparing characters, so a value
   * already in the pool costs no substring at all.
   */
  internSpan(text: string, start: number, end: number): string {
    const n = end - start;
    if (n === 0) return '';
    const same = n < 256 ? this.byLength[n] : undefined;
    if (same !== undefined) {
      for (let i = 0; i < same.length; i++) {
        const candidate = same[i]!;
        let k = 0;
        while (k < n && candidate.charCodeAt(k) === text.charCodeAt(start + k)) k++;
        if (k === n) return candidate;
      }
    }
    return this.intern(text.slice(start, end));
  }

  /**
   * The same, when `bytes` holds the characters of `text` one per byte (ASCII read as Latin-1): reading a
   * typed array costs a fraction of reading a string's characters.
   */
  internBytes(bytes: Uint8Array, text: string, start: number, end: number): string {
    const n = end - start;
    if (n === 0) return '';
    const at = n < 256 ? this.atByLength[n] : undefined;
    if (at !== undefined) {
      const arena = this.arena;
      for (let i = 0; i < at.length; i++) {
        const from = at[i]!;
        if (from < 0) continue;
        let k = 0;
        while (k < n && arena[from + k] === bytes[start + k]) k++;
        if (k === n) return this.byLength[n]![i]!;
      }
    }
    return this.intern(text.slice(start, end));
  }

  intern(s: string): string {
    const n = s.length;
    if (n === 0) return '';
    const same = n < 256 ? this.byLength[n] : undefined;
    if (same !== undefined) {
      for (let i = 0; i < same.length; i++) if (same[i] === s) return same[i]!;
      // Many values of one length would make the scan long: past 64 the field is not a low-cardinality one.
      if (this.size < this.limit && same.length < 64) {
        const own = ownCopy(s);
        same.push(own);
        this.atByLength[n]!.push(this.store(own));
        this.size++;
        return own;
      }
      return s;
    }
    if (n < 256 && this.size < this.limit) {
      const own = ownCopy(s);
      this.byLength[n] = [own];
      this.atByLength[n] = [this.store(own)];
      this.size++;
      return own;
    }
    return s;
  }

  /** Copies the characters of `s` into the arena: where they start, or -1 when one does not fit a byte. */
  private store(s: string): number {
    const n = s.length;
    for (let k = 0; k < n; k++) if (s.charCodeAt(k) > 0xff) return -1;
    if (this.arenaUsed + n > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + n));
      grown.set(this.arena);
      this.arena = grown;
    }
    const from = this.arenaUsed;
    for (let k = 0; k < n; k++) this.arena[from + k] = s.charCodeAt(k);
    this.arenaUsed += n;
    return from;
  }
}

/**
 * A string with its own characters. A value cut from a row may be a slice of the whole piece of text the
 * row came from, and a pooled value lives as long as the file is read: kept as a slice, each would hold
 * on to its piece.
 */
function ownCopy(s: string): string {
  return s.split('').join('');
}
