import { gunzipSync } from 'node:zlib';
/**
 * How far compressed bytes (an uploaded .gz settlement, a gzip report document from Amazon) may expand.
 * A settlement report compresses about 8 times; a "gzip bomb" of a few MB expands to gigabytes and would
 * hold the import (and every import queued behind it) for as long as it runs. Two bounds: a ratio to the
 * compressed bytes read so far, and an absolute size that real settlements stay far below (a 1M-line
 * settlement is about 170 MB).
 */
export interface ExpansionLimits {
  /** Largest decompressed size in bytes. */
  maxBytes: number;
  /** Largest decompressed size as a multiple of the compressed size. */
  maxRatio: number;
}

const MB = 1 << 20;

/** Small files may expand further than the ratio allows (a few KB of gzip holding an empty settlement). */
const RATIO_FLOOR_BYTES = 16 * MB;

/** The environment variable that raises (or lowers) the absolute bound, in MB. */
export const MAX_EXPANDED_MB_VARIABLE = 'ML_CONNECTOR_MAX_EXPANDED_MB';

export const DEFAULT_EXPANSION_LIMITS: ExpansionLimits = { maxBytes: 2048 * MB, maxRatio: 100 };

/** The defaults, with the absolute bound taken from ML_CONNECTOR_MAX_EXPANDED_MB when it holds a positive number. */
export function expansionLimits(env: NodeJS.ProcessEnv = process.env): ExpansionLimits {
  const mb = Number(env[MAX_EXPANDED_MB_VARIABLE]);
  return Number.isFinite(mb) && mb > 0 ? { ...DEFAULT_EXPANSION_LIMITS, maxBytes: Math.floor(mb * MB) } : DEFAULT_EXPANSION_LIMITS;
}

/** How many decompressed bytes `compressedBytes` of input may have produced. */
export function expansionAllowance(compressedBytes: number, limits: ExpansionLimits): number {
  return Math.min(limits.maxBytes, Math.max(RATIO_FLOOR_BYTES, limits.maxRatio * compressedBytes));
}

export class ExpansionLimitError extends Error {
  constructor(readonly allowedBytes: number, readonly compressedBytes: number, limits: ExpansionLimits) {
    super(
      allowedBytes >= limits.maxBytes
        ? `the file expands to more than ${megabytes(limits.maxBytes)} MB when decompressed, more than this workspace accepts ` +
            `(set ${MAX_EXPANDED_MB_VARIABLE} to accept larger files); nothing was stored`
        : `the file expands to more than ${megabytes(allowedBytes)} MB from ${megabytes(compressedBytes)} MB of gzip ` +
            `(over ${limits.maxRatio} times; a settlement report compresses about 8 times): this is not a settlement report; nothing was stored`,
    );
    this.name = 'ExpansionLimitError';
  }
}

export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return mb >= 10 || Number.isInteger(mb) ? String(Math.round(mb)) : mb.toFixed(1);
}

/** gunzipSync that stops at the allowance instead of inflating a bomb into memory (a downloaded report document). */
export function gunzipBounded(bytes: Uint8Array, limits: ExpansionLimits = expansionLimits()): Buffer {
  const allowed = expansionAllowance(bytes.byteLength, limits);
  try {
    return gunzipSync(bytes, { maxOutputLength: allowed });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ExpansionLimitError(allowed, bytes.byteLength, limits);
    throw err;
  }
}
