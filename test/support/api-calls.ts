/** What a call answers: its value, or the error the renderer would show. */
export type CallResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };

/**
 * Calls on a dispatcher as the renderer makes them, each with its own call id: `call` gives the answer as
 * it came, `value` the value, or throws with the call's name and error message.
 */
export function apiCalls(api: { invoke(name: string, input: unknown, callId: string): Promise<unknown> }) {
  let n = 0;
  const call = async <T,>(name: string, input: unknown, callId = `c${n++}`) => (await api.invoke(name, input, callId)) as CallResult<T>;
  const value = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = await call<T>(name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value;
  };
  return { call, value };
}
