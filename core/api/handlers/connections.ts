import { SecretMetaRepository, type ConnectionRow } from '../../connections/connection-repository';
import { kindDescriptions, settingLabels, settingsSchemas } from '../../connections/connection-kinds';
import { KeychainUnavailableError } from '../../credentials/credential-store';
import { connectionTester } from '../../connections/connection-tester';
import { erpKinds, hasConnector } from '../../erp/registry';
import { MappingStore } from '../../mapping/mapping-store';
import { notificationStatus } from '../../sync/erp-notifications';
import { JobStore } from '../../sync/job-store';
import type { Workspace } from '../../workspace/workspace';
import type { ConnectionView } from '../contract';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';
import { fieldIssues, issuesMessage } from '../../errors/input-issues';

async function view(ws: Workspace, row: ConnectionRow): Promise<ConnectionView> {
  const fields = kindDescriptions[row.kind].secrets.map((s) => s.field);
  const enteredAt = new SecretMetaRepository(ws.db).enteredAt(row.id);
  const now = ws.clock.now();
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    ...(await secretsSet(ws, row.id, fields, enteredAt)),
    secretsEnteredAt: enteredAt,
    secretsAgeDays: Object.fromEntries(Object.entries(enteredAt).map(([field, at]) => [field, Math.max(0, Math.floor((now - Date.parse(at)) / 86_400_000))])),
    updatedAt: row.updatedAt,
    mappable: hasConnector(row.kind),
    notifications: notificationView(ws, row.id),
  };
}

/**
 * Which secrets are set, from the keychain. Without a keychain the list still shows, from when each
 * secret was entered (kept in the workspace), with the keychain's problem beside it.
 */
async function secretsSet(ws: Workspace, id: string, fields: string[], enteredAt: Record<string, string>): Promise<Pick<ConnectionView, 'secretsSet' | 'keychainProblem'>> {
  try {
    return { secretsSet: await ws.credentials.which(id, fields), keychainProblem: null };
  } catch (err) {
    if (!(err instanceof KeychainUnavailableError)) throw err;
    return { secretsSet: Object.fromEntries(fields.map((f) => [f, f in enteredAt])), keychainProblem: err.message };
  }
}

function notificationView(ws: Workspace, id: string): ConnectionView['notifications'] {
  const n = notificationStatus(ws, id);
  return n ? { mode: n.mode, message: n.message, expiresAt: n.expiresAt, lastNotificationAt: n.lastNotificationAt } : null;
}

/**
 * An edit names the settings it changes: a key given replaces the stored value, a key given as null clears
 * it, and a key left out keeps what is stored. So a client that does not know a setting (the Connections
 * form shows no endpoint override for Business Central, which the demo and tests point at the emulator)
 * cannot drop it by omission. The kind's schema then parses the result, which also removes settings that
 * do not belong to it (for example the online-only ones after switching Business Central to on-premises).
 */
export function mergeSettings(stored: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored, ...given };
  for (const [k, v] of Object.entries(given)) if (v === null) delete merged[k];
  return merged;
}

function requireConnection(ws: Workspace, id: string): ConnectionRow {
  const row = ws.connections.get(id);
  if (!row) throw new ApiFailure('not_found', `No connection with id ${id}: it may have been removed.`);
  return row;
}

type ConnectionCall = 'connections.kinds' | 'connections.list' | 'connections.save' | 'connections.delete' | 'connections.archived' | 'connections.restore' | 'connections.test';

export const connectionHandlers: Pick<Handlers, ConnectionCall> = {
  'connections.kinds': () => [
    { kind: 'amazon', label: kindDescriptions.amazon.label, coming: false },
    ...erpKinds().map((e) => ({ kind: e.kind, label: e.label, coming: !hasConnector(e.kind) })),
  ],
  'connections.list': async (_input, { ws }) => Promise.all(ws.connections.list().map((r) => view(ws, r))),

  'connections.save': async (input, { ws }) => {
    const existing = input.id ? requireConnection(ws, input.id) : null;
    if (!existing && input.kind !== 'amazon' && !hasConnector(input.kind)) {
      throw new ApiFailure('invalid_input', `${kindDescriptions[input.kind].label} connections are coming in a later version; one cannot be added yet.`);
    }
    if (existing && existing.kind !== input.kind) {
      throw new ApiFailure('conflict', `Connection "${existing.name}" is a ${kindDescriptions[existing.kind].label} connection; its kind cannot change.`);
    }
    const settings = settingsSchemas[input.kind].safeParse(mergeSettings(existing?.settings ?? {}, input.settings));
    if (!settings.success) {
      const issues = fieldIssues(settings.error, settingLabels(input.kind), ['settings']);
      throw new ApiFailure('invalid_input', `The ${kindDescriptions[input.kind].label} settings are not complete: ${issuesMessage(issues)}`, issues);
    }
    const allowed = new Set(kindDescriptions[input.kind].secrets.map((s) => s.field));
    const unknown = Object.keys(input.secrets).filter((f) => !allowed.has(f));
    if (unknown.length) {
      throw new ApiFailure('invalid_input', `A ${kindDescriptions[input.kind].label} connection has no secret named ${unknown.join(', ')}.`);
    }
    // Secrets first: if the keychain is unreachable nothing is saved and the user is told why.
    const id = existing?.id ?? crypto.randomUUID();
    const now = new Date(ws.clock.now());
    for (const [field, secret] of Object.entries(input.secrets)) await ws.credentials.set(id, field, secret);
    const meta = new SecretMetaRepository(ws.db);
    const row = ws.db.transaction(() => {
      const saved = ws.connections.upsert({ id, kind: input.kind, name: input.name, settings: settings.data as Record<string, unknown> }, now);
      for (const field of Object.keys(input.secrets)) meta.markEntered(id, field, now);
      ws.audit.record({
        kind: 'decision',
        system: 'app',
        operation: existing ? 'connection.edit' : 'connection.add',
        actor: ws.osUser,
        connectionId: id,
        subjectType: 'connection',
        subjectId: id,
        detail: { name: input.name, kind: input.kind, secretsChanged: Object.keys(input.secrets) },
      });
      return saved;
    })();
    ws.events.emit({ type: 'changed', topic: 'connections' });
    return view(ws, row);
  },

  'connections.delete': async ({ id }, { ws }) => {
    const row = requireConnection(ws, id);
    // Secrets are not history: they leave the keychain now, and a restored connection asks for them again.
    for (const s of kindDescriptions[row.kind].secrets) await ws.credentials.delete(id, s.field);
    const now = new Date(ws.clock.now());
    const archived = ws.db.transaction(() => {
      const jobs = new JobStore(ws.db).ofConnection(id);
      if (!ws.connections.archive(id, ws.osUser, now)) return false;
      new SecretMetaRepository(ws.db).forget(id);
      const rules = new MappingStore(ws.db, ws.audit).recordEach(id, 'mapping.archived', ws.osUser);
      ws.audit.record({
        kind: 'decision', system: 'app', operation: 'connection.archive', actor: ws.osUser,
        connectionId: id, subjectType: 'connection', subjectId: id,
        detail: { name: row.name, kind: row.kind, rulesKept: rules, jobsSuspended: jobs.map((j) => j.name) },
      });
      return true;
    })();
    ws.events.emit({ type: 'changed', topic: 'connections' });
    ws.events.emit({ type: 'changed', topic: 'jobs' });
    return { archived };
  },

  'connections.archived': (_input, { ws }) => {
    const jobs = new JobStore(ws.db);
    const mapping = new MappingStore(ws.db, ws.audit);
    return ws.connections.archived().map((c) => ({
      id: c.id, kind: c.kind, name: c.name, archivedAt: c.archivedAt, archivedBy: c.archivedBy,
      rules: mapping.list(c.id).length, jobs: jobs.ofConnection(c.id).length,
    }));
  },

  'connections.restore': async ({ id }, { ws }) => {
    const restored = ws.db.transaction(() => {
      const row = ws.connections.restore(id, new Date(ws.clock.now()));
      if (!row) return null;
      const rules = new MappingStore(ws.db, ws.audit).recordEach(id, 'mapping.restored', ws.osUser);
      ws.audit.record({
        kind: 'decision', system: 'app', operation: 'connection.restore', actor: ws.osUser,
        connectionId: id, subjectType: 'connection', subjectId: id, detail: { name: row.name, kind: row.kind, rulesRestored: rules },
      });
      return row;
    })();
    if (!restored) throw new ApiFailure('not_found', `No archived connection with id ${id}: it may have been restored already.`);
    ws.events.emit({ type: 'changed', topic: 'connections' });
    ws.events.emit({ type: 'changed', topic: 'jobs' });
    return view(ws, restored);
  },

  'connections.test': async ({ id }, { ws, signal, progress }) => {
    const row = requireConnection(ws, id);
    progress({ phase: 'Reading secrets from the keychain', done: 0, total: 2 });
    const secrets: Record<string, string | null> = {};
    for (const s of kindDescriptions[row.kind].secrets) secrets[s.field] = await ws.credentials.get(id, s.field);
    progress({ phase: `Calling ${kindDescriptions[row.kind].label}`, done: 1, total: 2 });
    const secretsEnteredAt = new SecretMetaRepository(ws.db).enteredAt(id);
    const result = await connectionTester(row.kind)({ connectionId: id, name: row.name, settings: row.settings, secrets, secretsEnteredAt, audit: ws.audit, clock: ws.clock, signal });
    progress({ phase: 'Done', done: 2, total: 2 });
    ws.audit.record({
      kind: 'decision', system: 'app', operation: 'connection.test', actor: ws.osUser,
      connectionId: id, subjectType: 'connection', subjectId: id, status: result.status, detail: { message: result.message },
    });
    return result;
  },
};
