import type { Clock } from '../clock/clock';
import type { Workspace } from '../workspace/workspace';
import { connectionResources, type ConnectionResources } from './connection-resources';
import type { JobContext, JobHandler, JobProgress } from './job-context';
import { JobStore, type JobDefinition, type JobKind, type RunRecord, type RunTrigger } from './job-store';
import { JobLeases } from './lease';
import { plainError } from './plain-error';
import { orderInvoicingJob } from './order-invoicing-job';
import { referenceRefresh } from './reference-refresh';
import { returnsJob } from './returns-job';
import { mcfJob } from './mcf-job';
import { InvalidSchedule, type SlotCalendar } from './schedule';
import { listingsJob } from './listings-job';
import { jobCalendar } from './settlement-cadence';
import { settlementDiscovery } from './settlement-discovery';
import { settlementPostingJob } from './settlement-posting-job';
import { vendorCentralJob } from './vendor-central-job';
import { DomainError } from '../errors/domain-error';

export const JOB_HANDLERS: Record<JobKind, JobHandler> = {
  'settlement-discovery': settlementDiscovery,
  'reference-refresh': referenceRefresh,
  'settlement-posting': settlementPostingJob,
  'order-invoicing': orderInvoicingJob,
  listings: listingsJob,
  'vendor-central': vendorCentralJob,
  'fba-returns': returnsJob,
  mcf: mcfJob,
};

export interface SyncRunnerOptions {
  clock?: Clock;
  /** How long a lease lasts without renewal (clock ms). A dead runner's jobs are free again after this. */
  leaseMs?: number;
  handlers?: Partial<Record<JobKind, JobHandler>>;
  resources?: ConnectionResources;
  /** A slot started later than this after its time is recorded as a catch-up run. */
  catchUpAfterMs?: number;
  /** Who the runs and audit entries name. */
  actor?: string;
}

/** The reason a run stops when its program closes. */
export class Shutdown extends Error {
  constructor() {
    super('Stopped because ml-connector was closing; this time slot runs again at the next start.');
    this.name = 'Shutdown';
  }
}

/** Another runner holds the job's lease right now. */
export class JobBusy extends DomainError {
  constructor(readonly job: JobDefinition) {
    super('conflict', `"${job.name}" is already running (here or in another ml-connector on this workspace).`);
  }
}

/**
 * Starts due jobs and resumes runs whose runner died. Due means: the latest slot of the job's schedule at or
 * before now comes after the last slot started, so a machine that was off for three days runs each job once
 * when it comes back, not once per missed slot. Each run holds the job's lease, so two runners on one
 * workspace never run the same job at once.
 */
export class SyncRunner {
  readonly jobs: JobStore;
  readonly leases: JobLeases;
  readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly handlers: Record<JobKind, JobHandler>;
  private readonly resources: ConnectionResources;
  private readonly active = new Map<string, AbortController>();

  constructor(private readonly ws: Workspace, private readonly options: SyncRunnerOptions = {}) {
    this.clock = options.clock ?? ws.clock;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.handlers = { ...JOB_HANDLERS, ...options.handlers };
    this.resources = options.resources ?? connectionResources(ws);
    this.jobs = new JobStore(ws.db);
    this.leases = new JobLeases(ws.db, () => this.clock.now());
  }

  /** Runs, one after another, every enabled job that is due or was interrupted. Returns the runs it ended. */
  async tick(): Promise<RunRecord[]> {
    const ended: RunRecord[] = [];
    for (const job of this.jobs.list()) {
      if (!job.enabled || this.active.has(job.id)) continue;
      const run = await this.runIfDue(job);
      if (run) ended.push(run);
    }
    return ended;
  }

  /** Runs a job now, outside its schedule (or finishes its interrupted run). */
  async runNow(jobId: string): Promise<RunRecord> {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`There is no sync job with id ${jobId}.`);
    // The lease is re-entrant for its holder: a job this runner is already running must not start twice.
    if (this.active.has(job.id)) throw new JobBusy(job);
    const run = await this.withLease(job, async () => {
      const open = this.jobs.openRun(job.id);
      return this.execute(job, open ? this.jobs.resumeRun(open.id) : this.jobs.startRun(job.id, 'manual', null, this.now()));
    });
    if (!run) throw new JobBusy(job);
    return run;
  }

  /** Asks the job's running run to stop; it ends as cancelled after its current step. */
  cancel(jobId: string): boolean {
    const c = this.active.get(jobId);
    if (!c) return false;
    c.abort(new DOMException('Cancelled', 'AbortError'));
    return true;
  }

  /**
   * The program is closing: every running run stops after its current step, and a scheduled one gives its
   * slot back, so the next start runs it again (and carries on from what this one finished).
   */
  shutdown(): void {
    for (const c of this.active.values()) c.abort(new Shutdown());
  }

  /** Whether a run of this job is going on in this runner right now. */
  isRunning(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** When the next enabled job is due, for the watch loop's sleep. */
  nextDue(): Date | null {
    let next: Date | null = null;
    for (const job of this.jobs.list()) {
      if (!job.enabled) continue;
      try {
        const n = jobCalendar(this.ws.db, job).calendar.next(this.now());
        if (n && (!next || n < next)) next = n;
      } catch {
        // an unreadable schedule never comes due; tick() records why
      }
    }
    return next;
  }

  /** Ticks until the signal fires, sleeping until the next slot (at most `pollMs`, to notice new jobs). */
  async watch(signal: AbortSignal, onRun?: (run: RunRecord) => void, pollMs = 60_000, onError?: (err: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        for (const run of await this.tick()) onRun?.(run);
      } catch (err) {
        // A database that is busy or a job row that cannot be read must not end the loop: say so, try again.
        if (!onError) throw err;
        onError(err);
      }
      const next = this.nextDue();
      const wait = Math.max(1_000, Math.min(pollMs, next ? next.getTime() - this.clock.now() : pollMs));
      try {
        await this.clock.sleep(wait, signal);
      } catch {
        return;
      }
    }
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private async runIfDue(job: JobDefinition): Promise<RunRecord | null> {
    let calendar: SlotCalendar;
    try {
      calendar = jobCalendar(this.ws.db, job).calendar;
    } catch (err) {
      if (err instanceof InvalidSchedule) return null;
      throw err;
    }
    const dueNow = () => calendar.due(this.now(), new Date(this.jobs.get(job.id)?.lastSlot ?? job.createdAt));
    if (!this.jobs.openRun(job.id) && !dueNow()) return null;
    return this.withLease(job, async () => {
      // Looked at again under the lease: another runner may have just started this slot.
      const open = this.jobs.openRun(job.id);
      if (open) return this.execute(job, this.jobs.resumeRun(open.id));
      const due = dueNow();
      if (!due) return null;
      const late = this.clock.now() - due.slot.getTime() > (this.options.catchUpAfterMs ?? 15 * 60_000);
      const trigger: RunTrigger = late || due.missed > 0 ? 'catch-up' : 'schedule';
      return this.execute(job, this.jobs.startRun(job.id, trigger, due.slot, this.now()));
    });
  }

  /** Runs `fn` holding the job's lease, renewing it while `fn` works; null if another runner holds it. */
  private async withLease<T>(job: JobDefinition, fn: () => Promise<T | null>): Promise<T | null> {
    const name = `job:${job.id}`;
    if (!this.leases.acquire(name, this.leaseMs)) return null;
    const controller = new AbortController();
    this.active.set(job.id, controller);
    let held = true;
    const renewNow = () => {
      if (!held) return;
      if (!this.leases.renew(name, this.leaseMs)) controller.abort(new Error('Another runner took over this job (its lease was lost).'));
    };
    const renew = setInterval(renewNow, Math.max(50, Math.min(this.leaseMs / 3, 20_000)));
    renew.unref();
    try {
      return await fn();
    } finally {
      held = false;
      clearInterval(renew);
      this.active.delete(job.id);
      this.leases.release(name);
    }
  }

  private async execute(job: JobDefinition, run: RunRecord): Promise<RunRecord> {
    const controller = this.active.get(job.id) ?? new AbortController();
    const callId = `sync-run:${run.id}`;
    this.ws.events.emit({ type: 'changed', topic: 'jobs' });
    let lastProgressWrite = 0;
    const context = (checkpoint: unknown): JobContext => ({
      ws: this.ws,
      job,
      runId: run.id,
      life: run.lives,
      checkpoint,
      saveCheckpoint: (cp) => this.jobs.saveCheckpoint(run.id, cp),
      progress: (p: JobProgress) => {
        const t = performance.now();
        if (t - lastProgressWrite > 200 || p.done === p.total || p.done === 0) {
          lastProgressWrite = t;
          this.jobs.progress(run.id, p);
        }
        this.ws.events.emit({ type: 'progress', callId, phase: p.phase, done: p.done, total: p.total, ...(p.current ? { current: p.current } : {}) });
      },
      resources: this.resources,
      clock: this.clock,
      signal: controller.signal,
    });
    let end: Parameters<JobStore['finishRun']>[1];
    try {
      const outcome = await this.handlers[job.kind](context(run.checkpoint));
      end = { status: outcome.error ? 'failed' : 'succeeded', counts: outcome.counts, error: outcome.error ?? outcome.warning ?? null };
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
      const cancelled = reason instanceof DOMException || reason instanceof Shutdown;
      const why = reason instanceof Shutdown ? reason.message : cancelled ? 'Cancelled.' : reason instanceof Error ? reason.message : plainError(err);
      end = { status: cancelled ? 'cancelled' : 'failed', counts: {}, error: `${why} The next run carries on where this one stopped.` };
      if (reason instanceof Shutdown && run.slot) this.jobs.giveBackSlot(job.id, run.slot, job.lastSlot);
    }
    const finished = this.recordEnd(job, run, end);
    this.ws.events.emit({ type: 'changed', topic: 'jobs' });
    return finished;
  }

  /** The run's end and its audit entry, in one transaction. */
  private recordEnd(job: JobDefinition, run: RunRecord, end: Parameters<JobStore['finishRun']>[1]): RunRecord {
    return this.ws.db.transaction(() => {
      const finished = this.jobs.finishRun(run.id, end, this.now());
      this.ws.audit.record({
        kind: 'state_change',
        system: 'app',
        operation: 'sync.run',
        actor: this.options.actor ?? null,
        subjectType: 'sync_job',
        subjectId: job.id,
        status: finished.status,
        detail: { runId: run.id, kind: job.kind, trigger: finished.trigger, slot: finished.slot, lives: finished.lives, counts: finished.counts, error: finished.error },
      });
      return finished;
    }).immediate();
  }
}
