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
  /** Where located line i (line `from + i` of the batch) starts in `text`. */
  lineStarts = new Int32Array(1 << 10);
  /**
   * Where each field of line i ends in `text`: `ends[first[i]]` up to `ends[first[i + 1] - 1]`, the last
   * one where the line ends (before its CR or LF).
   */
  ends = new Int32Array(1 << 13);
  first = new Int32Array(1 << 10);

  /**
   * Cuts `bytes` (a block of single-byte text ending with a newline) into lines pushed to `out` (the
   * batch), each without its CR/LF and sliced from `text` (the same characters as a string), and locates
   * their fields.
   */
  scan(bytes: Uint8Array, text: string, out: string[]): void {
    const n = bytes.length;
    if (this.ends.length < n) this.ends = new Int32Array(Math.max(n, this.ends.length * 2));
    if (this.first.length <= n) {
      this.first = new Int32Array(Math.max(n + 1, this.first.length * 2));
      this.lineStarts = new Int32Array(this.first.length);
    }
    const ends = this.ends;
    const first = this.first;
    const lineStarts = this.lineStarts;
    let m = 0;
    let line = 0;
    let start = 0;
    let nul = false;
    first[0] = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      // Every byte of a field is above LF; one comparison lets them all pass.
      if (b > 10) continue;
      if (b === 9) {
        ends[m++] = i;
      } else if (b === 10) {
        const end = i > start && bytes[i - 1] === 13 ? i - 1 : i;
        ends[m++] = end;
        out.push(text.slice(start, end));
        lineStarts[line] = start;
        first[++line] = m;
        start = i + 1;
      } else if (b === 0) {
        nul = true;
      }
    }
    this.hasNul = nul;
    this.text = text;
    this.from = out.length - line;
    this.lines = line;
  }
}
