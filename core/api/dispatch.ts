import type { z } from 'zod';
import { describeDiskError } from '../store/disk-errors';
import type { Workspace } from '../workspace/workspace';
import { contract, isCallName, type CallName, type CallOutput, type Contract } from './contract';
import { DomainError, errorMessage } from '../errors/domain-error';
import { fieldIssues, issuesMessage } from '../errors/input-issues';
import type { ApiError, Envelope } from './envelope';
import type { ProgressEvent } from './events';

export interface CallContext {
  ws: Workspace;
  callId: string;
  signal: AbortSignal;
  progress(p: Omit<ProgressEvent, 'type' | 'callId'>): void;
}

export type Handler<N extends CallName> = (
  input: z.output<Contract[N]['input']>,
  ctx: CallContext,
) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { [N in CallName]: Handler<N> };

const issuesOf = (err: z.ZodError) =>
  err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));

function toError(err: unknown, databaseFile: string): ApiError {
  const disk = describeDiskError(err, databaseFile);
  if (disk) return { code: 'internal', message: disk.message };
  if (err instanceof DomainError) return { code: err.code, message: err.message, ...(err.issues ? { issues: [...err.issues] } : {}) };
  if (err instanceof DOMException && err.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled by the user.' };
  const message = errorMessage(err);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}

/**
 * The one trusted path into the core for both transports: unknown names are refused, input is parsed by
 * the contract's schema, output is checked against it, and every failure becomes a typed envelope.
 */
export class Dispatcher {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly ws: Workspace,
    private readonly handlers: Handlers,
  ) {}

  async invoke(name: string, rawInput: unknown, callId: string): Promise<Envelope<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `There is no call named "${name}".` } };
    const def = contract[name];
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // The message is for a person: the schema's own words, or zod's said of the field (and line) it is about in words.
      const issues = fieldIssues(parsed.error);
      return { ok: false, error: { code: 'invalid_input', message: issuesMessage(issues), issues } };
    }
    const controller = new AbortController();
    this.running.set(callId, controller);
    const ctx: CallContext = {
      ws: this.ws,
      callId,
      signal: controller.signal,
      progress: (p) => this.ws.events.emit({ type: 'progress', callId, ...p }),
    };
    try {
      const handler = this.handlers[name] as Handler<CallName>;
      const value = await handler(parsed.data as never, ctx);
      const checked = def.output.safeParse(value);
      if (!checked.success) {
        return { ok: false, error: { code: 'internal', message: `The core answered ${name} with data that does not match the contract.`, issues: issuesOf(checked.error) } };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      return { ok: false, error: toError(err, this.ws.databaseFile) };
    } finally {
      this.running.delete(callId);
    }
  }

  cancel(callId: string): boolean {
    const c = this.running.get(callId);
    if (!c) return false;
    c.abort(new DOMException('Cancelled by the user', 'AbortError'));
    return true;
  }
}
