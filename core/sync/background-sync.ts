import type { Workspace } from '../workspace/workspace';
import type { RunRecord } from './job-store';
import { plainError } from './plain-error';
import { workspaceRunner } from './workspace-runner';

export interface BackgroundSync {
  /** Stops the loop: running runs end after their current step, a scheduled one gives its slot back. */
  stop(): Promise<void>;
}

export interface BackgroundSyncOptions {
  /** At most this long between looks at the schedule (new or changed jobs are seen within it). */
  pollMs?: number;
  onRun?: (run: RunRecord) => void;
  log?: (text: string) => void;
}

/**
 * The scheduler loop of an open workspace inside the app (the headless host or the desktop shell): the same
 * loop as `ml-connector sync --watch`, through the workspace's one runner, so Run now and Cancel in the
 * Jobs view reach what it started. Another runner on the same workspace (a `sync --watch` beside the app)
 * never runs the same job at once: each run holds the job's lease. A change to the jobs wakes the loop.
 */
export function startBackgroundSync(ws: Workspace, options: BackgroundSyncOptions = {}): BackgroundSync {
  const runner = workspaceRunner(ws);
  const stopping = new AbortController();
  let nap = new AbortController();
  const unsubscribe = ws.events.subscribe((e) => {
    if (e.type === 'changed' && e.topic === 'jobs') nap.abort();
  });
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      nap = new AbortController();
      // One pass of the watch loop per wake: it returns when the nap is cut short (a job changed) or stopped.
      await runner.watch(AbortSignal.any([stopping.signal, nap.signal]), options.onRun, options.pollMs ?? 60_000, (err) =>
        options.log?.(`Sync: ${plainError(err)}`),
      );
    }
  })();
  return {
    async stop() {
      unsubscribe();
      stopping.abort();
      runner.shutdown();
      await loop;
    },
  };
}
