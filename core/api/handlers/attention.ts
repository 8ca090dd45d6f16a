import type { DeadLetter } from '../../attention';
import { supports } from '../../erp/erp-connector';
import { erpKind } from '../../erp/registry';
import { checkReturnWarehouses } from '../../returns/return-warehouses';
import { ReturnsPolicy } from '../../returns/returns-policy';
import { connectionResources } from '../../sync/connection-resources';
import { workspaceAttention } from '../../sync/attention-registry';
import type { Workspace } from '../../workspace/workspace';
import type { DeadLetterView, FlowActivityView, ReturnErpSettingsView } from '../calls/attention';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type AttentionCall = 'attention.list' | 'attention.flows' | 'attention.retry' | 'attention.retryAll' | 'returns.mapCode' | 'returns.policy' | 'returns.setPolicy' | 'returns.erpSettings' | 'returns.setErpDocument' | 'returns.setWarehouses';

function view(ws: Workspace, l: DeadLetter): DeadLetterView {
  const { flows } = workspaceAttention(ws);
  return {
    id: l.id, flow: l.flow, flowLabel: flows.get(l.flow)?.label ?? l.flow, recordKey: l.recordKey, summary: l.summary, facts: l.facts, error: l.error,
    fix: l.fix, fixAction: l.fixAction, state: l.state, attempts: l.attempts, createdAt: l.createdAt, updatedAt: l.updatedAt,
  };
}

function activity(ws: Workspace): FlowActivityView[] {
  const { flows, letters } = workspaceAttention(ws);
  flows.collect();
  const failed = letters.openCounts();
  const known = flows.list().map((f) => {
    const a = f.activity?.() ?? { lastRun: null, moved: 0, waiting: 0 };
    return { flow: f.flow, label: f.label, ...a, failed: failed.get(f.flow) ?? 0, screen: f.screen ?? null };
  });
  // Records of a flow this version does not register are still shown: nothing held is hidden.
  const orphans = [...failed].filter(([flow]) => !flows.get(flow)).map(([flow, n]) => ({ flow, label: flow, lastRun: null, moved: 0, waiting: 0, failed: n, screen: null }));
  return [...known, ...orphans];
}

function returnSettingsView(ws: Workspace, connectionId: string): ReturnErpSettingsView {
  const { returnDocuments } = workspaceAttention(ws);
  const c = ws.connections.get(connectionId);
  const sent = ws.db.prepare("SELECT COUNT(*) AS n FROM return_document WHERE erp_connection_id = ? AND state = 'sent'").get(connectionId) as { n: number };
  return {
    connectionId, name: c?.name ?? connectionId, offered: [...(erpKind(c?.kind ?? '')?.capabilities.returnDocuments ?? [])],
    notOffered: (['credit-note', 'return-order'] as const).flatMap((document) => {
      const why = erpKind(c?.kind ?? '')?.capabilities.returnDocumentsWhyNot?.[document];
      return why ? [{ document, why }] : [];
    }),
    document: returnDocuments.settings.get(connectionId)?.document ?? null, reasonCodes: returnDocuments.reasons.list(connectionId), sent: sent.n,
    warehousesOffered: erpKind(c?.kind ?? '')?.capabilities.returnWarehouses === true,
    warehouses: returnDocuments.settings.get(connectionId)?.warehouses ?? null,
    recent: ws.db.prepare(`SELECT r.order_id AS orderId, r.sku, d.erp_document_number AS erpDocumentNumber FROM return_document d JOIN fba_return r ON r.id = d.return_id
      WHERE d.erp_connection_id = ? AND d.state = 'sent' ORDER BY d.sent_at DESC, d.id DESC LIMIT 5`).all(connectionId) as ReturnErpSettingsView['recent'],
  };
}

/** A check's RangeError, answered as the caller's input refused in its words. */
function refusedAsInput<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof RangeError) throw new ApiFailure('invalid_input', err.message);
    throw err;
  }
}

/** The ERP codes a mapping may name: those every ERP connection taking returns lists (none read yet: anything). */
function checkAgainstErpCodes(ws: Workspace, erpCode: string): void {
  const { returnDocuments } = workspaceAttention(ws);
  for (const s of returnDocuments.settings.list()) {
    const codes = returnDocuments.reasons.list(s.erpConnectionId).map((r) => r.code);
    if (codes.length && !codes.includes(erpCode.trim())) {
      const name = ws.connections.get(s.erpConnectionId)?.name ?? s.erpConnectionId;
      throw new ApiFailure('invalid_input', `${name} has no return reason code "${erpCode.trim()}"; it has ${codes.join(', ')}.`);
    }
  }
}

export const attentionHandlers: Pick<Handlers, AttentionCall> = {
  'attention.list': ({ flow }, { ws }) => {
    workspaceAttention(ws).flows.collect();
    return workspaceAttention(ws).letters.list(flow ? { flow } : {}).map((l) => view(ws, l));
  },

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
    if (codeKind === 'reason') checkAgainstErpCodes(ws, erpCode);
    try {
      workspaceAttention(ws).returns.map.set(codeKind, amazonCode, erpCode, ws.osUser);
    } catch (err) {
      if (err instanceof RangeError) throw new ApiFailure('invalid_input', err.message);
      throw err;
    }
    return { codeKind, amazonCode: amazonCode.trim(), erpCode: erpCode.trim() };
  },

  'returns.erpSettings': (_input, { ws }) =>
    ws.connections.list().filter((c) => c.kind !== 'amazon' && erpKind(c.kind)?.capabilities.flows.includes('customerReturns')).map((c) => returnSettingsView(ws, c.id)),

  'returns.setWarehouses': async ({ connectionId, warehouses }, { ws, signal }) => {
    const c = ws.connections.get(connectionId);
    if (!c || c.kind === 'amazon') throw new ApiFailure('not_found', `No ERP connection with id ${connectionId}.`);
    const { returnDocuments } = workspaceAttention(ws);
    if (!returnDocuments.settings.get(connectionId)) throw new ApiFailure('invalid_input', `Choose what returns become in ${c.name} before their warehouses.`);
    if (warehouses) {
      if (erpKind(c.kind)?.capabilities.returnWarehouses !== true) throw new ApiFailure('invalid_input', `${c.name} cannot name the warehouse of a returned line through its API.`);
      const erp = await connectionResources(ws).erpConnector(connectionId);
      // Checked against the ERP's own list, read now: an ERP out of reach changes nothing.
      const listed = supports(erp, 'customerReturns') && erp.readReturnWarehouses ? await erp.readReturnWarehouses(signal) : null;
      returnDocuments.settings.setWarehouses(connectionId, refusedAsInput(() => checkReturnWarehouses(warehouses, listed, c.name)), ws.osUser);
    } else {
      returnDocuments.settings.setWarehouses(connectionId, null, ws.osUser);
    }
    ws.events.emit({ type: 'changed', topic: 'review' });
    return returnSettingsView(ws, connectionId);
  },

  'returns.setErpDocument': async ({ connectionId, document }, { ws, signal }) => {
    const c = ws.connections.get(connectionId);
    if (!c || c.kind === 'amazon') throw new ApiFailure('not_found', `No ERP connection with id ${connectionId}.`);
    const { returnDocuments } = workspaceAttention(ws);
    if (document) {
      const erp = await connectionResources(ws).erpConnector(connectionId);
      if (!supports(erp, 'customerReturns')) throw new ApiFailure('invalid_input', `${c.name} cannot take customer returns through its API.`);
      const offered = erp.capabilities.returnDocuments ?? [];
      if (!offered.includes(document)) throw new ApiFailure('invalid_input', erp.capabilities.returnDocumentsWhyNot?.[document] ?? `${c.name} cannot make a ${document === 'credit-note' ? 'credit note' : 'return order'} from a return through its API.`);
      // The reason codes a mapping is checked against, read first: an ERP out of reach changes nothing.
      await returnDocuments.readReasons(connectionId, erp, signal);
      returnDocuments.settings.set(connectionId, document, offered, ws.osUser, erp.capabilities.returnDocumentsWhyNot);
    } else {
      returnDocuments.settings.set(connectionId, null, [], ws.osUser);
    }
    ws.events.emit({ type: 'changed', topic: 'review' });
    return returnSettingsView(ws, connectionId);
  },
};
