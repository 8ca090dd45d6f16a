import type { ApiError, CallInput, CallName, CallOutput } from '../../core/api';
import { transport } from './transport';

/** A failed call, carrying the core's typed error (code, message, field issues). */
export class CallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'CallError';
  }
}

let counter = 0;
export const newCallId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export async function call<N extends CallName>(name: N, input: CallInput<N>, callId: string = newCallId()): Promise<CallOutput<N>> {
  const envelope = await transport.invoke(name, input, callId);
  if (!envelope.ok) throw new CallError(envelope.error);
  return envelope.value as CallOutput<N>;
}

export const onEvent = transport.onEvent;
export const transportKind = transport.kind;
