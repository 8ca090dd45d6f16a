import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock';
import type { ConnectionRow } from '../connections/connection-repository';
import { splitCorrelationId } from '../erp/business-central/errors';
import { supports, type ChangeSubscription, type ChangeSubscriptions } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import type { ErpTuning } from '../erp/erp-kind';
import { erpKind } from '../erp/registry';
import { startNotificationReceiver, type NotificationReceiver } from '../erp/webhook-receiver';
import type { Workspace } from '../workspace/workspace';
import { connectionResources } from './connection-resources';
import { plainError } from './plain-error';
import { refreshReferenceData } from './reference-refresh';
import { JobBusy } from './sync-runner';
import { workspaceRunner } from './workspace-runner';

/**
 * Business Central change notifications for the reference data (accounts, dimensions, items, customers).
 * Polling, by the reference-refresh job's schedule, is the default: a desktop app usually has no public
 * address. When the user enters a notification URL that reaches this computer, this subscribes to those
 * resources (BC API v2.0 `subscriptions`, BCDOCS dynamics-subscriptions.md), answers BC's validationToken
 * handshake from a loopback listener, renews the subscriptions before their 3-day expiry, and on a
 * notification refreshes the reference data at once. When a subscription cannot be made or renewed it
 * falls back to polling, records why (audit + erp_notification row) and the Connections screen says so.
 */

/**
 * Resources watched: the mapping cache's accounts, dimensions, items and customers, all webhook-enabled in BC
 * (NOTES §1.8). Tax groups, which the cache also holds, are not among the resources §1.8 lists: they are
 * read whole at each refresh instead.
 */
export const WATCHED_SETS = ['accounts', 'dimensions', 'items', 'customers'] as const;

export interface NotificationStatus {
  connectionId: string;
  mode: 'push' | 'polling';
  message: string;
  notificationUrl: string | null;
  expiresAt: string | null;
  lastNotificationAt: string | null;
  updatedAt: string;
}

interface StatusRow {
  connection_id: string; mode: 'push' | 'polling'; message: string; notification_url: string | null; subscriptions: string;
  expires_at: string | null; last_notification_at: string | null; updated_at: string;
}

export function notificationStatus(ws: Workspace, connectionId: string): NotificationStatus | null {
  const r = ws.db.prepare('SELECT * FROM erp_notification WHERE connection_id = ?').get(connectionId) as StatusRow | undefined;
  return r ? { connectionId: r.connection_id, mode: r.mode, message: r.message, notificationUrl: r.notification_url, expiresAt: r.expires_at, lastNotificationAt: r.last_notification_at, updatedAt: r.updated_at } : null;
}

export interface ErpNotificationsOptions {
  clock?: Clock;
  /** Renew this long before the earliest expiry (default 1 day of the 3). */
  renewBeforeMs?: number;
  /** Notifications within this window trigger one refresh. */
  refreshDelayMs?: number;
  /** How often the renewal check runs when started with startTimer(). */
  checkEveryMs?: number;
  /** Test knobs for the workspace's ERP connectors (fast retries; ws.erp.tune). */
  connector?: ErpTuning;
}

interface Live {
  connectionId: string;
  name: string;
  stamp: string;
  notificationUrl: string;
  port: number;
  clientState: string;
  webhooks: ChangeSubscriptions;
  subs: ChangeSubscription[];
}

export class ErpNotifications {
  private readonly clock: Clock;
  private readonly live = new Map<string, Live>();
  private readonly receivers = new Map<number, { receiver: NotificationReceiver; users: Set<string> }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribeEvents: (() => void) | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  /** Aborted by stop(): calls to Business Central in flight give up, so quitting never waits on them. */
  private readonly stopping = new AbortController();

  constructor(private readonly ws: Workspace, private readonly o: ErpNotificationsOptions = {}) {
    this.clock = o.clock ?? ws.clock;
    if (o.connector) ws.erp.tune(o.connector);
  }

  /** Sets up every Business Central connection with a notification URL, and follows connection edits. */
  async start(): Promise<void> {
    this.unsubscribeEvents ??= this.ws.events.subscribe((e) => {
      if (e.type === 'changed' && e.topic === 'connections') void this.reconcile();
    });
    await this.reconcile();
  }

  /** Renews on time: checks every `checkEveryMs` (default 10 minutes). */
  startTimer(): void {
    // A timer's failure must not become an unhandled rejection (it would end the host): it is reported and the next tick tries again.
    this.timer ??= setInterval(() => void this.tick().catch((err: unknown) => console.error(`Business Central notifications: the renewal check failed: ${plainError(err)}`)), this.o.checkEveryMs ?? 10 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new DOMException('The app is closing', 'AbortError'));
    this.unsubscribeEvents?.();
    this.unsubscribeEvents = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    await this.reconciling;
    await Promise.allSettled([...this.live.keys()].map((id) => this.teardown(id, true)));
    await Promise.allSettled([...this.running.values()]);
  }

  /** Brings subscriptions in line with the connections: new or edited ones set up, removed ones torn down. */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(async () => {
      const wanted = new Map<string, ConnectionRow>();
      for (const c of this.ws.connections.list()) {
        const kind = erpKind(c.kind);
        if (kind?.capabilities.changeSignals !== 'notifications') continue;
        if (kind.notificationTarget?.(c.settings)) wanted.set(c.id, c);
        else if (notificationStatus(this.ws, c.id)) await this.write(() => this.ws.db.prepare('DELETE FROM erp_notification WHERE connection_id = ?').run(c.id));
      }
      for (const id of [...this.live.keys()]) if (!wanted.has(id)) await this.teardown(id, true);
      for (const [id, c] of wanted) {
        const live = this.live.get(id);
        if (live?.stamp === c.updatedAt) continue;
        // A connection that fell back stays on polling until it is edited or the app starts again.
        if (!live && this.fellBack.get(id) === c.updatedAt) continue;
        await this.setUp(c);
      }
    });
    return this.reconciling;
  }

  /** Connections on polling after a failure, with the connection version that failed. */
  private readonly fellBack = new Map<string, string>();

  /** Subscribes the connection's watched resources; any failure falls back to polling with the reason. */
  private async setUp(c: ConnectionRow): Promise<void> {
    await this.teardown(c.id, true);
    const { url: notificationUrl, port } = erpKind(c.kind)!.notificationTarget!(c.settings)!;
    let webhooks: ChangeSubscriptions;
    try {
      await this.receiverFor(port, c.id);
      const connector = await this.ws.erp.connector(c.id);
      if (!supports(connector, 'changeNotifications')) throw new Error(`${c.name} cannot subscribe to change notifications`);
      webhooks = connector.changeSubscriptions();
    } catch (err) {
      return this.fallback(c.id, c.name, notificationUrl, `Could not listen for Business Central on port ${port} of this computer: ${plainError(err)}`);
    }
    const live: Live = { connectionId: c.id, name: c.name, stamp: c.updatedAt, notificationUrl, port, clientState: randomBytes(24).toString('base64url'), webhooks, subs: [] };
    this.live.set(c.id, live);
    try {
      // Subscriptions an earlier run left behind (it crashed, or quit without network) would notify twice.
      const signal = this.stopping.signal;
      live.subs = [];
      for (const old of await webhooks.list(notificationUrl, signal)) await webhooks.unsubscribe(old, signal);
      for (const set of WATCHED_SETS) live.subs.push(await webhooks.subscribe(set, notificationUrl, live.clientState, signal));
    } catch (err) {
      return this.fallback(c.id, c.name, notificationUrl, `Notifications could not be set up. ${reason(err)}`);
    }
    const expiresAt = earliest(live.subs);
    await this.save(c.id, 'push', `Business Central notifies ${notificationUrl} when accounts, dimensions, items or customers change, and the app reads the changes at once. The subscriptions renew before they expire (${expiresAt}).`, notificationUrl, live.subs, expiresAt);
    await this.audit(c.id, 'erp.notifications.subscribe', 'push', { notificationUrl, resources: live.subs.map((s) => s.set), expiresAt });
  }

  /** Renews subscriptions due within `renewBeforeMs`; a subscription already past its expiry means fallback. */
  async tick(): Promise<void> {
    await this.reconciling;
    const now = this.clock.now();
    for (const live of [...this.live.values()]) {
      const expiresAt = earliest(live.subs);
      if (!expiresAt) continue;
      if (Date.parse(expiresAt) <= now) {
        await this.fallback(live.connectionId, live.name, live.notificationUrl, `The Business Central notification subscriptions expired on ${expiresAt} without being renewed (the app was not running or could not reach Business Central in time).`);
        continue;
      }
      if (Date.parse(expiresAt) - now > (this.o.renewBeforeMs ?? 24 * 60 * 60_000)) continue;
      try {
        live.subs = await Promise.all(live.subs.map((s) => live.webhooks.renew(s, this.stopping.signal)));
      } catch (err) {
        await this.fallback(live.connectionId, live.name, live.notificationUrl, `The notification subscriptions could not be renewed. ${reason(err)}`);
        continue;
      }
      const next = earliest(live.subs);
      await this.save(live.connectionId, 'push', `Business Central notifies ${live.notificationUrl} when accounts, dimensions, items or customers change, and the app reads the changes at once. Renewed; the subscriptions now expire ${next}.`, live.notificationUrl, live.subs, next);
      await this.audit(live.connectionId, 'erp.notifications.renew', 'push', { expiresAt: next });
    }
  }

  /** Resolves when the refreshes that notifications asked for have finished. */
  async idle(): Promise<void> {
    while (this.pending.size || this.running.size) {
      await Promise.allSettled([...this.running.values()]);
      if (this.pending.size) await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async receiverFor(port: number, connectionId: string): Promise<void> {
    const existing = this.receivers.get(port);
    if (existing) {
      existing.users.add(connectionId);
      return;
    }
    const receiver = await startNotificationReceiver({ port, onNotification: (body) => this.onNotification(body) });
    this.receivers.set(port, { receiver, users: new Set([connectionId]) });
  }

  private onNotification(body: unknown): void {
    const value = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) return;
    for (const item of value as Array<Record<string, unknown>>) {
      // clientState is the shared secret of our subscriptions (dynamics-subscriptions.md "Client state"):
      // a notification without it did not come from Business Central for us.
      const live = [...this.live.values()].find((l) => l.clientState === item.clientState && l.subs.some((s) => s.id === item.subscriptionId));
      if (!live) continue;
      const at = new Date(this.clock.now()).toISOString();
      // Only the time shown on the Connections screen: if saving it fails, the refresh still runs.
      this.write(() => this.ws.db.prepare('UPDATE erp_notification SET last_notification_at = ? WHERE connection_id = ?').run(at, live.connectionId)).catch((err: unknown) => console.error(`Business Central notifications: the time of a notification was not saved: ${plainError(err)}`));
      this.scheduleRefresh(live.connectionId);
    }
  }

  private scheduleRefresh(connectionId: string): void {
    if (this.pending.has(connectionId)) return;
    const t = setTimeout(() => {
      this.pending.delete(connectionId);
      void this.refresh(connectionId);
    }, this.o.refreshDelayMs ?? 2_000);
    this.pending.set(connectionId, t);
  }

  /**
   * Runs the connection's reference-refresh job now (so its run shows on the Sync screen), or, with no such
   * job, the same refresh directly. A job already running may have read that kind already: run again after.
   */
  private refresh(connectionId: string): Promise<void> {
    if (this.running.has(connectionId)) {
      this.again.add(connectionId);
      return this.running.get(connectionId)!;
    }
    const work = (async () => {
      const runner = workspaceRunner(this.ws);
      const job = runner.jobs.list().find((j) => j.kind === 'reference-refresh' && j.erpConnectionId === connectionId);
      try {
        if (job) await runner.runNow(job.id);
        else {
          const result = await refreshReferenceData(this.ws, connectionResources(this.ws), connectionId, { now: () => new Date(this.clock.now()) });
          await this.audit(connectionId, 'erp.notifications.refresh', 'succeeded', { read: result.read });
        }
      } catch (err) {
        if (err instanceof JobBusy) this.again.add(connectionId);
        else await this.audit(connectionId, 'erp.notifications.refresh', 'failed', { error: plainError(err) }).catch((e: unknown) => console.error(`Business Central notifications: a failed refresh could not be recorded: ${plainError(e)}`));
      }
    })().finally(() => {
      this.running.delete(connectionId);
      if (this.again.delete(connectionId)) this.scheduleRefresh(connectionId);
    });
    this.running.set(connectionId, work);
    return work;
  }

  private async fallback(connectionId: string, name: string, notificationUrl: string, why: string): Promise<void> {
    await this.teardown(connectionId, true);
    if (this.stopping.signal.aborted) return; // not a failure: the app is closing
    const message = `${why} The app polls instead: reference data is read when the reference-refresh job runs. Save the connection again to retry.`;
    await this.save(connectionId, 'polling', message, notificationUrl, [], null);
    await this.audit(connectionId, 'erp.notifications.fallback', 'polling', { connection: name, notificationUrl, message });
    const c = this.ws.connections.get(connectionId);
    if (c) this.fellBack.set(connectionId, c.updatedAt);
  }

  private async teardown(connectionId: string, unsubscribe: boolean): Promise<void> {
    const live = this.live.get(connectionId);
    if (!live) return;
    this.live.delete(connectionId);
    if (unsubscribe) {
      // A subscription left behind expires in BC within three days; its notifications are ignored (unknown clientState).
      await Promise.allSettled(live.subs.map((sub) => live.webhooks.unsubscribe(sub, AbortSignal.timeout(3_000))));
    }
    const r = this.receivers.get(live.port);
    if (r) {
      r.users.delete(connectionId);
      if (!r.users.size) {
        this.receivers.delete(live.port);
        await r.receiver.close();
      }
    }
  }

  /** A write of the notifications' state, failing as a rejection (the timer's callers log it instead of throwing). */
  private async write(fn: () => void): Promise<void> {
    fn();
  }

  private save(connectionId: string, mode: 'push' | 'polling', message: string, notificationUrl: string, subs: ChangeSubscription[], expiresAt: string | null): Promise<void> {
    return this.write(() => this.saveNow(connectionId, mode, message, notificationUrl, subs, expiresAt));
  }

  private saveNow(connectionId: string, mode: 'push' | 'polling', message: string, notificationUrl: string, subs: ChangeSubscription[], expiresAt: string | null): void {
    this.ws.db.prepare(
      `INSERT INTO erp_notification (connection_id, mode, message, notification_url, subscriptions, expires_at, last_notification_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
       ON CONFLICT (connection_id) DO UPDATE SET mode = excluded.mode, message = excluded.message, notification_url = excluded.notification_url,
         subscriptions = excluded.subscriptions, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    ).run(connectionId, mode, message, notificationUrl, JSON.stringify(subs.map((s) => ({ id: s.id, set: s.set, expiresAt: s.expiresAt }))), expiresAt, new Date(this.clock.now()).toISOString());
    this.ws.events.emit({ type: 'changed', topic: 'connections' });
  }

  private audit(connectionId: string, operation: string, status: string, detail: unknown): Promise<void> {
    const system = this.ws.connections.get(connectionId)?.kind ?? 'erp';
    return this.write(() => void this.ws.audit.record({ kind: 'state_change', system, operation, connectionId, subjectType: 'connection', subjectId: connectionId, status, detail }));
  }
}

/** What Business Central said, without our call's name or BC's correlation id; other errors as the run list shows them. */
function reason(err: unknown): string {
  if (err instanceof ErpError && err.erpMessage && err.httpStatus !== null && err.httpStatus < 500) {
    const { text } = splitCorrelationId(err.erpMessage);
    return `Business Central answered: ${text}`;
  }
  return plainError(err);
}

function earliest(subs: readonly ChangeSubscription[]): string | null {
  let best: string | null = null;
  for (const s of subs) if (!best || Date.parse(s.expiresAt) < Date.parse(best)) best = s.expiresAt;
  return best;
}

/**
 * The host process's notifications: set up from the workspace's connections, renewal checks every
 * 10 minutes. A failure here never stops or delays the app's start; it is recorded as polling.
 */
export function startErpNotifications(ws: Workspace, options: ErpNotificationsOptions = {}): ErpNotifications {
  const n = new ErpNotifications(ws, options);
  // In the background: subscribing waits on Business Central and its handshake, the window should not.
  n.start().catch((err: unknown) => {
    ws.audit.record({ kind: 'state_change', system: 'app', operation: 'erp.notifications.start', status: 'failed', detail: { error: plainError(err) } });
  });
  n.startTimer();
  return n;
}
