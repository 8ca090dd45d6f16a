import type { Workspace } from '../../workspace/workspace';
import type { DesktopShell } from '../desktop-shell';
import { Dispatcher, type Handlers } from '../dispatch';
import { appHandlers } from './app';
import { attentionHandlers } from './attention';
import { auditHandlers } from './audit';
import { connectionHandlers } from './connections';
import { dashboardHandlers } from './dashboard';
import { jobHandlers } from './jobs';
import { listingHandlers } from './listings';
import { mappingHandlers } from './mappings';
import { mcfHandlers } from './mcf';
import { reportHandlers } from './reports';
import { reviewHandlers } from './review';
import { postingHandlers } from './posting';
import { orderPostingHandlers } from './order-posting';
import { orderHandlers } from './orders';
import { settlementHandlers } from './settlements';
import { vendorHandlers } from './vendor';

/**
 * The dispatcher both transports use for one workspace: one handler per declared call (one file per area).
 * The desktop shell passes itself so the UI can change its choices; the headless host has none.
 */
export function createDispatcher(ws: Workspace, options: { desktop?: DesktopShell } = {}): Dispatcher {
  const handlers: Handlers = {
    ...appHandlers((callId) => dispatcher.cancel(callId), options.desktop ?? null),
    ...connectionHandlers,
    ...auditHandlers,
    ...mappingHandlers,
    ...reviewHandlers,
    ...settlementHandlers,
    ...postingHandlers,
    ...orderPostingHandlers,
    ...orderHandlers,
    ...jobHandlers,
    ...reportHandlers,
    ...dashboardHandlers,
    ...listingHandlers,
    ...vendorHandlers,
    ...attentionHandlers,
    ...mcfHandlers,
  };
  const dispatcher: Dispatcher = new Dispatcher(ws, handlers);
  return dispatcher;
}
