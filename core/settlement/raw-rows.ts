import { brotliCompress, brotliDecompressSync, constants } from 'node:zlib';
import type { Db } from '../store';

/** A block is compressed once it holds this many characters of rows (about 1,500 V2 rows). */
const BLOCK_CHARS = 256 * 1024;
/** Blocks being compressed on the thread pool at once; bounds memory whatever the file size. */
const IN_FLIGHT = 4;

interface PendingBlock {
  firstRow: number;
  lastRow: number;
  data: Promise<Buffer>;
}

function compress(text: string): Promise<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  const params = { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength };
  // One output chunk for the whole block: the default 16 KB chunks cost a JS round trip each.
  return new Promise((resolve, reject) => brotliCompress(bytes, { params, chunkSize: 1 << 20 }, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * Keeps the raw rows of an import in compressed blocks (migration 0071). Rows are added on the hot
 * path; each full block is compressed on libuv's thread pool while parsing goes on, and `drain` /
 * `finish` insert the finished blocks inside the import's transaction.
 */
export class RawRowWriter {
  private readonly insert;
  private parts: string[] = [];
  private chars = 0;
  private firstRow = 0;
  private lastRow = 0;
  private readonly pending: PendingBlock[] = [];

  constructor(db: Db, private readonly versionId: number) {
    this.insert = db.prepare('INSERT INTO settlement_raw_block (version_id, first_row, last_row, encoding, data) VALUES (?, ?, ?, ?, ?)');
  }

  add(row: number, text: string): void {
    if (this.parts.length === 0) this.firstRow = row;
    this.lastRow = row;
    this.parts.push(row + '\t' + text);
    this.chars += text.length + 8;
    if (this.chars >= BLOCK_CHARS) this.seal();
  }

  private seal(): void {
    if (this.parts.length === 0) return;
    const data = compress(this.parts.join('\n'));
    // Rejections surface when the block is awaited; until then nobody may see them as unhandled.
    data.catch(() => undefined);
    this.pending.push({ firstRow: this.firstRow, lastRow: this.lastRow, data });
    this.parts = [];
    this.chars = 0;
  }

  /** Inserts the oldest blocks until at most `keep` are still compressing. */
  async drain(keep = IN_FLIGHT): Promise<void> {
    while (this.pending.length > keep) {
      const b = this.pending.shift()!;
      this.insert.run(this.versionId, b.firstRow, b.lastRow, 'brotli', await b.data);
    }
  }

  async finish(): Promise<void> {
    this.seal();
    await this.drain(0);
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
    for (const entry of brotliDecompressSync(b.data).toString('utf8').split('\n')) {
      const tab = entry.indexOf('\t');
      const row = Number(entry.slice(0, tab));
      if (row < fromRow) continue;
      if (row > toRow) return;
      yield { row, text: entry.slice(tab + 1) };
    }
  }
}
