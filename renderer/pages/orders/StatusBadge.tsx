import { Badge } from '@fluentui/react-components';
import type { OrderView } from '../../../core/api/calls/orders';

const LOOK: Record<OrderView['status'], { label: string; color: 'success' | 'danger' | 'warning' | 'informative' | 'subtle' }> = {
  invoiced: { label: 'invoiced', color: 'success' },
  queued: { label: 'queued', color: 'informative' },
  failed: { label: 'failed', color: 'danger' },
  refused: { label: 'refused', color: 'danger' },
  cancelled: { label: 'cancelled', color: 'subtle' },
  'not-shipped': { label: 'not shipped', color: 'warning' },
  'settlement-only': { label: 'settlement only', color: 'subtle' },
  read: { label: 'read', color: 'subtle' },
};

export function StatusBadge({ status }: { status: OrderView['status'] }) {
  const look = LOOK[status];
  return <Badge appearance="tint" color={look.color} data-status={status}>{look.label}</Badge>;
}
