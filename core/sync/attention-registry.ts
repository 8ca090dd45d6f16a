import { AttentionFlows, DeadLetterStore } from '../attention';
import { ReturnReasonMap } from '../returns/return-reason-map';
import { ReturnsFlow } from '../returns/returns-flow';
import type { Workspace } from '../workspace/workspace';
import type { JobKind } from './job-store';

const registries = new WeakMap<Workspace, WorkspaceAttention>();

export interface WorkspaceAttention {
  letters: DeadLetterStore;
  flows: AttentionFlows;
  returns: ReturnsFlow;
}

/** The last run of a flow's jobs (any connection), as the Dashboard shows it. */
function lastRunOf(ws: Workspace, kind: JobKind): { at: string; status: string } | null {
  const r = ws.db
    .prepare('SELECT r.status, COALESCE(r.ended_at, r.started_at) AS at FROM sync_run r JOIN sync_job j ON j.id = r.job_id WHERE j.kind = ? ORDER BY r.id DESC LIMIT 1')
    .get(kind) as { status: string; at: string } | undefined;
  return r ?? null;
}

/**
 * Needs attention of an open workspace: its store of held records and every flow that can retry them.
 * A flow joins with one register() line here.
 */
export function workspaceAttention(ws: Workspace): WorkspaceAttention {
  let a = registries.get(ws);
  if (!a) {
    const now = () => new Date(ws.clock.now());
    const letters = new DeadLetterStore(ws.db, now);
    const returns = new ReturnsFlow(ws.db, letters, new ReturnReasonMap(ws.db, ws.audit, now), now);
    const flows = new AttentionFlows(letters, ws.audit).register(returns.attentionFlow(() => lastRunOf(ws, 'fba-returns')));
    a = { letters, flows, returns };
    registries.set(ws, a);
  }
  return a;
}
