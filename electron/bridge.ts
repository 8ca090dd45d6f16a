import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type ApiEvent, type Envelope } from '../core/api';

/** The slice of ipcRenderer the bridge uses; a test passes a recorder instead. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * What the preload exposes as window.mlConnector: one function per declared call (the allowlist is the
 * contract itself) and a listener for core events. There is no way to reach any other channel.
 */
export function buildBridge(ipc: IpcLike) {
  const calls: Record<string, (input: unknown, callId: string) => Promise<Envelope<unknown>>> = {};
  for (const name of callNames) {
    const channel = ipcChannel(name);
    calls[name] = (input, callId) => ipc.invoke(channel, input, callId) as Promise<Envelope<unknown>>;
  }
  return Object.freeze({
    calls: Object.freeze(calls),
    onEvent(listener: (event: ApiEvent) => void) {
      const handler = (_event: unknown, payload: unknown) => listener(payload as ApiEvent);
      ipc.on(IPC_EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, handler);
      };
    },
  });
}
