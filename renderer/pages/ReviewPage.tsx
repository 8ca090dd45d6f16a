import { Field, makeStyles, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { ReviewItemView } from '../../core/api/calls/review';
import { useAppInfo } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { useReferenceData } from './mappings/mapping-hooks';
import { useReviewQueue } from './review/review-hooks';
import { ReviewQueueTable } from './review/ReviewQueueTable';
import { SettlementApprovals } from './review/SettlementApprovals';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '12px', alignItems: 'flex-end', marginBottom: '8px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, marginLeft: 'auto' },
  heading: { display: 'block', margin: '4px 0 4px', fontWeight: tokens.fontWeightSemibold },
  empty: { padding: '24px', textAlign: 'center', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground2 },
  kbd: { fontFamily: tokens.fontFamilyMonospace, border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: '3px', padding: '0 3px' },
});

type Show = 'open' | 'all';

export function ReviewPage() {
  const s = useStyles();
  const info = useAppInfo();
  const [show, setShow] = useState<Show>('open');
  const [settlementId, setSettlementId] = useState<string | undefined>(undefined);
  const filter = { ...(show === 'open' ? { state: 'open' as const } : {}), ...(settlementId ? { settlementId } : {}) };
  const queue = useReviewQueue(filter);
  const connectionId = queue.data?.connectionId ?? '';
  const reference = useReferenceData(connectionId);
  const items: ReviewItemView[] = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const [selected, setSelected] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);

  // After a fix the item leaves the open queue: keep the selection at the same place in the list.
  const [lastIndex, setLastIndex] = useState(0);
  useEffect(() => {
    const order = [...items.filter((i) => i.severity === 'blocking'), ...items.filter((i) => i.severity === 'warning')];
    const at = order.findIndex((i) => i.id === selected);
    if (at >= 0) setLastIndex(at);
    else if (order.length) setSelected(order[Math.min(lastIndex, order.length - 1)]!.id);
    else setSelected(null);
  }, [items, selected, lastIndex]);

  const settlements = queue.data?.settlements ?? [];
  const blocking = items.filter((i) => i.severity === 'blocking' && i.state === 'open').length;
  const warnings = items.filter((i) => i.severity === 'warning' && i.state === 'open').length;

  return (
    <>
      <PageHeader
        title="Review"
        hint={`Everything that stops or should worry a posting, across settlements${queue.data?.connectionName ? `, checked against ${queue.data.connectionName}` : ''}. Blocking items must be resolved and warnings acknowledged before a settlement can be approved.`}
      />
      <ErrorBar error={queue.error} />
      {queue.isLoading && <Spinner size="small" label="Checking settlements…" />}
      {queue.data && settlements.length === 0 && (
        <div className={s.empty}>
          <Text size={400} weight="semibold" block>Nothing to review yet</Text>
          <Text block>Import a settlement report under Settlements; its problems show up here.</Text>
        </div>
      )}
      <SettlementApprovals settlements={settlements} osUser={info.data?.osUser ?? 'you'} connectionId={queue.data?.connectionId ?? undefined} filter={settlementId} onFilter={setSettlementId} />
      {settlements.length > 0 && (
        <>
          <div className={s.bar}>
            <Field label="Show" size="small">
              <Select size="small" value={show} onChange={(_, d) => setShow(d.value as Show)} aria-label="Show">
                <option value="open">Open items</option>
                <option value="all">All items, with their resolutions</option>
              </Select>
            </Field>
            <Text size={200} aria-live="polite" data-testid="queue-counts">
              {blocking} blocking · {warnings} warning{warnings === 1 ? '' : 's'} open{settlementId ? ` in settlement ${settlementId}` : ''}
            </Text>
            <Text className={s.hint}>
              <span className={s.kbd}>↑</span> <span className={s.kbd}>↓</span> or <span className={s.kbd}>j</span> <span className={s.kbd}>k</span> move ·{' '}
              <span className={s.kbd}>Enter</span> fixes · <span className={s.kbd}>Esc</span> closes
            </Text>
          </div>
          {queue.data && items.length === 0 && (
            <div className={s.empty}>
              <Text weight="semibold" block>{show === 'open' ? 'Nothing open' : 'No items'}</Text>
              <Text block>{show === 'open' ? 'Every problem is resolved: settlements marked ready can be approved above.' : 'The checks found nothing.'}</Text>
            </div>
          )}
          <ReviewQueueTable
            items={items}
            selected={selected}
            onSelect={setSelected}
            openId={openId}
            onOpen={setOpenId}
            connectionId={queue.data?.connectionId ?? null}
            connectionName={queue.data?.connectionName ?? 'the ERP'}
            reference={reference.data}
          />
        </>
      )}
    </>
  );
}
