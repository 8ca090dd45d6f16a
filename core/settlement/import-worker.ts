/**
 * Entry of the settlement import worker (bundled to dist/<host|electron>/settlement-import-worker.cjs).
 * Parses and stores one uploaded settlement on its own thread and its own connection to the workspace
 * database (WAL: the host's connection keeps reading while this one writes), so a million-line import
 * does not stall the host's event loop. See import-in-worker.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store';
import type { StopSignal } from './byte-source';
import { CANCEL_FLAG, type ImportWorkerData, type ImportWorkerMessage } from './import-in-worker';
import { SettlementParseError } from './settlement-errors';
import { importSettlement } from './settlement-store';
import { errorMessage } from '../errors/domain-error';

const CHUNK = 1 << 20;

/**
 * The host's cancel flag as a signal (CANCEL_FLAG in import-in-worker.ts). The import runs without yielding to
 * this thread's event loop, so cancelling is a shared flag, not a message; the reader looks at it between
 * chunks, including each decompressed piece of one large compressed chunk.
 */
function cancelSignal(flag: Int32Array): StopSignal {
  return {
    throwIfAborted() {
      if (Atomics.load(flag, 0) === CANCEL_FLAG.cancelled) throw new DOMException('Cancelled by the user', 'AbortError');
    },
  };
}

/** The uploaded bytes in 1 MB chunks; stops (the import then leaves nothing) once the host raises the cancel flag. */
async function* chunks(bytes: Uint8Array, signal: StopSignal): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK) {
    signal.throwIfAborted();
    yield bytes.subarray(at, at + CHUNK);
  }
}

async function run(data: ImportWorkerData): Promise<ImportWorkerMessage> {
  const db = openDatabase(data.databaseFile, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  const flag = new Int32Array(data.cancel);
  const signal = cancelSignal(flag);
  try {
    const r = await importSettlement(db, chunks(data.bytes, signal), {
      signal,
      // Past this point a cancel no longer applies: the host then waits for the commit instead of stopping this thread.
      beforeCommit: () => {
        if (Atomics.compareExchange(flag, 0, CANCEL_FLAG.running, CANCEL_FLAG.committing) === CANCEL_FLAG.cancelled) {
          throw new DOMException('Cancelled by the user', 'AbortError');
        }
      },
      fileName: data.fileName,
      bytesTotal: data.bytes.byteLength,
      actor: data.actor,
      ...(data.nowOffsetMs ? { now: () => new Date(Date.now() + data.nowOffsetMs!) } : {}),
      onProgress: (p) => parentPort!.postMessage({ type: 'progress', progress: p } satisfies ImportWorkerMessage),
      onSettlement: (settlementId) => parentPort!.postMessage({ type: 'settlement', settlementId } satisfies ImportWorkerMessage),
    });
    return { type: 'done', result: { outcome: r.outcome, settlementId: r.settlementId, version: r.version, versionId: r.versionId, lineCount: r.inspection.lineCount } };
  } catch (err) {
    if (err instanceof SettlementParseError) {
      return { type: 'failed', kind: 'parse', message: err.message, parse: { file: err.file, line: err.line, column: err.column, value: err.value, reason: err.reason } };
    }
    if (err instanceof DOMException && err.name === 'AbortError') return { type: 'failed', kind: 'cancelled', message: err.message };
    return { type: 'failed', kind: 'other', message: errorMessage(err) };
  } finally {
    db.close();
  }
}

if (parentPort) {
  void run(workerData as ImportWorkerData).then((m) => parentPort!.postMessage(m));
}
