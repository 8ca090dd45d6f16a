import { isDatabaseBusy, type Db } from '../store';

export { isDatabaseBusy };

/** The busy timeout of a workspace connection when no import of ours runs (core/store/database.ts). */
const NORMAL_BUSY_TIMEOUT_MS = 5000;

/** A write waited for a settlement import to finish and still found the database locked afterwards. */
export class StillLockedAfterImport extends Error {
  constructor(readonly what: string, readonly importLabel: string) {
    super(
      `${what} could not be saved: it waited for the import of ${importLabel} to finish, but the workspace database was still locked afterwards ` +
        '(another program, such as a second ml-connector on this workspace, may be writing to it). Nothing was changed; try again.',
    );
    this.name = 'StillLockedAfterImport';
  }
}

export interface RunningImport {
  /** What the user knows the import by: "settlement 123456 (file x.txt)". */
  label: string;
  startedAt: number;
}

/**
 * The one gate of a workspace's settlement imports. An import is a single write transaction held across the
 * whole file (core/settlement/settlement-store.ts: atomic by design), run on its own connection, mostly in a
 * worker thread. While it runs, every other write to the workspace database would get SQLITE_BUSY. This gate
 * is how the rest of the process knows such an import is going on and waits for it instead of failing:
 *
 * - `run` serialises imports (one at a time per workspace) and, while one runs, sets the host connection's
 *   busy timeout to 0, so a write that meets the import fails at once instead of freezing this thread (its
 *   event loop: the HTTP API, the UI's IPC) for the 5 s timeout;
 * - `retryAfterImport` runs a piece of work and, when it fails with SQLITE_BUSY because an import was running
 *   (or ran) meanwhile, says what it waits for, waits asynchronously for the imports to end and runs it again.
 *   A failed write changed nothing (a statement or transaction is atomic); what ran before it is run again,
 *   which the callers are built for: every multi-step operation here (posting, job steps) resumes after a
 *   crash at any point, and a busy failure is such a point.
 *
 * Writes that meet no import of ours keep the connection's normal 5 s timeout and fail as before.
 */
export class ImportGate {
  private current: RunningImport | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** Bumped when an import starts and when it ends: a busy failure seen across a change was the import's. */
  private generation = 0;
  private lastLabel = '';
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly db: Db) {}

  /** The import running now, if any. */
  running(): RunningImport | null {
    return this.current ? { ...this.current } : null;
  }

  /** Resolves when no import runs or waits to run. */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs one import under the gate, after the ones already queued. `rename` lets the import name itself
   * better once it knows more (the settlement id read from the file's summary row).
   */
  run<T>(label: string, fn: (rename: (label: string) => void) => Promise<T>): Promise<T> {
    this.queued++;
    const turn = this.queue.then(async () => {
      this.current = { label, startedAt: Date.now() };
      this.lastLabel = label;
      this.generation++;
      this.db.pragma('busy_timeout = 0');
      try {
        return await fn((better) => {
          if (this.current) this.current.label = this.lastLabel = better;
        });
      } finally {
        this.current = null;
        this.generation++;
        this.db.pragma(`busy_timeout = ${NORMAL_BUSY_TIMEOUT_MS}`);
      }
    });
    const settled = () => {
      if (--this.queued === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
    this.queue = turn.then(settled, settled);
    return turn;
  }

  /**
   * Runs `work`; when it fails with SQLITE_BUSY and an import of ours was running (or started or ended while
   * it ran), calls `onWait` with what it waits for, waits for the imports to end, and runs it again (and again
   * if another import had started by then). `onWait(null)` says the wait is over. A work that is still refused
   * after the imports ended fails with StillLockedAfterImport, naming what it waited for.
   */
  async retryAfterImport<T>(what: string, work: () => T | Promise<T>, onWait?: (message: string | null) => void): Promise<T> {
    let waitedFor: string | null = null;
    for (;;) {
      const before = this.generation;
      try {
        return await work();
      } catch (err) {
        if (!isDatabaseBusy(err)) throw err;
        const cause = this.current?.label ?? (this.generation !== before ? this.lastLabel : null);
        if (!cause) {
          if (waitedFor) throw new StillLockedAfterImport(what, waitedFor);
          throw err;
        }
        waitedFor = cause;
        onWait?.(`Waiting for the import of ${cause} to finish…`);
        try {
          await this.idle();
        } finally {
          onWait?.(null);
        }
      }
    }
  }

  /** A write that may be skipped while an import runs (a progress note, a lease renewal): false when it was. */
  tryWrite(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (isDatabaseBusy(err) && this.current) return false;
      throw err;
    }
  }
}
