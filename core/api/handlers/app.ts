import pkg from '../../../package.json';
import type { Handlers } from '../dispatch';

export function appHandlers(cancel: (callId: string) => boolean): Pick<Handlers, 'app.info' | 'calls.cancel'> {
  return {
    'app.info': (_input, { ws }) => ({
      version: pkg.version,
      workspaceDir: ws.dir,
      databaseFile: ws.databaseFile,
      osUser: ws.osUser,
      demo: ws.demo,
    }),
    'calls.cancel': ({ callId }) => ({ cancelled: cancel(callId) }),
  };
}
