
export interface RunningImport {
  /** What the user knows the import by: "settlement 123456 (file x.txt)". */
  label: string;
  startedAt: number;
}

/**
 * The one gate of a workspace's settlement imports: one at a time, each under a name the user knows it by.
 * An import writes in short transactions (core/settlement/settlement-store.ts), so other writes go on while
 * it runs; the gate keeps them in order (two imports of the same settlement never race for its next
 * version number) and says which one runs.
 */
export class ImportGate {
  private current: RunningImport | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private idleWaiters: Array<() => void> = [];

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
      try {
        return await fn((better) => {
          if (this.current) this.current.label = better;
        });
      } finally {
        this.current = null;
      }
    });
    const settled = () => {
      if (--this.queued === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
    this.queue = turn.then(settled, settled);
    return turn;
  }
}
