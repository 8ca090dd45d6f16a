import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { erpKind } from '../erp/registry';
import type { CredentialStore } from '../credentials';
import type { Workspace } from '../workspace/workspace';
import { clockFromEnvironment, type Clock } from '../clock/clock';
import { openWorkspace } from '../workspace/workspace';
import type { JobDefinition, RunRecord } from './job-store';
import { startErpNotifications, type ErpNotifications, type ErpNotificationsOptions } from './erp-notifications';
import { describeSchedule } from './schedule';
import { SyncRunner } from './sync-runner';

export interface SyncCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface SyncCommandDeps {
  defaultWorkspace: string;
  credentials: CredentialStore;
  /** Stops --watch; without it, SIGINT and SIGTERM do. */
  signal?: AbortSignal;
  /** For tests: clock and connector knobs of the Business Central notification listener --watch starts. */
  notifications?: ErpNotificationsOptions;
  /** For tests: the workspace's clock; otherwise the one ML_CONNECTOR_CLOCK_START names, or the system clock. */
  clock?: Clock;
}

export const SYNC_USAGE = `Usage:
  ml-connector sync [--workspace DIR] [--once | --watch | --list]
      Run the workspace's sync jobs unattended. --once (the default) starts every job that is due, and
      finishes any run a crash interrupted, then exits: 0 when every run succeeded, 1 when one failed.
      --watch keeps going and starts each job at its time; Ctrl+C stops it after the current step. With a
      Business Central connection that has a notification URL, --watch also listens for its change
      notifications (as the app does) and refreshes the reference data when one arrives.
      --list shows the jobs and their last runs.`;

/**
 * `ml-connector sync`: the headless runner. Jobs missed while the machine was off run once when it starts;
 * another runner on the same workspace (the app, a second sync) never runs the same job at once.
 */
export async function syncCommand(argv: string[], io: SyncCommandIo, deps: SyncCommandDeps): Promise<number> {
  let values: { workspace?: string; once?: boolean; watch?: boolean; list?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { workspace: { type: 'string' }, once: { type: 'boolean' }, watch: { type: 'boolean' }, list: { type: 'boolean' } } }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${SYNC_USAGE}`);
    return 2;
  }
  if ([values.once, values.watch, values.list].filter(Boolean).length > 1) {
    io.err(`Choose one of --once, --watch and --list.\n${SYNC_USAGE}`);
    return 2;
  }
  let clock: Clock;
  try {
    clock = deps.clock ?? clockFromEnvironment();
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  const ws = openWorkspace(resolve(values.workspace ?? deps.defaultWorkspace), { credentials: deps.credentials, clock });
  try {
    const runner = new SyncRunner(ws, { actor: `sync (${ws.osUser})` });
    const jobs = runner.jobs.list();
    if (values.list) {
      if (!jobs.length) io.out('No sync jobs in this workspace yet. Add one in the app under Settings › Sync schedules.');
      for (const j of jobs) io.out(describeJob(j, runner.jobs.runs({ jobId: j.id, limit: 1 })[0]));
      return 0;
    }
    const notified = values.watch ? notifiedConnections(ws) : [];
    if (!jobs.some((j) => j.enabled) && !notified.length) {
      io.out('No enabled sync jobs in this workspace: nothing to do. Add one in the app under Settings › Sync schedules.');
      return 0;
    }
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const say = (run: RunRecord) => io.out(describeRun(byId.get(run.jobId) ?? runner.jobs.get(run.jobId), run));
    if (!values.watch) {
      const runs = await runner.tick();
      if (!runs.length) io.out(`Nothing is due.${nextLine(runner)}`);
      runs.forEach(say);
      return runs.some((r) => r.status !== 'succeeded') ? 1 : 0;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    const signal = deps.signal ? AbortSignal.any([deps.signal, controller.signal]) : controller.signal;
    if (!deps.signal) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    // The same listener the app runs (core/host/cli.ts, electron/main.ts): subscribes, renews, refreshes on
    // a notification, and follows connection edits; stopped (subscriptions removed, port closed) on exit.
    let notifications: ErpNotifications | null = null;
    try {
      if (notified.length) notifications = startErpNotifications(ws, deps.notifications);
      io.out(`Watching ${jobs.filter((j) => j.enabled).length} sync job(s) in ${ws.dir}.${nextLine(runner)} Ctrl+C stops.`);
      if (notified.length) io.out(`Listening for Business Central change notifications of ${notified.join(', ')} (their state shows under Connections).`);
      signal.addEventListener('abort', () => runner.shutdown(), { once: true });
      await runner.watch(signal, (run) => {
        say(run);
        byId.clear();
        for (const j of runner.jobs.list()) byId.set(j.id, j);
      });
    } finally {
      await notifications?.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  } finally {
    ws.close();
  }
}

/** The ERP connections with a notification URL, by name: what the listener would set up. */
function notifiedConnections(ws: Workspace): string[] {
  return ws.connections
    .list()
    .filter((c) => erpKind(c.kind)?.notificationTarget?.(c.settings))
    .map((c) => `"${c.name}"`);
}

function nextLine(runner: SyncRunner): string {
  const next = runner.nextDue();
  return next ? ` Next run due ${next.toISOString()}.` : '';
}

function describeJob(j: JobDefinition, last: RunRecord | undefined): string {
  const state = j.enabled ? '' : ' [disabled]';
  const lastRun = last ? `last run ${last.startedAt} ${last.status}${last.error ? `: ${last.error}` : ''}` : 'never run';
  return `${j.name} (${j.kind}, ${describeSchedule(j.schedule, j.timeZone)})${state}: ${lastRun}`;
}

function describeRun(j: JobDefinition | null, r: RunRecord): string {
  const why = r.trigger === 'catch-up' ? ` (catch-up for the missed slot ${r.slot})` : r.trigger === 'schedule' ? ` (slot ${r.slot})` : '';
  const lives = r.lives > 1 ? `, resumed after ${r.lives - 1} interruption(s)` : '';
  const counts = Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${j?.name ?? r.jobId}: ${r.status}${why}${lives}${counts ? ` — ${counts}` : ''}${r.error ? `\n  ${r.error}` : ''}`;
}
