import type { DeadLetter } from '../../attention';
import { ReturnsPolicy } from '../../returns/returns-policy';
import { workspaceAttention } from '../../sync/attention-registry';
import type { Workspace } from '../../workspace/workspace';
import type { DeadLetterView, FlowActivityView } from '../calls/attention';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type AttentionCall = 'attention.list' | 'attention.flows' | 'attention.retry' | 'attention.retryAll' | 'returns.mapCode' | 'returns.policy' | 'returns.setPolicy';

function view(ws: Workspace, l: DeadLetter): DeadLetterView {
  const { flows } = workspaceAttention(ws);
  return {
    id: l.id, flow: l.flow, flowLabel: flows.get(l.flow)?.label ?? l.flow, recordKey: l.recordKey, summary: l.summary, facts: l.facts, error: l.error,
    fix: l.fix, fixAction: l.fixAction, state: l.state, attempts: l.attempts, createdAt: l.createdAt, updatedAt: l.updatedAt,
  };
}

function activity(ws: Workspace): FlowActivityView[] {
  const { flows, letters } = workspaceAttention(ws);
  const failed = letters.openCounts();
  const known = flows.list().map((f) => {
    const a = f.activity?.() ?? { lastRun: null, moved: 0, waiting: 0 };
    return { flow: f.flow, label: f.label, ...a, failed: failed.get(f.flow) ?? 0 };
  });
  // Records of a flow this version does not register are still shown: nothing held is hidden.
  const orphans = [...failed].filter(([flow]) => !flows.get(flow)).map(([flow, n]) => ({ flow, label: flow, lastRun: null, moved: 0, waiting: 0, failed: n }));
  return [...known, ...orphans];
}

export const attentionHandlers: Pick<Handlers, AttentionCall> = {
  'attention.list': ({ flow }, { ws }) => workspaceAttention(ws).letters.list(flow ? { flow } : {}).map((l) => view(ws, l)),

  'attention.flows': (_input, { ws }) => activity(ws),

  'attention.retry': async ({ id }, { ws, signal }) => {
    const report = await workspaceAttention(ws).flows.retry(id, ws.osUser, signal);
    if (report.outcome === 'gone' && !workspaceAttention(ws).letters.get(id)) throw new ApiFailure('not_found', `Nothing is held under Needs attention with id ${id}.`);
    return report;
  },

  'attention.retryAll': async ({ flow }, { ws, signal, progress }) => {
    const total = workspaceAttention(ws).letters.list({ state: 'open', ...(flow ? { flow } : {}) }).length;
    progress({ phase: 'Retrying', done: 0, total });
    const reports = await workspaceAttention(ws).flows.retryAll(ws.osUser, flow, signal);
    progress({ phase: 'Retried', done: reports.length, total });
    return reports;
  },

  'returns.policy': (_input, { ws }) => new ReturnsPolicy(ws.db, ws.audit, () => new Date(ws.clock.now())).get(),

  'returns.setPolicy': (input, { ws }) => {
    try {
      const saved = new ReturnsPolicy(ws.db, ws.audit, () => new Date(ws.clock.now())).set(input, ws.osUser);
      ws.events.emit({ type: 'changed', topic: 'review' });
      return saved;
    } catch (err) {
      if (err instanceof RangeError) throw new ApiFailure('invalid_input', err.message);
      throw err;
    }
  },

  'returns.mapCode': ({ codeKind, amazonCode, erpCode }, { ws }) => {
    try {
      workspaceAttention(ws).returns.map.set(codeKind, amazonCode, erpCode, ws.osUser);
    } catch (err) {
      if (err instanceof RangeError) throw new ApiFailure('invalid_input', err.message);
      throw err;
    }
    return { codeKind, amazonCode: amazonCode.trim(), erpCode: erpCode.trim() };
  },
};
