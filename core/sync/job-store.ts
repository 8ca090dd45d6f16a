import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store';
import { InvalidSchedule, ScheduleSchema, SlotCalendar, type Schedule } from './schedule';

export const JOB_KINDS = ['settlement-discovery', 'reference-refresh', 'settlement-posting', 'order-invoicing', 'listings', 'vendor-central', 'fba-returns', 'mcf'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunTrigger = 'schedule' | 'catch-up' | 'manual';

export interface JobDefinition {
  id: string;
  name: string;
  kind: JobKind;
  amazonConnectionId: string | null;
  erpConnectionId: string | null;
  schedule: Schedule;
  timeZone: string;
  enabled: boolean;
  lastSlot: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobInput {
  id?: string;
  name: string;
  kind: JobKind;
  amazonConnectionId?: string | null;
  erpConnectionId?: string | null;
  schedule: Schedule;
  timeZone: string;
  enabled?: boolean;
}

/** What a run found and did; each job kind fills its own names. */
export type RunCounts = Record<string, number>;

export interface RunRecord {
  id: number;
  jobId: string;
  trigger: RunTrigger;
  slot: string | null;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  lives: number;
  phase: string | null;
  progressDone: number;
  progressTotal: number | null;
  counts: RunCounts;
  error: string | null;
  checkpoint: unknown;
}

interface JobRow {
  id: string; name: string; kind: JobKind; amazon_connection_id: string | null; erp_connection_id: string | null; schedule: string;
  time_zone: string; enabled: number; last_slot: string | null; created_at: string; updated_at: string;
}
interface RunRow {
  id: number; job_id: string; trigger: RunTrigger; slot: string | null; status: RunStatus; started_at: string; ended_at: string | null; lives: number;
  phase: string | null; progress_done: number; progress_total: number | null; counts: string; error: string | null; checkpoint: string | null;
}

const job = (r: JobRow): JobDefinition => ({
  id: r.id, name: r.name, kind: r.kind, amazonConnectionId: r.amazon_connection_id, erpConnectionId: r.erp_connection_id,
  schedule: ScheduleSchema.parse(JSON.parse(r.schedule)), timeZone: r.time_zone, enabled: r.enabled === 1,
  lastSlot: r.last_slot, createdAt: r.created_at, updatedAt: r.updated_at,
});
const run = (r: RunRow): RunRecord => ({
  id: r.id, jobId: r.job_id, trigger: r.trigger, slot: r.slot, status: r.status, startedAt: r.started_at, endedAt: r.ended_at, lives: r.lives,
  phase: r.phase, progressDone: r.progress_done, progressTotal: r.progress_total, counts: z.record(z.string(), z.number()).parse(JSON.parse(r.counts)),
  error: r.error, checkpoint: r.checkpoint === null ? null : (JSON.parse(r.checkpoint) as unknown),
});

/** A job is live unless it was archived itself or a connection it works with was. */
const LIVE = `j.archived_at IS NULL AND NOT EXISTS (
  SELECT 1 FROM connection c WHERE c.id IN (j.amazon_connection_id, j.erp_connection_id) AND c.archived_at IS NOT NULL)`;

/**
 * The job definitions and their runs, as rows of the workspace database. `list` and `get` see live jobs
 * only, so the scheduler, catch-up and "run now" never start an archived job or one whose connection is
 * archived; their runs stay, and `restore` (or restoring the connection) brings them back.
 */
export class JobStore {
  constructor(private readonly db: Db) {}

  list(): JobDefinition[] {
    return (this.db.prepare(`SELECT j.* FROM sync_job j WHERE ${LIVE} ORDER BY j.name COLLATE NOCASE, j.id`).all() as JobRow[]).map(job);
  }

  get(id: string): JobDefinition | null {
    const r = this.db.prepare(`SELECT j.* FROM sync_job j WHERE j.id = ? AND ${LIVE}`).get(id) as JobRow | undefined;
    return r ? job(r) : null;
  }

  /** Jobs archived themselves (not those hidden only because their connection is), most recent first. */
  archived(): Array<JobDefinition & { archivedAt: string }> {
    const rows = this.db.prepare('SELECT * FROM sync_job WHERE archived_at IS NOT NULL ORDER BY archived_at DESC, name COLLATE NOCASE').all() as Array<JobRow & { archived_at: string }>;
    return rows.map((r) => ({ ...job(r), archivedAt: r.archived_at }));
  }

  /** The jobs that work with a connection, live or not (what archiving the connection suspends). */
  ofConnection(connectionId: string): Array<{ id: string; name: string }> {
    return this.db.prepare('SELECT id, name FROM sync_job WHERE (amazon_connection_id = ? OR erp_connection_id = ?) AND archived_at IS NULL ORDER BY name COLLATE NOCASE').all(connectionId, connectionId) as Array<{ id: string; name: string }>;
  }

  /** Creates or updates a job. Refuses a schedule or time zone that cannot be computed, in plain words. */
  save(input: JobInput, now: Date): JobDefinition {
    const schedule = ScheduleSchema.parse(input.schedule);
    new SlotCalendar(schedule, input.timeZone); // throws InvalidSchedule
    if (!(JOB_KINDS as readonly string[]).includes(input.kind)) throw new InvalidSchedule(`"${input.kind}" is not a kind of job this version knows (${JOB_KINDS.join(', ')}).`);
    if (schedule.preset === 'settlement' && input.kind !== 'settlement-discovery') throw new InvalidSchedule('The settlement calendar is for settlement discovery; choose another schedule for this job.');
    if (schedule.preset === 'listings' && input.kind !== 'listings') throw new InvalidSchedule('The listings schedule (quantities every 15 minutes, prices daily) is for listings jobs; choose another schedule for this job.');
    if (input.kind === 'settlement-discovery' && !input.amazonConnectionId) throw new InvalidSchedule('Settlement discovery needs an Amazon connection.');
    if (input.kind === 'reference-refresh' && !input.erpConnectionId) throw new InvalidSchedule('Reference-data refresh needs an ERP connection.');
    if (input.kind === 'settlement-posting' && !input.erpConnectionId) throw new InvalidSchedule('Auto-post needs the ERP connection it posts to.');
    if (input.kind === 'order-invoicing' && !input.amazonConnectionId) throw new InvalidSchedule('Order invoicing needs the Amazon connection it reads orders from.');
    if (input.kind === 'listings' && !input.amazonConnectionId) throw new InvalidSchedule('Listings needs the Amazon connection whose listing rules it runs.');
    if (input.kind === 'mcf' && !input.erpConnectionId) throw new InvalidSchedule('Multi-Channel Fulfillment needs the ERP connection whose orders Amazon ships.');
    if (input.kind === 'fba-returns' && !input.amazonConnectionId) throw new InvalidSchedule('Reading FBA returns needs an Amazon connection.');
    const id = input.id ?? randomUUID();
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO sync_job (id, name, kind, amazon_connection_id, erp_connection_id, schedule, time_zone, enabled, created_at, updated_at)
         VALUES (@id, @name, @kind, @amazon, @erp, @schedule, @tz, @enabled, @at, @at)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, amazon_connection_id = excluded.amazon_connection_id,
           erp_connection_id = excluded.erp_connection_id, schedule = excluded.schedule, time_zone = excluded.time_zone,
           enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run({
        id, name: input.name, kind: input.kind, amazon: input.amazonConnectionId ?? null, erp: input.erpConnectionId ?? null,
        schedule: JSON.stringify(schedule), tz: input.timeZone, enabled: input.enabled === false ? 0 : 1, at,
      });
    return this.get(id)!;
  }

  /** False when there is no such live job. Its runs are kept. */
  archive(id: string, now: Date): boolean {
    if (!this.get(id)) return false;
    return this.db.prepare('UPDATE sync_job SET archived_at = ? WHERE id = ? AND archived_at IS NULL').run(now.toISOString(), id).changes > 0;
  }

  /** The restored job (hidden still while its connection is archived), or null when no archived job has this id. */
  restore(id: string, now: Date): JobDefinition | null {
    const changed = this.db.prepare('UPDATE sync_job SET archived_at = NULL, updated_at = ? WHERE id = ? AND archived_at IS NOT NULL').run(now.toISOString(), id).changes;
    return changed ? this.get(id) : null;
  }

  /** Starts a run and marks its slot as taken, in one transaction, so the slot cannot start twice. */
  startRun(jobId: string, trigger: RunTrigger, slot: Date | null, now: Date): RunRecord {
    return this.db.transaction(() => {
      if (slot) this.db.prepare('UPDATE sync_job SET last_slot = ? WHERE id = ?').run(slot.toISOString(), jobId);
      const r = this.db
        .prepare(`INSERT INTO sync_run (job_id, trigger, slot, status, started_at) VALUES (?, ?, ?, 'running', ?)`)
        .run(jobId, trigger, slot?.toISOString() ?? null, now.toISOString());
      return this.getRun(Number(r.lastInsertRowid))!;
    }).immediate();
  }

  /** Un-takes a slot whose run stopped because its program closed, so the next start runs it again. */
  giveBackSlot(jobId: string, slot: string, previous: string | null): void {
    this.db.prepare('UPDATE sync_job SET last_slot = ? WHERE id = ? AND last_slot = ?').run(previous, jobId, slot);
  }

  /** The run of this job its dead runner left open, if any. */
  openRun(jobId: string): RunRecord | null {
    const r = this.db.prepare(`SELECT * FROM sync_run WHERE job_id = ? AND status = 'running'`).get(jobId) as RunRow | undefined;
    return r ? run(r) : null;
  }

  /** A new life for an interrupted run: same run, same checkpoint. */
  resumeRun(runId: number): RunRecord {
    this.db.prepare('UPDATE sync_run SET lives = lives + 1 WHERE id = ?').run(runId);
    return this.getRun(runId)!;
  }

  getRun(id: number): RunRecord | null {
    const r = this.db.prepare('SELECT * FROM sync_run WHERE id = ?').get(id) as RunRow | undefined;
    return r ? run(r) : null;
  }

  runs(filter: { jobId?: string; limit?: number } = {}): RunRecord[] {
    const rows = filter.jobId
      ? this.db.prepare('SELECT * FROM sync_run WHERE job_id = ? ORDER BY id DESC LIMIT ?').all(filter.jobId, filter.limit ?? 50)
      : this.db.prepare('SELECT * FROM sync_run ORDER BY id DESC LIMIT ?').all(filter.limit ?? 50);
    return (rows as RunRow[]).map(run);
  }

  saveCheckpoint(runId: number, checkpoint: unknown): void {
    this.db.prepare('UPDATE sync_run SET checkpoint = ? WHERE id = ?').run(JSON.stringify(checkpoint), runId);
  }

  progress(runId: number, p: { phase: string; done: number; total: number | null }): void {
    this.db.prepare('UPDATE sync_run SET phase = ?, progress_done = ?, progress_total = ? WHERE id = ?').run(p.phase, p.done, p.total, runId);
  }

  finishRun(runId: number, end: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; error: string | null }, now: Date): RunRecord {
    this.db
      .prepare('UPDATE sync_run SET status = ?, counts = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(end.status, JSON.stringify(end.counts), end.error, now.toISOString(), runId);
    return this.getRun(runId)!;
  }
}
