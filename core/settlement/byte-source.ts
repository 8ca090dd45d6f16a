import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type ByteSource = AsyncIterable<Uint8Array>;

/** Reads a file in large chunks; only one chunk at a time is held, whatever the file size. */
export function fileBytes(path: string): ByteSource {
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

/**
 * Decompresses when the content starts with the gzip magic bytes. Amazon's GZIP flag is not
 * trustworthy (some flagged documents are plain, some were already decompressed by the HTTP client),
 * so the bytes decide.
 */
export async function* gunzipIfCompressed(source: ByteSource): AsyncGenerator<Uint8Array> {
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
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const gunzip = pipeline(Readable.from(whole()), createGunzip(), () => {
    // Errors surface through the iteration below; pipeline only needs a callback to clean up.
  });
  for await (const chunk of gunzip) yield chunk as Uint8Array;
}
