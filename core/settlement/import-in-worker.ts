import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../store';
import { SettlementParseError } from './settlement-errors';
import type { ImportOutcome, ImportProgress } from './settlement-store';
import { discardUnfinishedImports } from './unfinished-imports';
import { errorMessage } from '../errors/domain-error';

/** What the host needs back from an import (the inspection and journal stay in the database). */
export interface WorkerImportResult {
  outcome: ImportOutcome;
  settlementId: string;
  version: number;
  versionId: number;
  lineCount: number;
}

export interface ImportWorkerData {
  databaseFile: string;
  nativeBinding?: string;
  fileName: string;
  actor: string;
  bytes: Uint8Array;
  /** The caller's clock minus the system clock (a sync job's clock): the worker's timestamps follow the caller's. */
  nowOffsetMs?: number;
  /** SharedArrayBuffer of one Int32 holding a CANCEL_FLAG value. */
  cancel: SharedArrayBuffer;
}

/**
 * The shared cancel flag. Host and worker each move it on from `running` with a compare-and-exchange, so
 * exactly one of them wins: the host's cancel (`cancelled`: the worker deletes what it stored, and is stopped if it does
 * not do so quickly) or the worker's commit (`committing`: the cancel came too late and the import completes).
 */
export const CANCEL_FLAG = { running: 0, cancelled: 1, committing: 2 } as const;

/** How long a cancelled worker gets to stop by itself before it is stopped. */
const CANCEL_GRACE_MS = 250;

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'settlement'; settlementId: string }
  | { type: 'done'; result: WorkerImportResult }
  | {
      type: 'failed';
      kind: 'parse' | 'cancelled' | 'other';
      message: string;
      parse?: { file: string; line: number; column: string | null; value: string | null; reason: string };
    };

export const IMPORT_WORKER_FILE = 'settlement-import-worker.cjs';

/**
 * The bundled worker next to the running bundle (dist/host or dist/electron; scripts/build.mjs writes
 * it), or null when running from sources (unit tests), where imports stay on the calling thread.
 */
export function bundledImportWorker(dir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): string | null {
  // An ES module bundle (the benches) has no __dirname, and no worker file beside it: imports stay on the calling thread.
  if (dir === undefined) return null;
  // A packaged desktop app keeps the worker outside its asar archive (electron-builder.yml asarUnpack):
  // a worker thread loads its script with plain Node, which cannot read inside the archive.
  const file = join(dir, IMPORT_WORKER_FILE).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return existsSync(file) ? file : null;
}

export interface WorkerImportOptions {
  workerFile: string;
  databaseFile: string;
  nativeBinding?: string;
  fileName: string;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  onSettlement?: (settlementId: string) => void;
  /** The caller's clock (a sync job's); the system clock when not given. */
  now?: () => Date;
}

/**
 * Imports an uploaded settlement on a worker thread with its own database connection. Progress comes
 * back as messages; cancelling raises a shared flag the worker checks between chunks (the import then
 * leaves nothing; a worker that has not stopped within CANCEL_GRACE_MS is stopped, and the import gate deletes what it left) and this rejects with an AbortError. Parse failures reject with a SettlementParseError
 * carrying the worker's message (file, line, column, value).
 */
export function importInWorker(bytes: Uint8Array, o: WorkerImportOptions): Promise<WorkerImportResult> {
  const cancel = new SharedArrayBuffer(4);
  // A copy the worker owns outright: its buffer moves to the worker instead of being cloned.
  const own = new Uint8Array(bytes);
  const data: ImportWorkerData = {
    databaseFile: o.databaseFile,
    ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
    fileName: o.fileName,
    actor: o.actor,
    ...(o.now ? { nowOffsetMs: o.now().getTime() - Date.now() } : {}),
    bytes: own,
    cancel,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(o.workerFile, { workerData: data, transferList: [own.buffer as ArrayBuffer] });
    const flag = new Int32Array(cancel);
    const cancelled = () => new DOMException('Cancelled by the user', 'AbortError');
    let stopping = false;
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (Atomics.compareExchange(flag, 0, CANCEL_FLAG.running, CANCEL_FLAG.cancelled) !== CANCEL_FLAG.running) return;
      // The worker looks at the flag between chunks and deletes what it stored; one stuck in a long step is
      // stopped (SQLite rolls back its open chunk when its connection closes with the thread) and the import
      // gate deletes the chunks it had committed.
      grace = setTimeout(() => {
        stopping = true;
        void worker.terminate();
      }, CANCEL_GRACE_MS);
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.signal?.aborted) onAbort();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      o.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'progress') o.onProgress?.(m.progress);
      else if (m.type === 'settlement') o.onSettlement?.(m.settlementId);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else if (m.kind === 'parse' && m.parse) {
        const e = m.parse;
        finish(() => reject(new SettlementParseError(e.file, e.line, e.column, e.value, e.reason)));
      }
      else if (m.kind === 'cancelled') finish(() => reject(cancelled()));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => {
      discardLeftovers(o);
      reject(err);
    }));
    // Settled only once the thread is gone, so the next import does not meet what it left.
    worker.on('exit', (code) =>
      finish(() => {
        discardLeftovers(o);
        reject(stopping ? cancelled() : new Error(`the settlement import worker stopped (exit code ${code}) before it finished`));
      }),
    );
  });
}

/**
 * What a worker that was stopped (or died) had committed of its import, deleted on a connection of this
 * thread. Imports of one workspace run one at a time, so this process's unfinished import is that one.
 * Should this fail, the workspace deletes it when it next opens.
 */
function discardLeftovers(o: WorkerImportOptions): void {
  if (!existsSync(o.databaseFile)) return;
  try {
    const db = openDatabase(o.databaseFile, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
    try {
      discardUnfinishedImports(db, (pid) => pid !== process.pid);
    } finally {
      db.close();
    }
  } catch (err) {
    console.error(`A stopped settlement import could not be removed yet (it will be when the workspace opens): ${errorMessage(err)}`);
  }
}
