import pkg from '../../../package.json';
import { Dispatcher, type Handlers } from '../dispatch';
import type { Workspace } from '../../workspace/workspace';
import { connectionHandlers } from './connections';

const version = pkg.version;

function createHandlers(cancel: (callId: string) => boolean): Handlers {
  return {
    'app.info': (_input, { ws }) => ({
      version,
      workspaceDir: ws.dir,
      databaseFile: ws.databaseFile,
      osUser: ws.osUser,
      demo: ws.demo,
    }),
    ...connectionHandlers,
    'audit.list': (input, { ws }) => ws.audit.list(input),
    'calls.cancel': ({ callId }) => ({ cancelled: cancel(callId) }),
  };
}

/** The dispatcher both transports use for one workspace. */
export function createDispatcher(ws: Workspace): Dispatcher {
  const dispatcher: Dispatcher = new Dispatcher(ws, createHandlers((callId) => dispatcher.cancel(callId)));
  return dispatcher;
}
