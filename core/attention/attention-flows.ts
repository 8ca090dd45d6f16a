import type { AuditLog } from '../store';
import type { DeadLetter, DeadLetterStore, RetryResult } from './dead-letter-store';

/**
 * How a flow tries one of its held records again, after the fix. It must be safe to call for a record
 * the flow got through meanwhile (it then answers ok), so that nothing is created twice; the store makes
 * sure no two retries of one record run at once.
 */
export type RetryHandler = (letter: DeadLetter, signal?: AbortSignal) => Promise<RetryResult>;

/** What the Dashboard shows of a flow besides its held records. */
export interface FlowActivity {
  lastRun: { at: string; status: string } | null;
  /** Records the flow got through (in its store). */
  moved: number;
  /** Records read and not yet through, none of them failed. */
  waiting: number;
}

/** A flow as "Needs attention" knows it: its name, its words, how to retry and what it did. */
export interface AttentionFlow {
  flow: string;
  label: string;
  retry: RetryHandler;
  activity?: () => FlowActivity;
  /** The screen (route) where the flow's moved records are seen, for the Dashboard's links. */
  screen?: string;
  /** Brings refusals the flow keeps in its own store into the list, for flows that do not hold them as they fail. */
  collect?: () => void;
}

export type RetryOutcome = 'resolved' | 'failed' | 'busy' | 'gone' | 'no-handler';

export interface RetryReport {
  id: number;
  outcome: RetryOutcome;
  /** The error of a retry that failed, in the other system's words. */
  error?: string;
}

/**
 * How long a retry holds its record when its holder cannot be seen to die: one on another machine, or a
 * live process that stopped. A holder on this machine whose process is gone frees the record at once.
 */
const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * The seam every flow plugs into: a flow registers its retry handler by name; retry one or all goes
 * through the store's claim, so each held record runs once per retry however many people click.
 */
export class AttentionFlows {
  private readonly flows = new Map<string, AttentionFlow>();

  constructor(private readonly store: DeadLetterStore, private readonly audit: AuditLog | null = null, private readonly leaseMs = DEFAULT_LEASE_MS) {}

  register(flow: AttentionFlow): this {
    if (this.flows.has(flow.flow)) throw new Error(`The flow "${flow.flow}" is registered twice for Needs attention.`);
    this.flows.set(flow.flow, flow);
    return this;
  }

  /** Every flow's refusals kept elsewhere, into the list (before it is read). */
  collect(): void {
    for (const f of this.flows.values()) f.collect?.();
  }

  list(): AttentionFlow[] {
    return [...this.flows.values()];
  }

  get(flow: string): AttentionFlow | undefined {
    return this.flows.get(flow);
  }

  async retry(id: number, actor: string, signal?: AbortSignal): Promise<RetryReport> {
    const held = this.store.get(id);
    if (!held || held.state === 'resolved') return { id, outcome: 'gone' };
    const flow = this.flows.get(held.flow);
    if (!flow) return { id, outcome: 'no-handler', error: `Nothing in this version of ml-connector retries records of the flow "${held.flow}".` };
    const claim = this.store.claim(id, this.leaseMs);
    if (!claim) return { id, outcome: 'busy' };
    let result: RetryResult;
    try {
      result = await flow.retry(claim.letter, signal);
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    this.store.finish(claim, result);
    this.audit?.record({
      kind: 'decision', system: 'app', operation: 'attention.retry', actor, subjectType: held.flow, subjectId: held.recordKey,
      status: result.ok ? 'resolved' : 'failed', detail: { id, ...(result.ok ? {} : { error: result.error }) },
    });
    return result.ok ? { id, outcome: 'resolved' } : { id, outcome: 'failed', error: result.error };
  }

  /** Retries every held record (of one flow), one after another, in the order they were held. */
  async retryAll(actor: string, flow?: string, signal?: AbortSignal): Promise<RetryReport[]> {
    const reports: RetryReport[] = [];
    for (const l of this.store.list({ state: 'open', ...(flow ? { flow } : {}) })) {
      signal?.throwIfAborted();
      reports.push(await this.retry(l.id, actor, signal));
    }
    return reports;
  }
}
