import { z } from 'zod';
import { ConnectionKindSchema } from '../connections/connection-kinds';

/**
 * Every call the UI can make, declared once. The Electron main process, the preload allowlist, the
 * headless host and the renderer's client are all derived from this object. Pure zod: the renderer
 * imports it, so nothing here may touch Node.
 */
export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Long work: reports ProgressEvents under the call's id and can be cancelled. */
  progress?: boolean;
  summary: string;
}

const define = <I extends z.ZodType, O extends z.ZodType>(d: CallDefinition<I, O>) => d;

export const ConnectionViewSchema = z.object({
  id: z.string(),
  kind: ConnectionKindSchema,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Which secrets are stored in the OS keychain. Never their values. */
  secretsSet: z.record(z.string(), z.boolean()),
  /** ISO date each secret was last entered, for rotation warnings (Amazon: every 180 days). */
  secretsEnteredAt: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ConnectionTestResultSchema = z.object({
  status: z.enum(['ok', 'failed', 'not_implemented']),
  message: z.string(),
  details: z.array(z.string()).default([]),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const AuditEventViewSchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.enum(['external_call', 'decision', 'state_change']),
  system: z.string(),
  operation: z.string(),
  actor: z.string().nullable(),
  connectionId: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  status: z.string().nullable(),
  durationMs: z.number().nullable(),
  correlationId: z.string().nullable(),
  request: z.string().nullable(),
  response: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

export const contract = {
  'app.info': define({
    summary: 'Version, workspace and who is working',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      workspaceDir: z.string(),
      databaseFile: z.string(),
      osUser: z.string(),
      demo: z.boolean(),
    }),
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
      name: z.string().trim().min(1, 'Give the connection a name').max(80),
      settings: z.record(z.string(), z.unknown()),
      /** Only the secrets to set or replace; a field left out keeps its stored value. */
      secrets: z.record(z.string(), z.string().min(1)).default({}),
    }),
    output: ConnectionViewSchema,
  }),
  'connections.delete': define({
    summary: 'Remove a connection and its secrets from the keychain',
    input: z.object({ id: z.string() }),
    output: z.object({ deleted: z.boolean() }),
  }),
  'connections.test': define({
    summary: 'Try the connection against the real system and say what happened',
    input: z.object({ id: z.string() }),
    output: ConnectionTestResultSchema,
    progress: true,
  }),
  'audit.list': define({
    summary: 'The audit trail, newest first',
    input: z.object({
      system: z.string().optional(),
      kind: z.enum(['external_call', 'decision', 'state_change']).optional(),
      status: z.string().optional(),
      subjectId: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      limit: z.number().int().positive().max(10_000).optional(),
    }),
    output: z.array(AuditEventViewSchema),
  }),
  'calls.cancel': define({
    summary: 'Cancel long work started by a call',
    input: z.object({ callId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export const callNames = Object.keys(contract) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a call; the preload allowlist is exactly these. */
export const ipcChannel = (name: CallName) => `api:${name}`;
export const IPC_EVENT_CHANNEL = 'api:event';
