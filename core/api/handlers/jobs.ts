import { ZodError } from 'zod';
import type { JobDefinition, RunRecord } from '../../sync/job-store';
import { describeSchedule } from '../../sync/schedule';
import { jobCalendar } from '../../sync/settlement-cadence';
import { AutoPostPolicies, describeApprovalRule } from '../../sync/auto-post-policy';
import { settlementsWaitingForReview } from '../../sync/settlement-posting-job';
import { workspaceRunner } from '../../sync/workspace-runner';
import type { Workspace } from '../../workspace/workspace';
import type { AutoPostView, RunView } from '../calls/jobs';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type JobCall = 'jobs.list' | 'jobs.save' | 'jobs.preview' | 'jobs.remove' | 'jobs.archived' | 'jobs.restore' | 'jobs.runs' | 'jobs.runNow' | 'jobs.cancel' | 'jobs.autoPost' | 'jobs.setAutoPost' | 'jobs.attention';

const runnerFor = workspaceRunner;

function autoPostView(ws: Workspace, c: { id: string; name: string }): AutoPostView {
  const p = new AutoPostPolicies(ws.db, ws.audit).get(c.id);
  return {
    erpConnectionId: c.id, connectionName: c.name, enabled: p.enabled, rule: p.rule, ruleText: p.rule ? describeApprovalRule(p.rule) : null,
    changedBy: p.changedBy, changedAt: p.changedAt,
    hasPostingJob: runnerFor(ws).jobs.list().some((j) => j.kind === 'settlement-posting' && j.erpConnectionId === c.id),
  };
}

function runView(r: RunRecord): RunView {
  const { checkpoint: _checkpoint, ...view } = r;
  return view;
}

/** The next slot after now (null when disabled or unreadable) and, on the settlement calendar, the expected end. */
function upcoming(ws: Workspace, j: Pick<JobDefinition, 'schedule' | 'timeZone' | 'amazonConnectionId'>, enabled: boolean) {
  try {
    const { calendar, expectedEnd } = jobCalendar(ws.db, j);
    return { nextRun: enabled ? calendar.next(new Date(ws.clock.now()))?.toISOString() ?? null : null, expectedSettlementEnd: expectedEnd?.toISOString() ?? null };
  } catch {
    return { nextRun: null, expectedSettlementEnd: null };
  }
}

function jobView(ws: Workspace, j: JobDefinition) {
  const runner = runnerFor(ws);
  const last = runner.jobs.runs({ jobId: j.id, limit: 1 })[0];
  return {
    id: j.id, name: j.name, kind: j.kind, amazonConnectionId: j.amazonConnectionId, erpConnectionId: j.erpConnectionId,
    schedule: j.schedule, timeZone: j.timeZone, enabled: j.enabled,
    description: describeSchedule(j.schedule, j.timeZone), ...upcoming(ws, j, j.enabled), lastRun: last ? runView(last) : null, running: last?.status === 'running',
  };
}

function connectionOfKind(ws: Workspace, id: string | null, want: 'amazon' | 'erp', field: string): void {
  if (!id) return;
  const c = ws.connections.get(id);
  if (!c) throw new ApiFailure('invalid_input', `There is no connection with id ${id}.`, [{ path: field, message: 'Choose an existing connection' }]);
  if ((want === 'amazon') !== (c.kind === 'amazon')) {
    throw new ApiFailure('invalid_input', `${c.name} is not ${want === 'amazon' ? 'an Amazon' : 'an ERP'} connection.`, [{ path: field, message: `Choose ${want === 'amazon' ? 'an Amazon' : 'an ERP'} connection` }]);
  }
}

export const jobHandlers: Pick<Handlers, JobCall> = {
  'jobs.list': (_input, { ws }) => runnerFor(ws).jobs.list().map((j) => jobView(ws, j)),

  'jobs.save': (input, { ws }) => {
    connectionOfKind(ws, input.amazonConnectionId, 'amazon', 'amazonConnectionId');
    connectionOfKind(ws, input.erpConnectionId, 'erp', 'erpConnectionId');
    const store = runnerFor(ws).jobs;
    if (input.id && !store.get(input.id)) throw new ApiFailure('not_found', `There is no sync job with id ${input.id}.`);
    try {
      const saved = store.save(input, new Date(ws.clock.now()));
      ws.audit.record({ kind: 'decision', system: 'app', operation: input.id ? 'sync.job-changed' : 'sync.job-added', actor: ws.osUser, subjectType: 'sync_job', subjectId: saved.id, detail: { ...input, id: saved.id } });
      ws.events.emit({ type: 'changed', topic: 'jobs' });
      return jobView(ws, saved);
    } catch (err) {
      if (err instanceof ZodError) throw new ApiFailure('invalid_input', 'The schedule is not complete.');
      throw err;
    }
  },

  'jobs.preview': (input, { ws }) => {
    connectionOfKind(ws, input.amazonConnectionId, 'amazon', 'amazonConnectionId');
    const job = { schedule: input.schedule, timeZone: input.timeZone, amazonConnectionId: input.kind === 'settlement-discovery' ? input.amazonConnectionId : null };
    jobCalendar(ws.db, job); // a schedule or time zone that cannot be computed is refused, as on save
    return { ...upcoming(ws, job, true), description: describeSchedule(input.schedule, input.timeZone) };
  },

  'jobs.remove': ({ id }, { ws }) => {
    const runner = runnerFor(ws);
    const job = runner.jobs.get(id);
    // A run under way stops at its next step, as on "Cancel"; its record stays with the job's history.
    runner.cancel(id);
    const removed = runner.jobs.archive(id, new Date(ws.clock.now()));
    if (removed) {
      ws.audit.record({ kind: 'decision', system: 'app', operation: 'sync.job-archived', actor: ws.osUser, subjectType: 'sync_job', subjectId: id, detail: { name: job?.name ?? null } });
      ws.events.emit({ type: 'changed', topic: 'jobs' });
    }
    return { removed };
  },

  'jobs.archived': (_input, { ws }) => runnerFor(ws).jobs.archived().map((j) => ({ ...jobView(ws, j), nextRun: null, archivedAt: j.archivedAt })),

  'jobs.restore': ({ id }, { ws }) => {
    const store = runnerFor(ws).jobs;
    const archived = store.archived().find((j) => j.id === id);
    if (!archived) throw new ApiFailure('not_found', `There is no archived sync job with id ${id}: it may have been restored already.`);
    for (const c of [archived.amazonConnectionId, archived.erpConnectionId]) {
      const gone = c ? ws.connections.archived().find((a) => a.id === c) : undefined;
      if (gone) throw new ApiFailure('conflict', `Sync job "${archived.name}" works with connection "${gone.name}", which is archived: restore the connection first.`);
    }
    const restored = store.restore(id, new Date(ws.clock.now()))!;
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'sync.job-restored', actor: ws.osUser, subjectType: 'sync_job', subjectId: id, detail: { name: restored.name } });
    ws.events.emit({ type: 'changed', topic: 'jobs' });
    return jobView(ws, restored);
  },

  'jobs.runs': ({ jobId, limit }, { ws }) => runnerFor(ws).jobs.runs({ ...(jobId ? { jobId } : {}), limit }).map(runView),

  'jobs.runNow': async ({ id }, { ws, signal, progress }) => {
    const runner = runnerFor(ws);
    if (!runner.jobs.get(id)) throw new ApiFailure('not_found', `There is no sync job with id ${id}.`);
    // The run reports under its own id; the caller sees it under the call's.
    const unsubscribe = ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.callId.startsWith('sync-run:')) {
        const { type: _type, callId: _callId, ...p } = e;
        progress(p);
      }
    });
    const onAbort = () => runner.cancel(id);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return runView(await runner.runNow(id));
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    }
  },

  'jobs.cancel': ({ id }, { ws }) => ({ cancelled: runnerFor(ws).cancel(id) }),

  'jobs.autoPost': (_input, { ws }) => ws.connections.list().filter((c) => c.kind !== 'amazon').map((c) => autoPostView(ws, c)),

  'jobs.setAutoPost': ({ erpConnectionId, enabled, rule }, { ws }) => {
    const c = ws.connections.get(erpConnectionId);
    if (!c || c.kind === 'amazon') throw new ApiFailure('not_found', `There is no ERP connection with id ${erpConnectionId}.`);
    new AutoPostPolicies(ws.db, ws.audit).set(c.id, { enabled, rule }, ws.osUser, new Date(ws.clock.now()));
    ws.events.emit({ type: 'changed', topic: 'jobs' });
    return autoPostView(ws, c);
  },

  'jobs.attention': (_input, { ws }) => {
    const runner = runnerFor(ws);
    const names = new Map(runner.jobs.list().map((j) => [j.id, j.name]));
    return {
      waitingForReview: settlementsWaitingForReview(ws.db),
      failedRuns: runner.jobs.runs({ limit: 20 }).filter((r) => r.status === 'failed').map((r) => ({ id: r.id, jobName: names.get(r.jobId) ?? r.jobId, endedAt: r.endedAt, error: r.error })),
    };
  },
};
