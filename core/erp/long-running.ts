import type { Clock } from '../clock/clock';
import { parseRetryAfter } from '../net/backoff';
import { ErpError } from './erp-error';
import type { ErpHttpClient, HttpRequest, HttpResponse } from './http-client';
import { resolveLink } from './pager';

/**
 * Long-running actions: the server answers 202 Accepted with a Location to poll, which answers 202 while
 * the work runs and something else when it is done. Acumatica's actions (ReleaseJournalTransaction,
 * ReleaseSalesInvoice, …) answer 202 + Location and the status URL answers 204 when finished (NOTES §4.3,
 * swagger and ACUPM "Invoke Release of an Invoice"). A failure while polling is an error response,
 * classified by the client like any other.
 */
export interface PollOptions {
  clock: Clock;
  /** Pause between polls when the server gives no Retry-After. */
  intervalMs: number;
  /** Give up after this long on the clock. The work may still finish; the error says so. */
  maxWaitMs: number;
  /** Cancels the wait (a user's cancel); the request's own signal when absent. */
  signal?: AbortSignal;
}

export async function sendAndAwait(http: ErpHttpClient, req: HttpRequest, poll: PollOptions): Promise<HttpResponse> {
  const signal = poll.signal ?? req.signal;
  let res = await http.send(req);
  const started = poll.clock.now();
  let location: string | null = null;
  for (let polls = 0; res.status === 202; polls++) {
    const header = res.headers.get('location');
    // A 202 without Location is a plain "accepted": nothing to poll.
    if (!header && location === null) return res;
    location = header ? resolveLink(header, location ?? req.url) : location!;
    const wait = parseRetryAfter(res.headers.get('retry-after'), new Date(poll.clock.now())) ?? poll.intervalMs;
    if (poll.clock.now() + wait - started > poll.maxWaitMs) {
      throw new ErpError(`${http.system} ${req.operation} was still running after ${Math.round((poll.clock.now() - started) / 1000)} s (${polls} checks of ${location}); it may yet finish there, so look before starting it again.`, {
        system: http.system, kind: 'transient', httpStatus: 202, operation: req.operation, retryable: true,
      });
    }
    await poll.clock.sleep(wait, signal);
    res = await http.send({ operation: `${req.operation} status`, method: 'GET', url: location, ...(signal ? { signal } : {}) });
  }
  return res;
}
