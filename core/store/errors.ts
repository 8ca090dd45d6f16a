import { DomainError } from '../errors/domain-error';
/** A workspace database that cannot be opened safely. The message is meant for the user. */
export class StoreError extends DomainError {
  constructor(message: string, readonly file: string) {
    super('internal', message);
  }
}

/** SQLite refused a write (or a read needing a lock) because another connection holds the database. */
export function isDatabaseBusy(err: unknown): boolean {
  // Also when wrapped: a client that audits its calls may carry the store's error as the cause of its own.
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')) return true;
  }
  return false;
}
