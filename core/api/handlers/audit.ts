import type { Handlers } from '../dispatch';

export const auditHandlers: Pick<Handlers, 'audit.list'> = {
  'audit.list': (input, { ws }) => ws.audit.list(input),
};
