import { importInWorker, type WorkerImportResult } from '../settlement/import-in-worker';
import { importSettlement, type ImportProgress } from '../settlement/settlement-store';
import { openDatabase } from '../store';
import type { Workspace } from './workspace';

export interface SettlementImportRequest {
  /** Where the bytes came from, as the user knows it: "file big.txt", "report 90001". */
  source: string;
  /** The file name stored with the version. */
  fileName: string;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** The caller's clock (a sync job's); the system clock when not given. */
  now?: () => Date;
}

const CHUNK = 1 << 20;

/** The bytes in 1 MB chunks; stops the import (which then leaves nothing) when the signal fires. */
async function* chunks(bytes: Uint8Array, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK) {
    signal?.throwIfAborted();
    yield bytes.subarray(at, at + CHUNK);
  }
}

/**
 * Imports one settlement held in memory (an upload, a report downloaded from Amazon) into the workspace,
 * through the workspace's import gate (one import at a time). It runs on the bundled worker thread with a
 * connection of its own, so this thread (the host's HTTP API, the desktop app's IPC) keeps answering for the
 * seconds a large settlement takes; its short write transactions let this thread's writes through meanwhile.
 *
 * Where no worker is possible it runs on the calling thread: running from sources (the unit tests, where no
 * bundled worker file exists and none was given) or a database with no file a worker could open (":memory:").
 */
export function importSettlementBytes(ws: Workspace, bytes: Uint8Array, r: SettlementImportRequest): Promise<WorkerImportResult> {
  return ws.imports.run(`settlement ${r.source}`, async (rename) => {
    const onSettlement = (settlementId: string) => rename(`settlement ${settlementId} (${r.source})`);
    const native = ws.nativeBinding ? { nativeBinding: ws.nativeBinding } : {};
    const inMemory = ws.databaseFile === ':memory:';
    if (ws.importWorker && !inMemory) {
      return importInWorker(bytes, {
        workerFile: ws.importWorker, databaseFile: ws.databaseFile, ...native, fileName: r.fileName, actor: r.actor, onSettlement,
        ...(r.signal ? { signal: r.signal } : {}), ...(r.onProgress ? { onProgress: r.onProgress } : {}), ...(r.now ? { now: r.now } : {}),
      });
    }
    const db = inMemory ? ws.db : openDatabase(ws.databaseFile, native);
    try {
      const result = await importSettlement(db, chunks(bytes, r.signal), {
        fileName: r.fileName, bytesTotal: bytes.byteLength, actor: r.actor, onSettlement, ...(r.signal ? { signal: r.signal } : {}),
        ...(r.onProgress ? { onProgress: r.onProgress } : {}), ...(r.now ? { now: r.now } : {}),
      });
      return { outcome: result.outcome, settlementId: result.settlementId, version: result.version, versionId: result.versionId, lineCount: result.inspection.lineCount };
    } finally {
      if (db !== ws.db) db.close();
    }
  });
}
