import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { SettlementStatus } from '../../../core/api/calls/review';

const LOOK: Record<SettlementStatus, { label: string; color: BadgeProps['color']; appearance: BadgeProps['appearance']; hint: string }> = {
  imported: { label: 'imported', color: 'informative', appearance: 'tint', hint: 'Imported, not checked yet' },
  'needs-review': { label: 'needs review', color: 'warning', appearance: 'tint', hint: 'Open items in the review queue' },
  ready: { label: 'ready', color: 'brand', appearance: 'tint', hint: 'Nothing open: ready for approval' },
  approved: { label: 'approved', color: 'success', appearance: 'tint', hint: 'Approved for posting' },
  posting: { label: 'posting', color: 'informative', appearance: 'filled', hint: 'Documents are being posted' },
  posted: { label: 'posted', color: 'success', appearance: 'filled', hint: 'Every document is in the ERP' },
  failed: { label: 'failed', color: 'danger', appearance: 'filled', hint: 'A document was refused by the ERP' },
  superseded: { label: 'superseded', color: 'informative', appearance: 'outline', hint: 'Amazon re-issued this settlement; a newer version replaces this one' },
};

/** Where a settlement stands, in words and colour; the hover says what it means and what is open. */
export function StatusBadge({ status, openBlocking = 0, openWarnings = 0 }: { status: SettlementStatus; openBlocking?: number; openWarnings?: number }) {
  const look = LOOK[status];
  const open = [openBlocking ? `${openBlocking} blocking` : '', openWarnings ? `${openWarnings} ${openWarnings === 1 ? 'warning' : 'warnings'}` : ''].filter(Boolean).join(', ');
  return (
    <Badge appearance={look.appearance} color={look.color} style={{ whiteSpace: 'nowrap', flexShrink: 0 }} title={open ? `${look.hint}: ${open}` : look.hint} data-status={status}>
      {look.label}{status === 'needs-review' && open ? ` (${openBlocking + openWarnings})` : ''}
    </Badge>
  );
}
