import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { expansionAllowance, ExpansionLimitError, expansionLimits, type ExpansionLimits } from '../net/expansion-limits';

export type ByteSource = AsyncIterable<Uint8Array>;

/** What stops a long read: an AbortSignal, or the import worker's shared cancel flag dressed as one. */
export type StopSignal = Pick<AbortSignal, 'throwIfAborted'>;

/**
 * Reads a file in 64 KB chunks; only one chunk at a time is held, whatever the file size. 256 KB chunks
 * took more CPU (each buffer is above malloc's mmap threshold: mapped, faulted in and unmapped per chunk) and,
 * on a busy machine, three times the wall time: a process that works without pause between reads waits
 * longer for its turn on a core.
 */
export function fileBytes(path: string): ByteSource {
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}

export interface GunzipOptions {
  /** Bounds on the decompressed size; by default expansionLimits() (core/net/expansion-limits.ts). */
  limits?: ExpansionLimits;
  /** Checked between decompressed chunks (16 KB each), so one huge compressed chunk cannot outrun a cancel. */
  signal?: StopSignal;
}

/**
 * Decompresses when the content starts with the gzip magic bytes. Amazon's GZIP flag is not
 * trustworthy (some flagged documents are plain, some were already decompressed by the HTTP client),
 * so the bytes decide. Stops with an ExpansionLimitError once the output outgrows its bounds.
 */
export async function* gunzipIfCompressed(source: ByteSource, options: GunzipOptions = {}): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    return;
  }
  const limits = options.limits ?? expansionLimits();
  let compressed = 0;
  async function* whole(): AsyncGenerator<Uint8Array> {
    compressed += head.byteLength;
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      compressed += next.value.byteLength;
      yield next.value;
    }
  }
  const gunzip = pipeline(Readable.from(whole()), createGunzip(), () => {
    // Errors surface through the iteration below; pipeline only needs a callback to clean up.
  });
  let expanded = 0;
  for await (const chunk of gunzip) {
    options.signal?.throwIfAborted();
    expanded += (chunk as Uint8Array).byteLength;
    // `compressed` counts what was read, a little ahead of what was inflated: the bound errs on the generous side.
    const allowed = expansionAllowance(compressed, limits);
    if (expanded > allowed) throw new ExpansionLimitError(allowed, compressed, limits);
    yield chunk as Uint8Array;
  }
}
