import type { Workspace } from '../workspace/workspace';
import { SyncRunner } from './sync-runner';

/** One runner per open workspace, shared by every call that runs jobs, so a cancel reaches the run it started. */
const runners = new WeakMap<Workspace, SyncRunner>();

export function syncRunnerFor(ws: Workspace): SyncRunner {
  let r = runners.get(ws);
  if (!r) {
    r = new SyncRunner(ws, { actor: ws.osUser });
    runners.set(ws, r);
  }
  return r;
}
