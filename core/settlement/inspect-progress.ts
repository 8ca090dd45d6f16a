import { statSync } from 'node:fs';
import { fileBytes, type ByteSource } from './byte-source';
import { SettlementTally, type SettlementInspection } from './settlement-inspection';
import { readSettlementBatches } from './settlement-reader';
import type { ImportProgress } from './settlement-store';

/** Below this a file is read in well under a second: a bar would only flicker. */
export const INSPECT_PROGRESS_MIN_BYTES = 4 << 20;

export interface InspectProgressWhere {
  /** `--json`: the output is for a program, and a bar on stderr would only get in a log's way. */
  json: boolean;
  /** Whether stdout and stderr (where the bar is drawn) are terminals. */
  outIsTTY: boolean;
  errIsTTY: boolean;
  fileBytes: number;
}

/** Whether `settlement inspect` draws a progress bar: on a terminal, for a file big enough to take a while. */
export function showsInspectProgress(w: InspectProgressWhere): boolean {
  return !w.json && w.outIsTTY && w.errIsTTY && w.fileBytes >= INSPECT_PROGRESS_MIN_BYTES;
}

async function* counted(source: ByteSource, onChunk: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onChunk(chunk.byteLength);
    yield chunk;
  }
}

/**
 * Inspects a settlement file, record batches at a time (a million lines cost a few hundred awaits, not
 * a million), telling `onProgress` about every few megabytes read.
 */
export async function inspectSettlementFile(path: string, onProgress?: (p: ImportProgress) => void): Promise<SettlementInspection> {
  const tally = new SettlementTally();
  const progress: ImportProgress = { bytesRead: 0, bytesTotal: onProgress ? statSync(path).size : null, lines: 0 };
  let reported = 0;
  const bytes = counted(fileBytes(path), (n) => (progress.bytesRead += n));
  for await (const batch of readSettlementBatches(bytes, { fileName: path })) {
    for (let i = 0; i < batch.length; i++) tally.add(batch[i]!);
    progress.lines += batch.length;
    if (onProgress && progress.bytesRead - reported >= 1 << 20) {
      reported = progress.bytesRead;
      onProgress({ ...progress });
    }
  }
  return tally.result();
}
