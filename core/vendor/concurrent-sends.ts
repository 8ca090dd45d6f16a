/**
 * Documents sent to the ERP at once: its connector lets 5 requests out at a time (ConcurrencyGate; BC processes
 * 5 at once per user, ../shared/reference/erp/NOTES.md §1.6), so more would only wait there.
 */
export const ERP_AT_ONCE = 5;

/** What a send tells the run: go on with the next document, or start no more (the other side is not taking them now). */
export type SendVerdict = 'next' | 'stop';

/**
 * Works through a run's documents with up to `limit` of them in flight. Each has its own natural key in the
 * outbox and its own document at the other end, so the order they go in does not matter, and the limit is
 * what the other side takes at once (a usage plan's burst, BC's 5 requests per user). Once a send says stop,
 * or throws, or the signal aborts, no further document starts; those in flight finish and record their
 * outcome, then the first error thrown is thrown again.
 */
export async function sendConcurrently<T>(items: readonly T[], limit: number, send: (item: T) => Promise<SendVerdict>, signal?: AbortSignal): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A send limit must be a positive integer, got ${limit}`);
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!stopped && !signal?.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        if ((await send(item)) === 'stop') stopped = true;
      } catch (error) {
        stopped = true;
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
