/** A workspace database that cannot be opened safely. The message is meant for the user. */
export class StoreError extends Error {
  constructor(message: string, readonly file: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** SQLite refused a write (or a read needing a lock) because another connection holds the database. */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}
