import type { Clock } from '../clock/clock';
import { ErpError } from './erp-error';

/**
 * Exactly-once creation without an idempotency key, which none of our ERPs offers (NOTES §1.5, §2.4,
 * §3.6, §4.5): look for our natural key, create only when it is missing, and after any failure that may
 * have got through, look again before creating again (DESIGN.md §5).
 */
export interface RoundsOptions {
  /** Our natural key, named in the error when every round fails. */
  key: string;
  /** Rounds before giving up with the last error. */
  maxRounds?: number;
  /**
   * The ERP's "already exists" answer: an earlier attempt (or another instance) created the record, so
   * the next look finds it. BC: Internal_EntityWithSameKeyExists; SAP B1: code -10 "already exists"
   * (NOTES §3.2); Acumatica: 412 on PUT with If-None-Match: * (NOTES §4.5).
   */
  alreadyExists?: (err: ErpError) => boolean;
  /**
   * After an unknown outcome (timeout, dropped connection, 5xx: the server may have done the work, or
   * may still be doing it) wait this long before looking again, so the look sees a create that was
   * still committing. Refusals before any work (429) and "already exists" look again at once.
   */
  settle?: { ms: number; clock: Clock };
  signal?: AbortSignal;
}

/** Runs `round` until it returns, starting over after a failure that may be retried. */
export async function inRounds<T>(o: RoundsOptions, round: (n: number) => Promise<T>): Promise<T> {
  const maxRounds = o.maxRounds ?? 6;
  let last: ErpError | null = null;
  for (let n = 0; n < maxRounds; n++) {
    if (last && o.settle && last.kind !== 'throttled' && !o.alreadyExists?.(last)) await o.settle.clock.sleep(o.settle.ms, o.signal);
    try {
      return await round(n);
    } catch (err) {
      if (!(err instanceof ErpError)) throw err;
      const e = err.document ? err : err.withDocument(o.key);
      if (!(e.retryable || o.alreadyExists?.(err)) || o.signal?.aborted) throw e;
      last = e;
    }
  }
  throw last!;
}

export interface CreateOnceOptions<T> extends RoundsOptions {
  /** Finds the record by our natural key; null when absent. */
  look: (signal?: AbortSignal) => Promise<T | null>;
  create: (signal?: AbortSignal) => Promise<T>;
}

export interface CreateOnceResult<T> {
  value: T;
  /** Found on the first look: it existed before this call (a replay), not created by it. */
  existedBefore: boolean;
}

/** Look → create → (after a failure) look again, until the record exists exactly once. */
export async function createOnce<T>(o: CreateOnceOptions<T>): Promise<CreateOnceResult<T>> {
  return inRounds(o, async (n) => {
    const found = await o.look(o.signal);
    if (found !== null) return { value: found, existedBefore: n === 0 };
    return { value: await o.create(o.signal), existedBefore: false };
  });
}
