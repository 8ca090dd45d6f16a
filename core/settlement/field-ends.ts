/**
 * Where the tab-separated fields of a block's lines end, found in the same pass over the block's bytes
 * that cuts it into lines. A row reader that searched each line for its tabs again (two dozen native
 * searches per line) spent more time finding fields than reading them.
 *
 * Offsets are into the block's text, not into each line: a line is a slice of the block, and every
 * character read through a slice (pooled values compared, amounts and dates read from their digits) costs
 * an extra step that reading the block's own flat text does not.
 *
 * Filled per batch of lines and reused for the next one: it describes the batch last handed out, so a
 * reader must be done with a batch's lines before it asks for the next batch.
 */
/**
 * Room for a block of this many bytes from the start (blocks are read in 32 KB pieces plus the line carried
 * into them): growing later, once the scan is optimized, would throw its optimized code away.
 */
const BLOCK = 1 << 16;

const NEWLINE = 10;

/**
 * Records in `ends` from `m` on where each field of the line starting at `start` ends, the last one where
 * the line does (before its CR LF or LF), and returns the new count. A newline must follow `start`.
 *
 * A function of its own, small and called once per line: it is optimized after a few hundred lines, and
 * inlined where the block loop is, whatever the engine makes of that loop.
 */
function fieldsOfLine(bytes: Uint8Array, start: number, ends: Int32Array, m: number): number {
  // Literal byte values, not the constants above: a module's constant is read from its context and
  // checked on every use, which in this loop cost more than the comparison itself.
  let i = start;
  for (;;) {
    // Every byte of a field is above LF (10): these loops of one comparison a byte pass them, four bytes
    // a turn first (the array's checks are made once a turn, not once a byte). A read stops at the first
    // byte that is not above LF, so none goes past the line's newline.
    while (bytes[i]! > 10 && bytes[i + 1]! > 10 && bytes[i + 2]! > 10 && bytes[i + 3]! > 10) i += 4;
    let b = bytes[i]!;
    while (b > 10) b = bytes[++i]!;
    if (b === 9) ends[m++] = i;
    else if (b === 10) {
      ends[m++] = i > start && bytes[i - 1] === 13 ? i - 1 : i;
      return m;
    }
    i++;
  }
}

export class FieldEnds {
  /**
   * `lines` lines of the current batch from its line `from` on are located; any other line (of a batch
   * of decoded text, or a line joined from two chunks) is not.
   */
  from = 0;
  lines = 0;
  /** Whether the located lines hold a NUL byte (then each is searched for it, to name its field). */
  hasNul = false;
  /** The block the lines were cut from. */
  text = '';
  /** Its bytes, one per character of `text`. */
  bytes: Uint8Array = Buffer.alloc(0);
  /** Where located line i (line `from + i` of the batch) starts in `text`. */
  lineStarts = new Int32Array(BLOCK);
  /**
   * Where each field of line i ends in `text`: `ends[first[i]]` up to `ends[first[i + 1] - 1]`, the last
   * one where the line ends (before its CR or LF).
   */
  ends = new Int32Array(BLOCK);
  first = new Int32Array(BLOCK);

  /**
   * Cuts `bytes` (a block of single-byte text ending with a newline) into lines pushed to `out` (the
   * batch), each without its CR/LF and sliced from `text` (the same characters as a string), and locates
   * their fields.
   */
  scan(bytes: Uint8Array, text: string, out: string[]): void {
    // Only what ends with a newline is a line here; what may follow the last one is the caller's to carry.
    const n = bytes.lastIndexOf(NEWLINE) + 1;
    if (this.ends.length < n) this.ends = new Int32Array(Math.max(n, this.ends.length * 2));
    if (this.first.length <= n) {
      this.first = new Int32Array(Math.max(n + 1, this.first.length * 2));
      this.lineStarts = new Int32Array(this.first.length);
    }
    const ends = this.ends;
    const first = this.first;
    const lineStarts = this.lineStarts;
    // Everything is stored on `this` before or inside the loop, none after it: should the loop be optimized
    // while it runs (on-stack replacement), code after it, not yet run then, would have no type feedback
    // and throw the optimized loop away at the end of every block.
    this.text = text;
    this.bytes = bytes;
    this.from = out.length;
    this.lines = 0;
    // One native search per block; the loop over the bytes then has one test fewer.
    const nul = bytes.indexOf(0);
    this.hasNul = nul >= 0 && nul < n;
    let m = 0;
    let line = 0;
    let start = 0;
    first[0] = 0;
    while (start < n) {
      m = fieldsOfLine(bytes, start, ends, m);
      const end = ends[m - 1]!;
      out.push(text.slice(start, end));
      lineStarts[line] = start;
      first[++line] = m;
      this.lines = line;
      start = (bytes[end] === 13 ? end + 1 : end) + 1;
    }
  }
}
