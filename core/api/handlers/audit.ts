import { toCsv } from '../../text/csv';
import type { Handlers } from '../dispatch';

const HEADER = ['id', 'at (UTC)', 'kind', 'system', 'operation', 'actor', 'connection', 'subject type', 'subject', 'status', 'duration ms', 'correlation id', 'request', 'response', 'detail'];

export const auditHandlers: Pick<Handlers, 'audit.list' | 'audit.facets' | 'audit.exportCsv' | 'audit.verify'> = {
  'audit.list': (input, { ws }) => ws.audit.list(input),
  'audit.facets': (_input, { ws }) => ws.audit.facets(),
  'audit.exportCsv': (input, { ws }) => {
    const events = ws.audit.list({ ...input, limit: 1_000_000 });
    const csv = toCsv(
      HEADER,
      events.map((e) => [e.id, e.at, e.kind, e.system, e.operation, e.actor, e.connectionId, e.subjectType, e.subjectId, e.status, e.durationMs, e.correlationId, e.request, e.response, e.detail]),
    );
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'audit.export', actor: ws.osUser, detail: { filter: input, rows: events.length } });
    const stamp = new Date(ws.clock.now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return { fileName: `ml-connector-audit-${stamp}.csv`, csv, rows: events.length };
  },
  'audit.verify': async (_input, { ws, signal, progress }) => {
    const result = await ws.audit.verify({ signal, onProgress: (done, total) => progress({ phase: 'Checking the audit log', done, total }) });
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'audit.verify', actor: ws.osUser, status: result.intact ? 'intact' : 'broken', detail: result });
    return result;
  },
};
