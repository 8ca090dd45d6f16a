import { StoreError } from './errors';

/**
 * What the file system or SQLite says when the workspace cannot be written, in words with the path and
 * what to do. A failed SQLite statement rolls its transaction back, so "nothing was changed" holds for the
 * write that failed. Returns null for anything that is not a disk problem.
 */
export function describeDiskError(err: unknown, path: string): StoreError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const sqlite = String((e as { code?: unknown }).code ?? '');
    // File-system codes count only on file-system errors (they carry the path): a refused network
    // connection has EACCES too.
    const fsPath = (e as { path?: unknown }).path;
    const code = sqlite.startsWith('SQLITE_') || typeof fsPath === 'string' ? sqlite : '';
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
      return new StoreError(`The workspace disk is full: nothing was changed; free space and retry (${path}).`, path);
    }
    if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
      return new StoreError(
        `The workspace folder cannot be written (${path}): it is read-only or belongs to another user. Nothing was changed. ` +
          'Give your account write permission on the folder, or choose a workspace folder you can write to.',
        path,
      );
    }
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      return new StoreError(`The workspace path is not a folder (${path}): part of it is a file. Choose a folder for the workspace.`, path);
    }
    if (code.startsWith('SQLITE_CANTOPEN')) {
      return new StoreError(`The workspace database cannot be opened (${path}): check that the folder exists and that you may write to it.`, path);
    }
    if (code.startsWith('SQLITE_IOERR')) {
      return new StoreError(`The disk failed while writing the workspace (${path}): nothing was changed. Check the disk (and the network share, if it is one) and retry.`, path);
    }
  }
  return null;
}
