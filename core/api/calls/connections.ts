import { z } from 'zod';
import { ConnectionKindSchema } from '../../connections/connection-kinds';
import { define } from '../define';
import { BoundedSettingsSchema, LIMITS, SecretValueSchema } from './input-limits';

export const ConnectionViewSchema = z.object({
  id: z.string(),
  kind: ConnectionKindSchema,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Which secrets are stored in the OS keychain. Never their values. */
  secretsSet: z.record(z.string(), z.boolean()),
  /** Why the keychain could not be asked (secretsSet then says which secrets were entered here), or null. */
  keychainProblem: z.string().nullable().default(null),
  /** ISO date each secret was last entered, for rotation warnings (Amazon: every 180 days). */
  secretsEnteredAt: z.record(z.string(), z.string()),
  /** Whole days since each secret was entered, on the workspace's clock (which a test or rehearsal may start elsewhere than the screen's). */
  secretsAgeDays: z.record(z.string(), z.number().int()),
  updatedAt: z.string(),
  /** An ERP connection whose connector is built: its data can be read and mapped, and settlements posted to it. */
  mappable: z.boolean().default(false),
  /**
   * ERP change notifications (Business Central webhooks), when a notification URL is set: push while the
   * subscriptions live, polling with the reason after a failure. Null: polling, the default.
   */
  notifications: z.object({
    mode: z.enum(['push', 'polling']),
    message: z.string(),
    expiresAt: z.string().nullable(),
    lastNotificationAt: z.string().nullable(),
  }).nullable().default(null),
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ArchivedConnectionSchema = z.object({
  id: z.string(),
  kind: ConnectionKindSchema,
  name: z.string(),
  archivedAt: z.string(),
  archivedBy: z.string().nullable(),
  /** Mapping rules kept with it. */
  rules: z.number().int(),
  /** Jobs that work with it: they do not run while it is archived. */
  jobs: z.number().int(),
});
export type ArchivedConnection = z.infer<typeof ArchivedConnectionSchema>;

export const ConnectionTestResultSchema = z.object({
  status: z.enum(['ok', 'failed', 'not_implemented']),
  message: z.string(),
  details: z.array(z.string()).default([]),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const connectionCalls = {
  'connections.kinds': define({
    summary: 'The systems a connection can be made to; a kind whose connector is not built yet is listed as coming',
    input: z.object({}),
    output: z.array(z.object({ kind: z.string(), label: z.string(), coming: z.boolean() })),
  }),
  'connections.list': define({
    summary: 'Every connection of the workspace, with which secrets are set',
    input: z.object({}),
    output: z.array(ConnectionViewSchema),
  }),
  'connections.save': define({
    summary: 'Add or edit a connection; secrets given here go to the OS keychain',
    input: z.object({
      id: z.string().optional(),
      kind: ConnectionKindSchema,
      name: z.string().trim().min(1, 'Give the connection a name').max(LIMITS.connectionName, `A connection name is at most ${LIMITS.connectionName} characters`),
      /** On an edit, the settings to change: a key left out keeps its stored value, a key given as null clears it. */
      settings: BoundedSettingsSchema,
      /** Only the secrets to set or replace; a field left out keeps its stored value. */
      secrets: z.record(z.string(), SecretValueSchema).default({}),
    }),
    output: ConnectionViewSchema,
  }),
  'connections.delete': define({
    summary:
      'Remove a connection: it is archived (hidden, its jobs never run, nothing posts through it) with its mapping rules, ' +
      'jobs and run history kept, and can be restored; its secrets leave the keychain',
    input: z.object({ id: z.string() }),
    output: z.object({ archived: z.boolean() }),
  }),
  'connections.archived': define({
    summary: 'The archived (removed) connections, with how many mapping rules and jobs each keeps',
    input: z.object({}),
    output: z.array(ArchivedConnectionSchema),
  }),
  'connections.restore': define({
    summary: 'Bring an archived connection back with its mapping rules and jobs; its secrets must be entered again',
    input: z.object({ id: z.string() }),
    output: ConnectionViewSchema,
  }),
  'connections.test': define({
    summary: 'Try the connection against the real system and say what happened',
    input: z.object({ id: z.string() }),
    output: ConnectionTestResultSchema,
    progress: true,
  }),
};
