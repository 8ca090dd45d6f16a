import type { Workspace } from '../workspace/workspace';
import type { JobProgress } from './job-context';
import type { JobDefinition } from './job-store';
import { JobBusy, type SyncRunner } from './sync-runner';
import { DomainError } from '../errors/domain-error';

export interface ImportNewConnectionResult {
  connectionId: string;
  name: string;
  status: 'succeeded' | 'failed' | 'cancelled' | 'busy';
  found: number;
  imported: number;
  newVersions: number;
  /** Versions whose lines do not add up to their total, kept beside a current version whose lines do. */
  incompleteCopies: number;
  alreadyHere: number;
  unreadable: number;
  message: string | null;
}

export interface ImportNewResult {
  connections: ImportNewConnectionResult[];
  imported: number;
  newVersions: number;
  /** Versions whose lines do not add up to their total, kept beside a current version whose lines do. */
  incompleteCopies: number;
  alreadyHere: number;
  unreadable: number;
  cancelled: boolean;
  /** What was imported or found, without the connections that failed ('' when there is nothing to say): shown apart from the failures. */
  done: string;
  summary: string;
}

/** There is nothing to ask: the message says what to set up. */
export class NothingToImportFrom extends DomainError {
  constructor() {
    super('conflict', 'There is no Amazon connection in this workspace. Add your Seller Central account under Connections, or import a settlement file.');
  }
}

/**
 * "Import new settlements": runs settlement discovery (core/sync/settlement-discovery.ts) now for every
 * Amazon connection, one after the other, through the workspace's sync runner, so each report is
 * downloaded and imported once, the run is recorded like any other, and a scheduled run of the same
 * job cannot run at the same time. A connection with no discovery job gets one, disabled (it runs only
 * when asked), named for the button; the Jobs view shows it and its runs.
 */
export async function importNewSettlements(
  ws: Workspace,
  runner: SyncRunner,
  options: { signal: AbortSignal; progress: (p: JobProgress) => void; actor: string; now?: () => Date },
): Promise<ImportNewResult> {
  const amazon = ws.connections.list().filter((c) => c.kind === 'amazon');
  if (!amazon.length) throw new NothingToImportFrom();
  const now = options.now ?? (() => new Date(runner.clock.now()));
  const results: ImportNewConnectionResult[] = [];
  let cancelled = false;
  for (const [i, c] of amazon.entries()) {
    if (options.signal.aborted) {
      cancelled = true;
      break;
    }
    const job = discoveryJob(ws, runner, c.id, c.name, options.actor, now());
    const base = { connectionId: c.id, name: c.name, found: 0, imported: 0, newVersions: 0, incompleteCopies: 0, alreadyHere: 0, unreadable: 0 };
    options.progress({ phase: `${c.name}: looking for settlement reports`, done: 0, total: null, current: `connection ${i + 1} of ${amazon.length}` });
    // The run reports under its own id; the caller sees it under the call's, named for the connection.
    const unsubscribe = ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.callId.startsWith('sync-run:')) {
        options.progress({ phase: `${c.name}: ${e.phase}`, done: e.done, total: e.total, ...(e.current ? { current: e.current } : {}) });
      }
    });
    const onAbort = () => runner.cancel(job.id);
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const run = await runner.runNow(job.id);
      const n = (k: string) => run.counts[k] ?? 0;
      results.push({
        ...base,
        status: run.status === 'running' ? 'failed' : run.status,
        found: n('found'),
        imported: n('imported'),
        newVersions: n('newVersions'),
        incompleteCopies: n('incompleteCopies'),
        alreadyHere: n('unchanged') + n('alreadyHandled'),
        unreadable: n('unreadable'),
        message: run.error,
      });
      if (run.status === 'cancelled') cancelled = true;
    } catch (err) {
      if (!(err instanceof JobBusy)) throw err;
      results.push({ ...base, status: 'busy', message: `${c.name} is being synced right now (a scheduled run or another window); try again when it has finished.` });
    } finally {
      unsubscribe();
      options.signal.removeEventListener('abort', onAbort);
    }
  }
  const sum = (k: 'imported' | 'newVersions' | 'incompleteCopies' | 'alreadyHere' | 'unreadable') => results.reduce((a, r) => a + r[k], 0);
  const totals = { imported: sum('imported'), newVersions: sum('newVersions'), incompleteCopies: sum('incompleteCopies'), alreadyHere: sum('alreadyHere'), unreadable: sum('unreadable') };
  const done = whatWasDone(results, totals, cancelled);
  const problems = results.filter((r) => (r.status === 'failed' || r.status === 'busy') && r.message).map((r) => `${r.name}: ${r.message}`);
  return { connections: results, ...totals, cancelled, done, summary: [done, ...problems].filter(Boolean).join(' ') };
}

function discoveryJob(ws: Workspace, runner: SyncRunner, connectionId: string, name: string, actor: string, now: Date): JobDefinition {
  const jobs = runner.jobs.list().filter((j) => j.kind === 'settlement-discovery' && j.amazonConnectionId === connectionId);
  const existing = jobs.find((j) => j.enabled) ?? jobs[0];
  if (existing) return existing;
  const job = runner.jobs.save(
    { name: `Import new settlements: ${name}`, kind: 'settlement-discovery', amazonConnectionId: connectionId, schedule: { preset: 'daily', time: '06:00' }, timeZone: 'UTC', enabled: false },
    now,
  );
  ws.audit.record({ kind: 'decision', system: 'app', operation: 'sync.job-added', actor, subjectType: 'sync_job', subjectId: job.id, detail: { name: job.name, kind: job.kind, amazonConnectionId: connectionId, enabled: false, why: 'Import new settlements was asked for a connection with no discovery job' } });
  ws.events.emit({ type: 'changed', topic: 'jobs' });
  return job;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function whatWasDone(results: ImportNewConnectionResult[], t: { imported: number; newVersions: number; incompleteCopies: number; alreadyHere: number; unreadable: number }, cancelled: boolean): string {
  const parts: string[] = [];
  if (t.imported) parts.push(`${plural(t.imported, 'new settlement', 'new settlements')} imported`);
  if (t.newVersions) parts.push(`${plural(t.newVersions, 're-issued settlement', 're-issued settlements')} imported as a new version`);
  if (t.incompleteCopies) {
    parts.push(`${plural(t.incompleteCopies, 'incomplete copy', 'incomplete copies')} (lines not adding up to the total) kept beside the current version: choose under Settlements`);
  }
  if (t.alreadyHere) parts.push(`${t.alreadyHere} already here`);
  if (t.unreadable) parts.push(`${plural(t.unreadable, 'report', 'reports')} could not be read`);
  if (!parts.length && !cancelled && results.every((r) => r.status === 'succeeded')) parts.push('No settlement reports found');
  let text = parts.length ? `${parts.join(', ')}.` : '';
  if (cancelled) text = `Cancelled${text ? `: ${text[0]!.toLowerCase()}${text.slice(1)}` : '.'} The next import carries on where this one stopped.`;
  return text;
}
