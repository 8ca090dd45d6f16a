import { dashboardSummary } from '../../dashboard/dashboard-summary';
import { seedStarterMappings } from '../../demo/demo-workspace';
import { ConnectionUnusable } from '../../connections/erp-connectors';
import { MappingRefused } from '../../mapping/mapping-store';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type DashboardCall = 'dashboard.summary' | 'demo.open';

export const dashboardHandlers: Pick<Handlers, DashboardCall> = {
  'dashboard.summary': (_input, { ws }) => dashboardSummary(ws),

  'demo.open': async (_input, { ws }) => {
    if (!ws.demo) {
      throw new ApiFailure('conflict', `${ws.dir} is not the demo workspace. Start ml-connector without --workspace (or with --demo) to open the demo, with its Amazon and ERP emulators.`);
    }
    try {
      const r = await seedStarterMappings(ws);
      ws.audit.record({ kind: 'decision', system: 'app', operation: 'demo.open', actor: ws.osUser, detail: r });
      return { mappingsChanged: r.changed, mappingsUnchanged: r.unchanged };
    } catch (err) {
      if (err instanceof ConnectionUnusable) throw new ApiFailure('conflict', `A demo ERP connection cannot be used: ${err.message}`);
      if (err instanceof MappingRefused) throw new ApiFailure('conflict', `The demo company refused a starter mapping: ${err.message}`);
      throw err;
    }
  },
};
