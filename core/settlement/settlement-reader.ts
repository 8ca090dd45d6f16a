import { fileBytes, gunzipIfCompressed, type ByteSource } from './byte-source';
import { ExpansionLimitError } from '../net/expansion-limits';
import { FlatFileParser } from './flat-file-parser';
import { ParseContext, type SettlementReadOptions } from './parse-context';
import { SettlementParseError } from './settlement-errors';
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
export async function* readSettlementBatches(source: ByteSource, options: SettlementReadOptions = {}): AsyncGenerator<SettlementRecord[]> {
  const ctx = new ParseContext(options);
  let parser: FlatFileParser | XmlSettlementParser | null = null;
  let row = 0;
  const signal = options.signal;
  const bytes = gunzipIfCompressed(source, { ...(signal ? { signal } : {}), ...(options.expansion ? { limits: options.expansion } : {}) });
  const batches = textLineBatches(bytes, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.maxLineLength ? { maxLineLength: options.maxLineLength } : {}),
    // Japanese settlements come in Shift_JIS; the currency of the summary row tells us which we have.
    fallbackEncoding: () => (ctx.currency === 'JPY' ? 'shift_jis' : 'windows-1252'),
  });
  try {
    for await (const lines of batches) {
      signal?.throwIfAborted();
      const out: SettlementRecord[] = [];
      for (const text of lines) {
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
        if (text === '' && parser instanceof FlatFileParser) continue;
        parser.readInto(text, row, out);
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
  if (parser === null) throw new SettlementParseError(ctx.file, 1, null, null, 'the file is empty');
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
