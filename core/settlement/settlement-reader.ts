import { fileBytes, gunzipIfCompressed, type ByteSource } from './byte-source';
import { ExpansionLimitError } from '../net/expansion-limits';
import { FieldEnds } from './field-ends';
import { FlatFileParser } from './flat-file-parser';
import { ParseContext, type SettlementReadOptions } from './parse-context';
import { NotASettlementReport, SettlementParseError } from './settlement-errors';
import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
import { TextDecodeError, textLineBatches } from './text-lines';
import { XmlSettlementParser } from './xml-settlement-parser';

export type { SettlementReadOptions } from './parse-context';

/**
 * Reads a settlement file of any dialect as a stream of records: first `format`, then the summary and
 * the lines in file order. Only one chunk of the file and one row are held at a time, so memory does
 * not depend on the file size. Stops with a SettlementParseError at the first row it cannot read.
 */
export async function* readSettlement(source: ByteSource, options: SettlementReadOptions = {}): AsyncGenerator<SettlementRecord> {
  for await (const batch of readSettlementBatches(source, options)) yield* batch;
}

/** The same records, one array per chunk of the file: the fast path for bulk work (import, bench). */
/**
 * Refuses bytes that are not text before a line is read: control bytes no text report holds in UTF-8,
 * Shift_JIS or Windows-1252 (tab, CR, LF, ESC aside), or NULs with no tab (a stray NUL in a field, or
 * UTF-16 without a byte-order mark, gets its own message naming the column).
 */
async function* refusingBinary(bytes: ByteSource, file: string): ByteSource {
  const held: Uint8Array[] = [];
  let size = 0;
  let looked = false;
  for await (const chunk of bytes) {
    if (looked) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    size += chunk.length;
    if (size < 1024) continue;
    looked = true;
    refuseIfBinary(Buffer.concat(held).subarray(0, 1024), file);
    yield* held;
  }
  if (!looked) {
    refuseIfBinary(Buffer.concat(held), file);
    yield* held;
  }
}

function refuseIfBinary(head: Uint8Array, file: string): void {
  const utf16 = head.includes(9) && head.filter((b) => b === 0).length * 3 >= head.length;
  // Control bytes are everywhere in an image or an archive, but a report may carry a stray one in a field
  // (a terminal escape pasted into a description): that is refused at its line and column, not as binary.
  const control = head.filter((b) => (b >= 1 && b <= 8) || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)).length;
  const mostlyControl = control > 0 && control * 50 >= head.length;
  if (!utf16 && (mostlyControl || (head.includes(0) && !head.includes(9) && !head.includes(0x3c)))) throw new NotASettlementReport(file, 'binary');
}

export async function* readSettlementBatches(source: ByteSource, options: SettlementReadOptions = {}): AsyncGenerator<SettlementRecord[]> {
  const ctx = new ParseContext(options);
  let parser: FlatFileParser | XmlSettlementParser | null = null;
  let row = 0;
  const signal = options.signal;
  const fieldEnds = new FieldEnds();
  const bytes = gunzipIfCompressed(source, { ...(signal ? { signal } : {}), ...(options.expansion ? { limits: options.expansion } : {}) });
  const batches = textLineBatches(refusingBinary(bytes, ctx.file), {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.maxLineLength ? { maxLineLength: options.maxLineLength } : {}),
    // Japanese settlements come in Shift_JIS; the currency of the summary row tells us which we have.
    fallbackEncoding: () => (ctx.currency === 'JPY' ? 'shift_jis' : 'windows-1252'),
    fieldEnds,
  });
  try {
    for await (const lines of batches) {
      signal?.throwIfAborted();
      const out: SettlementRecord[] = [];
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!;
        row++;
        if (parser === null) {
          if (text.trim() === '') continue;
          if (text.trimStart().startsWith('<')) {
            parser = new XmlSettlementParser(ctx);
            out.push({ kind: 'format', format: 'xml', columns: [] });
          } else {
            if (row !== 1) ctx.fail(row, null, text, 'the header must be the first line');
            // Column names are matched in lower case; error messages quote the header as the file has it.
            const asWritten = text.split('\t').map((c) => c.trim());
            const columns = asWritten.map((c) => c.toLowerCase());
            parser = new FlatFileParser(columns, ctx, asWritten);
            out.push({ kind: 'format', format: parser.format, columns });
            continue;
          }
        }
        if (parser instanceof FlatFileParser) {
          if (text !== '') parser.readInto(text, row, out, fieldEnds, i);
        } else parser.readInto(text, row, out);
      }
      if (out.length) yield out;
    }
  } catch (err) {
    if (err instanceof TextDecodeError) throw new SettlementParseError(ctx.file, err.line, null, null, err.message);
    if (err instanceof ExpansionLimitError) throw new SettlementParseError(ctx.file, row + 1, null, null, err.message);
    // zlib errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated download) mean the bytes, not the rows, are bad.
    if (err instanceof Error && String((err as NodeJS.ErrnoException).code ?? '').startsWith('Z_')) {
      throw new SettlementParseError(ctx.file, row + 1, null, null, `the gzip data is damaged (${err.message})`);
    }
    throw err;
  }
  if (parser === null) throw new NotASettlementReport(ctx.file, 'empty');
  if (parser instanceof XmlSettlementParser) parser.end();
}

export function readSettlementFile(path: string, options: SettlementReadOptions = {}): AsyncGenerator<SettlementRecord> {
  return readSettlement(fileBytes(path), { fileName: path, ...options });
}

/** A whole settlement in memory: for small files, tests and the UI preview, not for bulk import. */
export interface LoadedSettlement {
  format: SettlementFormat;
  columns: readonly string[];
  summary: SettlementSummary | null;
  lines: SettlementLine[];
}

export async function loadSettlement(records: AsyncIterable<SettlementRecord>): Promise<LoadedSettlement> {
  const result: LoadedSettlement = { format: 'v2', columns: [], summary: null, lines: [] };
  for await (const r of records) {
    if (r.kind === 'format') {
      result.format = r.format;
      result.columns = r.columns;
    } else if (r.kind === 'summary') result.summary = r.summary;
    else result.lines.push(r.line);
  }
  return result;
}
