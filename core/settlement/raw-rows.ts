import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Db } from '../store';

/** A block is compressed once it holds this many characters of rows (about 1,500 V2 rows). */
const BLOCK_CHARS = 256 * 1024;
const NEWLINE = 0x0a;
/**
 * Brotli at quality 0: about 500 MB/s and a fifth of the size for settlement rows (quality 1 saves
 * another third of that for half again the time). Synchronous on purpose: the async zlib calls build a
 * stream per call, which cost more than the compression itself.
 */
function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } });
}

/**
 * Keeps the raw rows of an import in compressed blocks (migration 0071), inserted inside the import's
 * transaction as each block fills; `finish` writes the last, partial block. Each row is encoded into one
 * reused buffer as it arrives: joining a block's rows made a 256 KB string and a 256 KB buffer per block,
 * both too large for the young generation, and on a million lines that cost more than compressing them.
 */
export class RawRowWriter {
  private readonly insert;
  private bytes = Buffer.allocUnsafe(2 * BLOCK_CHARS);
  private used = 0;
  private chars = 0;
  private rows = 0;
  private firstRow = 0;
  private lastRow = 0;

  /** `onBlock` sees the UTF-8 bytes of each block before compression (the content hash reads them), during the call only. */
  constructor(db: Db, private readonly versionId: number, private readonly onBlock?: (bytes: Buffer) => void) {
    this.insert = db.prepare('INSERT INTO settlement_raw_block (version_id, first_row, last_row, encoding, data) VALUES (?, ?, ?, ?, ?)');
  }

  /** Rows come in file order; a block holds every row from its first to its last, each ending in LF, empty for rows that made no line. */
  add(row: number, text: string): void {
    const skipped = this.rows === 0 ? 0 : row - this.lastRow - 1;
    if (this.rows === 0) this.firstRow = row;
    // A UTF-16 code unit is at most three bytes of UTF-8.
    this.reserve(skipped + text.length * 3 + 1);
    for (let i = 0; i < skipped; i++) this.bytes[this.used++] = NEWLINE;
    this.used += this.bytes.write(text, this.used, 'utf8');
    this.bytes[this.used++] = NEWLINE;
    this.lastRow = row;
    this.rows++;
    this.chars += text.length + 1;
    if (this.chars >= BLOCK_CHARS) this.seal();
  }

  private reserve(n: number): void {
    if (this.used + n <= this.bytes.byteLength) return;
    const larger = Buffer.allocUnsafe(Math.max(2 * this.bytes.byteLength, this.used + n));
    this.bytes.copy(larger, 0, 0, this.used);
    this.bytes = larger;
  }

  private seal(): void {
    if (this.rows === 0) return;
    const block = this.bytes.subarray(0, this.used);
    this.onBlock?.(block);
    this.insert.run(this.versionId, this.firstRow, this.lastRow, 'brotli', compress(block));
    this.used = 0;
    this.chars = 0;
    this.rows = 0;
  }

  finish(): void {
    this.seal();
  }
}

export interface RawRow {
  row: number;
  text: string;
}

/**
 * The rows of a stored version exactly as read, in file order, from `fromRow` to `toRow` (lines of the
 * file, 1 = header). Versions imported before migration 0071 keep them on settlement_line.raw.
 */
export function* storedRawRows(db: Db, versionId: number, fromRow = 1, toRow = Number.MAX_SAFE_INTEGER): Generator<RawRow> {
  const blocks = db
    .prepare('SELECT first_row, data FROM settlement_raw_block WHERE version_id = ? AND last_row >= ? AND first_row <= ? ORDER BY first_row')
    .all(versionId, fromRow, toRow) as Array<{ first_row: number; data: Buffer }>;
  if (blocks.length === 0) {
    const legacy = db
      .prepare('SELECT row, raw FROM settlement_line WHERE version_id = ? AND seq = 0 AND raw IS NOT NULL AND row BETWEEN ? AND ? ORDER BY row')
      .iterate(versionId, fromRow, toRow) as IterableIterator<{ row: number; raw: string }>;
    for (const r of legacy) yield { row: r.row, text: r.raw };
    return;
  }
  for (const b of blocks) {
    const entries = brotliDecompressSync(b.data).toString('utf8').split('\n');
    entries.pop(); // each entry ends with LF
    for (let i = 0; i < entries.length; i++) {
      const row = b.first_row + i;
      if (row < fromRow || entries[i] === '') continue;
      if (row > toRow) return;
      yield { row, text: entries[i]! };
    }
  }
}

/**
 * The raw rows of the given file lines of a stored version (for a page of a drill-down: a few hundred
 * rows that may lie anywhere in the file). Each block holding one of them is decompressed once.
 */
export function rawRowsAt(db: Db, versionId: number, rows: readonly number[]): Map<number, string> {
  const found = new Map<number, string>();
  const wanted = [...new Set(rows)].sort((a, b) => a - b);
  // The block that starts last at or before the row: read backwards on the key, one step (ascending, a row deep
  // in the file would walk every earlier block first).
  const blockOf = db.prepare('SELECT first_row, data FROM settlement_raw_block WHERE version_id = ? AND first_row <= ? AND last_row >= ? ORDER BY first_row DESC LIMIT 1');
  const legacy = db.prepare('SELECT raw FROM settlement_line WHERE version_id = ? AND row = ? AND seq = 0');
  const want = new Set(wanted);
  for (const row of wanted) {
    if (found.has(row)) continue;
    const block = blockOf.get(versionId, row, row) as { first_row: number; data: Buffer } | undefined;
    if (!block) {
      // Imported before migration 0071: the row is on the line itself.
      const r = legacy.get(versionId, row) as { raw: string | null } | undefined;
      if (r?.raw != null) found.set(row, r.raw);
      continue;
    }
    // A block holds every row from its first on, one per LF-ended entry ('' for a row that made no line).
    const entries = brotliDecompressSync(block.data).toString('utf8').split('\n');
    entries.pop();
    entries.forEach((text, i) => {
      const r = block.first_row + i;
      if (text !== '' && want.has(r)) found.set(r, text);
    });
  }
  return found;
}
