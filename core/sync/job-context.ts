import type { Clock } from '../clock/clock';
import type { Workspace } from '../workspace/workspace';
import type { ConnectionResources } from './connection-resources';
import type { JobDefinition, RunCounts } from './job-store';

export interface JobProgress {
  phase: string;
  done: number;
  total: number | null;
  current?: string;
}

/** What a job step sees of the run it belongs to. */
export interface JobContext {
  ws: Workspace;
  job: JobDefinition;
  runId: number;
  /** Which life of the run this is: 1, or more after a crash. */
  life: number;
  /** The checkpoint the previous life saved, or null on a fresh run. */
  checkpoint: unknown;
  saveCheckpoint(checkpoint: unknown): void;
  progress(p: JobProgress): void;
  resources: ConnectionResources;
  clock: Clock;
  signal: AbortSignal;
}

/**
 * How a job ended when it did not throw. `error` set means it stopped with a reason the user should read
 * (the next run carries on); a thrown error is recorded the same way.
 */
export interface JobOutcome {
  counts: RunCounts;
  error?: string;
  /** Something to say although the run succeeded (a report that could not be read). */
  warning?: string;
}

/** Every step is idempotent and saves a checkpoint, so a run killed anywhere resumes and ends as if never interrupted. */
export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;
