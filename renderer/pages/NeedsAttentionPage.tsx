import {
  Badge, Button, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { useFlowActivity, useHeldRecords, useRetry, useRetryAll } from './attention/attention-hooks';
import { MapReturnCode } from './attention/MapReturnCode';
import { McfOrders } from './attention/McfOrders';
import { ReturnsToErp } from './attention/ReturnsToErp';
import { DateText } from './settlements/format';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '1180px' },
  filters: { display: 'flex', gap: '8px', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', flexDirection: 'column', gap: '6px', alignItems: 'flex-start' },
  empty: { padding: '24px 0' },
});

/** The flow filter lives in the address (#/attention/<flow>), so the Dashboard links straight to one flow. */
function useFlowFilter(): [string | null, (flow: string | null) => void] {
  const read = () => decodeURIComponent(window.location.hash.replace(/^#\/?/, '').split('/')[1] ?? '') || null;
  const [flow, setFlow] = useState(read);
  useEffect(() => {
    const onChange = () => setFlow(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [flow, (f) => (window.location.hash = f ? `#/attention/${encodeURIComponent(f)}` : '#/attention')];
}

const OUTCOME_WORDS = { resolved: 'went through and left the list', failed: 'failed again', busy: 'is being retried right now', gone: 'was no longer held', 'no-handler': 'has no flow to retry it' } as const;

export function NeedsAttentionPage() {
  const s = useStyles();
  const [flow, setFlow] = useFlowFilter();
  const flows = useFlowActivity();
  const held = useHeldRecords(flow);
  const retry = useRetry();
  const retryAll = useRetryAll();
  const rows = held.data ?? [];
  const all = retryAll.data;
  return (
    <div className={s.page}>
      <PageHeader
        title="Needs attention"
        hint="Records a flow could not get through, with what the other system said and what would fix it. Nothing here is dropped: fix the cause, then retry."
        actions={
          <Button appearance="primary" disabled={rows.length === 0 || retryAll.isPending} onClick={() => { retry.reset(); retryAll.mutate(flow); }}>
            {retryAll.isPending ? 'Retrying…' : flow ? 'Retry all of this flow' : 'Retry all'}
          </Button>
        }
      />
      <div className={s.filters}>
        <Text>Flow</Text>
        <Select aria-label="Flow" value={flow ?? ''} onChange={(_, d) => setFlow(d.value || null)}>
          <option value="">All flows</option>
          {(flows.data ?? []).map((f) => <option key={f.flow} value={f.flow}>{f.label} ({f.failed})</option>)}
        </Select>
      </div>
      {(!flow || flow === 'fba-returns') && <ReturnsToErp />}
      {(!flow || flow === 'mcf') && <McfOrders />}
      {retryAll.isPending && <ProgressBar value={retryAll.progress?.total ? retryAll.progress.done / retryAll.progress.total : undefined} />}
      <ErrorBar error={held.error ?? flows.error} />
      <ErrorBar error={retry.error ?? retryAll.error} title="The retry did not run" />
      {retry.data && (
        <MessageBar intent={retry.data.outcome === 'resolved' ? 'success' : 'warning'} data-testid="retry-outcome">
          <MessageBarBody>The record {OUTCOME_WORDS[retry.data.outcome]}{retry.data.error ? `: ${retry.data.error}` : '.'}</MessageBarBody>
        </MessageBar>
      )}
      {all && (
        <MessageBar intent={all.every((r) => r.outcome === 'resolved') ? 'success' : 'warning'} data-testid="retry-all-outcome">
          <MessageBarBody>
            {all.filter((r) => r.outcome === 'resolved').length} of {all.length} went through; {all.filter((r) => r.outcome === 'failed').length} failed again.
          </MessageBarBody>
        </MessageBar>
      )}
      {held.isLoading && <Spinner size="small" label="Reading what is held…" />}
      {held.data && rows.length === 0 && (
        <Text className={s.empty}>
          Nothing needs attention{flow ? ' in this flow' : ''}. When a record cannot go through (an unmapped code, an ERP that refused it), it waits here with what would fix it.
        </Text>
      )}
      {rows.length > 0 && (
        <Table size="small" aria-label="Held records">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '11%' }}>Flow</TableHeaderCell>
              <TableHeaderCell style={{ width: '25%' }}>Record</TableHeaderCell>
              <TableHeaderCell style={{ width: '19%' }}>What went wrong</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>What would fix it</TableHeaderCell>
              <TableHeaderCell>Fix and retry</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} data-record={r.recordKey}>
                <TableCell>
                  <Text block>{r.flowLabel}</Text>
                  {r.state === 'retrying' && <Badge appearance="tint" color="informative">retrying</Badge>}
                </TableCell>
                <TableCell>
                  <Text block>{r.summary}</Text>
                  <Text size={200} className={s.muted}>held since <DateText iso={r.createdAt} withTime />{r.attempts ? ` · ${r.attempts} ${r.attempts === 1 ? 'retry' : 'retries'}` : ''}</Text>
                </TableCell>
                <TableCell><Text className={s.error}>{r.error}</Text></TableCell>
                <TableCell><Text size={200}>{r.fix}</Text></TableCell>
                <TableCell>
                  <div className={s.actions}>
                    {r.fixAction?.kind === 'map-return-reason' && <MapReturnCode action={r.fixAction} />}
                    {r.fixAction?.kind === 'map-order-charges' && (
                      <Button size="small" appearance="primary" onClick={() => { window.location.hash = `#/orders/charges/${encodeURIComponent(r.fixAction?.params.connectionId ?? '')}`; }}>{r.fixAction.label}</Button>
                    )}
                    <Button size="small" disabled={r.state !== 'open' || (retry.isPending && retry.variables === r.id)} onClick={() => retry.mutate(r.id)}>
                      {retry.isPending && retry.variables === r.id ? 'Retrying…' : 'Retry'}
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
