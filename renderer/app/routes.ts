/** The places of the app, in navigation order. Later work fills the ones still marked planned. */
export const routes = [
  { path: 'dashboard', label: 'Dashboard' },
  { path: 'settlements', label: 'Settlements' },
  { path: 'review', label: 'Review' },
  { path: 'attention', label: 'Needs attention' },
  { path: 'mappings', label: 'Mappings' },
  { path: 'orders', label: 'Orders' },
  { path: 'listings', label: 'Listings & inventory' },
  { path: 'vendor-invoices', label: 'Vendor Central' },
  { path: 'audit', label: 'Audit log' },
  { path: 'reports', label: 'Reports' },
  { path: 'jobs', label: 'Jobs' },
  { path: 'connections', label: 'Connections' },
  { path: 'settings', label: 'Settings' },
] as const;

export type RoutePath = (typeof routes)[number]['path'];

export function currentRoute(hash: string): RoutePath {
  const path = hash.replace(/^#\/?/, '').split('/')[0];
  return routes.find((r) => r.path === path)?.path ?? 'dashboard';
}
