import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('audit calls', () => {
  it('filters by system and status, exports what the filter shows, and records the export itself', async () => {
    const ws = tempWorkspace();
    cleanups.push(ws.remove);
    ws.audit.record({ kind: 'external_call', system: 'amazon', operation: 'getReports', status: 429, response: '{"errors":[{"code":"QuotaExceeded"}]}' });
    ws.audit.record({ kind: 'external_call', system: 'amazon', operation: 'getReports', status: 200, response: '{"reports":[]}' });
    ws.audit.record({ kind: 'external_call', system: 'business-central', operation: 'journals', status: 201 });
    const api = createDispatcher(ws);

    const throttled = await api.invoke('audit.list', { system: 'amazon', status: '429' }, 'c1');
    expect(throttled).toMatchObject({ ok: true, value: [{ operation: 'getReports', status: '429' }] });
    expect((throttled as { value: unknown[] }).value).toHaveLength(1);

    const facets = await api.invoke('audit.facets', {}, 'c2');
    expect(facets).toMatchObject({ ok: true, value: { systems: ['amazon', 'business-central'], statuses: ['200', '201', '429'] } });

    const exported = (await api.invoke('audit.exportCsv', { system: 'amazon' }, 'c3')) as { ok: true; value: { csv: string; rows: number } };
    expect(exported.value.rows).toBe(2);
    const lines = exported.value.csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    // Newest first, as on screen: the 200 answer, then the throttled one with its body as received.
    expect(lines[2]).toContain('QuotaExceeded');
    expect(ws.audit.list({ system: 'app' })[0]).toMatchObject({ operation: 'audit.export', kind: 'decision' });
  });

  it('refuses a date filter that is not a date, naming the field', async () => {
    const ws = tempWorkspace();
    cleanups.push(ws.remove);
    const r = await createDispatcher(ws).invoke('audit.list', { from: 'last tuesday' }, 'c1');
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'from', message: 'From must be a date and time' }] } });
  });
});
