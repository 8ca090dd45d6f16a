import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type Envelope } from '../core/api';
import type { Dispatcher } from '../core/api/dispatch';
import type { Workspace } from '../core/workspace/workspace';

/**
 * The IPC transport of the core API: one ipcMain.handle per declared call, all through one wrapper that
 * first checks the sender is our own window's top frame (not an iframe) showing our own app:// page.
 */
export function registerIpc(ws: Workspace, dispatcher: Dispatcher, trusted: () => WebContents | null, isAppUrl: (url: string) => boolean): () => void {
  const isTrusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return (
      event.sender === trusted() &&
      frame !== null &&
      frame.parent === null &&
      isAppUrl(frame.url)
    );
  };
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown, callId: unknown): Promise<Envelope<unknown>> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the ml-connector window.' } };
      }
      return dispatcher.invoke(name, input, typeof callId === 'string' ? callId : crypto.randomUUID());
    });
  }
  const unsubscribe = ws.events.subscribe((event) => trusted()?.send(IPC_EVENT_CHANNEL, event));
  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(ipcChannel(name));
  };
}
