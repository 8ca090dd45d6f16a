import type { ComponentType } from 'react';
import { AuditPage } from '../pages/AuditPage';
import { ConnectionsPage } from '../pages/ConnectionsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { SettingsAndJobsPage } from '../pages/JobsPage';
import { RunsPage } from '../pages/jobs/RunsPage';
import { ListingsPage } from '../pages/ListingsPage';
import { MappingsPage } from '../pages/MappingsPage';
import { OrdersPage } from '../pages/OrdersPage';
import { NeedsAttentionPage } from '../pages/NeedsAttentionPage';
import { ReportsPage } from '../pages/ReportsPage';
import { ReviewPage } from '../pages/ReviewPage';
import { SettlementsPage } from '../pages/SettlementsPage';
import { VendorCentralPage } from '../pages/VendorCentralPage';
import type { RoutePath } from './routes';

/** The screen of each place; a place without one shows what it will hold (PlannedPage). */
export const pages: Partial<Record<RoutePath, ComponentType>> = {
  dashboard: DashboardPage,
  connections: ConnectionsPage,
  audit: AuditPage,
  mappings: MappingsPage,
  orders: OrdersPage,
  settlements: SettlementsPage,
  review: ReviewPage,
  attention: NeedsAttentionPage,
  reports: ReportsPage,
  settings: SettingsAndJobsPage,
  jobs: RunsPage,
  listings: ListingsPage,
  'vendor-invoices': VendorCentralPage,
};
