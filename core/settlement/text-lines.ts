import { isAscii, isUtf8 } from 'node:buffer';
import type { FieldEnds } from './field-ends';

export interface TextLinesOptions {
  /** Charset declared by the download (Content-Type) or by the user; skips detection. */
  encoding?: string;
  /**
   * Chosen when the bytes turn out not to be UTF-8. Called at that moment, so the caller can decide
   * from what it has read so far (a JPY settlement is Shift_JIS, an EU one windows-1252).
   */
  fallbackEncoding?: () => string;
  /** Longest line accepted, in bytes (of the undecoded file) or characters (once decoded); 1 MB by default. */
  maxLineLength?: number;
  /**
   * Filled, when given, before each batch is handed out: where the tab-separated fields of its first
   * `fieldEnds.lines` lines end (single-byte text is cut into lines and fields in one pass).
   */
  fieldEnds?: FieldEnds;
}

/** A settlement line is a few hundred bytes; a million-byte one means the file is something else. */
export const MAX_LINE_LENGTH = 1 << 20;

export class TextDecodeError extends Error {
  constructor(readonly line: number, reason: string) {
    super(reason);
    this.name = 'TextDecodeError';
  }
}

const NEWLINE = 0x0a;

function lineTooLong(line: number, max: number): TextDecodeError {
  const size = max % (1 << 20) === 0 ? `${max / (1 << 20)} MB` : `${max} bytes`;
  return new TextDecodeError(line, `line ${line} is longer than ${size}: this is not a settlement report (a settlement line is a few hundred bytes); nothing was stored`);
}

/**
 * Throws when a line of `text` (whose first line is line `before + 1`) is longer than `max`. Jumps to the
 * last newline within `max` of each line start, so a chunk costs a few searches, not one per line.
 */
function checkLineLengths(text: string, before: number, max: number): void {
  let start = 0;
  while (text.length - start > max) {
    const nl = text.lastIndexOf('\n', start + max);
    if (nl < start) {
      let line = before + 1;
      for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) line++;
      throw lineTooLong(line, max);
    }
    start = nl + 1;
  }
}

/**
 * Splits a byte stream into text lines (without CR/LF), detecting the charset as NOTES §6.2 advises:
 * declared charset, then BOM, then strict UTF-8, then the fallback (windows-1252 unless told).
 *
 * Until the charset is known, lines are cut on the byte 0x0A before decoding: no byte of a multi-byte
 * character in UTF-8, windows-1252 or Shift_JIS is 0x0A, so the cut is always safe. A file that was
 * pure ASCII up to its first non-UTF-8 line is decoded from that line on with the fallback (ASCII reads
 * the same in every one of these charsets); a file that mixes real UTF-8 with invalid bytes is refused.
 */
export async function* textLines(source: AsyncIterable<Uint8Array>, options: TextLinesOptions = {}): AsyncGenerator<string> {
  for await (const batch of textLineBatches(source, options)) yield* batch;
}

/**
 * The same lines, one array per chunk read: a million lines then cost a few hundred awaits instead of
 * a million, which is most of the difference between this reader and a bare split.
 */
export async function* textLineBatches(source: AsyncIterable<Uint8Array>, options: TextLinesOptions = {}): AsyncGenerator<string[]> {
  let lineNumber = 0;
  let first = true;
  const maxLine = options.maxLineLength ?? MAX_LINE_LENGTH;
  // The bytes of a line that has not ended yet, one piece per chunk, joined once when it ends:
  // appending chunk by chunk would copy the line again for every chunk it spans.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // Set once the charset is decided; from then on decoding is streaming text splitting.
  // A declared UTF-8 that is not UTF-8 must fail, not turn into U+FFFD replacement characters.
  const declared = options.encoding ? normalizeLabel(options.encoding) : null;
  let decoder: TextDecoder | null = declared ? new TextDecoder(declared, { fatal: /^utf-?8$/.test(declared) }) : null;
  let textCarry = '';
  // The same for decoded text: the pieces of textCarry's line that arrived in chunks without a newline.
  let textParts: string[] = [];
  let textPartsLength = 0;
  let sawNonAscii = false;
  // A UTF-8 BOM names the charset but needs no decoder: its bytes go the byte path (ASCII blocks cut into
  // lines and fields in one pass), where bytes that are not UTF-8 are then refused instead of falling back.
  let bomUtf8 = false;
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const fieldEnds = options.fieldEnds;

  let batch: string[] = [];
  function splitText(text: string, final: boolean): void {
    if (!final && text.indexOf('\n') < 0) {
      textParts.push(text);
      textPartsLength += text.length;
      if (textCarry.length + textPartsLength > maxLine) throw lineTooLong(lineNumber + 1, maxLine);
      return;
    }
    if (textParts.length) {
      textCarry += textParts.join('');
      textParts = [];
      textPartsLength = 0;
    }
    const all = textCarry + text;
    if (all.length > maxLine) checkLineLengths(all, lineNumber, maxLine);
    // One native split per chunk (as cheap as it gets), then strip the CR of CRLF files.
    const lines = all.split('\n');
    textCarry = lines.pop()!;
    const n = lines.length;
    for (let i = 0; i < n; i++) {
      const line = lines[i]!;
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    lineNumber += n;
    if (batch.length === 0) batch = lines;
    else for (let i = 0; i < n; i++) batch.push(lines[i]!);
    if (final && textCarry.length > 0) {
      lineNumber++;
      const last = textCarry.endsWith('\r') ? textCarry.slice(0, -1) : textCarry;
      textCarry = '';
      batch.push(last);
    }
  }

  /** The lines of ASCII `bytes` (`text`, one character per byte) that end with a newline, and their fields. */
  function scanAscii(located: FieldEnds, bytes: Buffer, text: string): void {
    if (text.length > maxLine) checkLineLengths(text, lineNumber, maxLine);
    located.scan(bytes, text, batch);
    lineNumber += located.lines;
  }

  for await (const chunk of pieces(source)) {
    if (batch.length) {
      yield batch;
      batch = [];
    }
    if (fieldEnds) fieldEnds.lines = 0;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (first) {
      first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        bomUtf8 = decoder === null;
      } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        decoder ??= new TextDecoder('utf-16le');
      } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        decoder ??= new TextDecoder('utf-16be');
      }
    }
    if (decoder) {
      splitText(decodeOrFail(decoder, bytes, true, lineNumber), false);
      continue;
    }
    const cutInChunk = bytes.lastIndexOf(NEWLINE);
    if (cutInChunk < 0) {
      // A copy: the source may reuse its buffer for the next chunk.
      carry.push(Buffer.from(bytes));
      carryBytes += bytes.byteLength;
      if (carryBytes > maxLine) throw lineTooLong(lineNumber + 1, maxLine);
      continue;
    }
    let complete = bytes.subarray(0, cutInChunk + 1);
    if (carryBytes && fieldEnds) {
      // The line begun in earlier chunks is joined on its own: joining the whole chunk after it copied
      // every byte of the file once more. Only ASCII is read apart like this (FieldEnds counts bytes).
      const firstCut = bytes.indexOf(NEWLINE);
      const head = Buffer.concat([...carry, bytes.subarray(0, firstCut + 1)]);
      const body = complete.subarray(firstCut + 1);
      carry = cutInChunk + 1 < bytes.byteLength ? [Buffer.from(bytes.subarray(cutInChunk + 1))] : [];
      carryBytes = bytes.byteLength - cutInChunk - 1;
      if (isAscii(head) && isAscii(body)) {
        const headText = head.toString('latin1');
        if (headText.length > maxLine) checkLineLengths(headText, lineNumber, maxLine);
        batch.push(headText.slice(0, headText.length - (headText.endsWith('\r\n') ? 2 : 1)));
        lineNumber++;
        scanAscii(fieldEnds, body, body.toString('latin1'));
        continue;
      }
      complete = Buffer.concat([head, body]);
    } else {
      if (carryBytes) complete = Buffer.concat([...carry, complete]);
      carry = cutInChunk + 1 < bytes.byteLength ? [Buffer.from(bytes.subarray(cutInChunk + 1))] : [];
      carryBytes = bytes.byteLength - cutInChunk - 1;
    }
    const text = utf8Text(complete);
    if (text !== null && fieldEnds && text.length === complete.length) {
      scanAscii(fieldEnds, complete, text);
      continue;
    }
    if (text !== null) {
      if (text.length !== complete.length) sawNonAscii = true;
      splitText(text, false);
      continue;
    }
    if (bomUtf8) throw notUtf8(lineNumber);
    // Somewhere in this block the bytes stop being UTF-8: go line by line to find where.
    let start = 0;
    while (start < complete.length) {
      const end = complete.indexOf(NEWLINE, start) + 1;
      const lineBytes = complete.subarray(start, end);
      let line: string | null;
      try {
        line = strict.decode(lineBytes);
      } catch {
        line = null;
      }
      if (line === null) {
        // The caller picks the fallback from what it has read so far, so hand it every earlier line first.
        if (batch.length) {
          yield batch;
          batch = [];
        }
        if (sawNonAscii) {
          throw new TextDecodeError(
            lineNumber + 1,
            'the file mixes UTF-8 text with bytes that are not UTF-8; it is damaged or was concatenated from files of different charsets',
          );
        }
        decoder = new TextDecoder(normalizeLabel(options.fallbackEncoding?.() ?? 'windows-1252'));
        const rest = Buffer.concat([complete.subarray(start), ...carry]);
        carry = [];
        carryBytes = 0;
        splitText(decoder.decode(rest, { stream: true }), false);
        break;
      }
      if (line.length !== lineBytes.length) sawNonAscii = true;
      splitText(line, false);
      start = end;
    }
  }
  if (decoder) {
    splitText(decodeOrFail(decoder, new Uint8Array(0), false, lineNumber), true);
  } else if (carryBytes) {
    const last = Buffer.concat(carry);
    let text: string;
    try {
      text = strict.decode(last);
    } catch {
      if (bomUtf8) throw notUtf8(lineNumber);
      if (sawNonAscii) throw new TextDecodeError(lineNumber + 1, 'the last line is not valid UTF-8');
      text = new TextDecoder(normalizeLabel(options.fallbackEncoding?.() ?? 'windows-1252')).decode(last);
    }
    splitText(text, true);
  } else {
    splitText('', true);
  }
  if (batch.length) yield batch;
}

/**
 * Text is made at most this many bytes at a time. V8 puts a string of 128 KB or more in its large-object
 * space, where each one costs pages mapped and unmapped and a full collection to free, so a large read
 * is decoded in pieces below that size (a piece of two-byte text too). Smaller pieces also keep the lines
 * of a batch, and the records made from them, few enough to die young.
 */
const PIECE_BYTES = 32 * 1024;

async function* pieces(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (chunk.byteLength <= PIECE_BYTES) yield chunk;
    else for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) yield chunk.subarray(at, Math.min(chunk.byteLength, at + PIECE_BYTES));
  }
}

/**
 * The text of bytes that are valid UTF-8, or null. Checked and decoded by Buffer's native routines: a
 * fatal TextDecoder does the same work several times slower (a fifth of a whole inspect in profiles).
 * Pure ASCII, nearly every settlement, is copied as Latin-1: one byte per character, no decoding at all.
 */
function utf8Text(bytes: Buffer): string | null {
  if (isAscii(bytes)) return bytes.toString('latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

function notUtf8(linesSoFar: number): TextDecodeError {
  return new TextDecodeError(linesSoFar + 1, 'the bytes are not valid utf-8');
}

function decodeOrFail(decoder: TextDecoder, bytes: Uint8Array, stream: boolean, linesSoFar: number): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    throw new TextDecodeError(linesSoFar + 1, `the bytes are not valid ${decoder.encoding}`);
  }
}

/** Maps the labels Amazon and HTTP servers send (Cp1252, windows-31j, ...) to WHATWG labels. */
export function normalizeLabel(label: string): string {
  const l = label.trim().toLowerCase();
  if (l === 'cp1252') return 'windows-1252';
  if (l === 'windows-31j' || l === 'cp932' || l === 'ms932' || l === 'sjis') return 'shift_jis';
  return l;
}
