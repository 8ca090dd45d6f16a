import type { Workspace } from '../workspace/workspace';
import { SyncRunner } from './sync-runner';

const runners = new WeakMap<Workspace, SyncRunner>();

/**
 * The one runner of an open workspace in this process: the background scheduler, Run now and Cancel all
 * go through it, so a cancel reaches the run whichever of them started it.
 */
export function workspaceRunner(ws: Workspace): SyncRunner {
  let r = runners.get(ws);
  if (!r) {
    r = new SyncRunner(ws, { actor: ws.osUser });
    runners.set(ws, r);
  }
  return r;
}
