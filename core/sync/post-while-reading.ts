/**
 * A reader that queues documents and a poster that posts them, side by side: the poster posts what is
 * queued while the reader waits on its source (searchOrders allows a page every three minutes), instead of
 * the two stages adding up.
 */
export interface PostWhileReading<R> {
  /** Reads and queues; calls `queued()` each time it has queued (committed) something the poster may take. */
  read: (queued: () => void) => Promise<R>;
  /**
   * One posting pass over what is queued now. `idle`: nothing was waiting; `posted`: it posted (or tried)
   * what was; `stop`: posting must not go on in this run (cancelled, the ERP unreachable, the lease held or lost).
   */
  post: () => Promise<'idle' | 'posted' | 'stop'>;
}

/**
 * Runs both until the reader is done and a pass begun after that has posted what it left, or until the
 * poster stops; a failed reader keeps what the poster has yet to post (it is drained), a stopped poster
 * keeps what the reader has yet to queue (it reads on). Neither side's failure is thrown: both outcomes are
 * returned settled, for the caller to report, after both have ended.
 */
export async function postWhileReading<R>(o: PostWhileReading<R>): Promise<{ read: PromiseSettledResult<R>; post: PromiseSettledResult<void> }> {
  let readerDone = false;
  /** Set when the reader queued something since the poster's last pass began: a wake-up is never lost. */
  let queuedSincePass = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    queuedSincePass = true;
    const w = wake;
    wake = null;
    w?.();
  };
  const reading = (async () => o.read(nudge))().finally(() => {
    readerDone = true;
    nudge();
  });
  const posting = (async () => {
    for (;;) {
      // A pass that begins after the reader ended sees everything it queued: the last pass.
      const last = readerDone;
      queuedSincePass = false;
      const pass = await o.post();
      if (pass === 'stop' || last) return;
      if (pass === 'idle' && !queuedSincePass && !readerDone) await new Promise<void>((resolve) => { wake = resolve; });
    }
  })();
  const [read, post] = await Promise.allSettled([reading, posting]);
  return { read, post };
}
