import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar, MessageBarBody, ProgressBar,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import type { StarterChartView } from '../../../core/api/calls/mappings';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';
import { ErrorBar } from '../../components/ErrorBar';

const useStyles = makeStyles({
  surface: { maxWidth: '1040px', width: '94vw' },
  table: { tableLayout: 'fixed', marginBottom: '12px' },
  number: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  muted: { color: tokens.colorNeutralForeground3 },
  uses: { fontSize: tokens.fontSizeBase200 },
  progress: { display: 'flex', gap: '8px', alignItems: 'center', marginTop: '8px' },
});

const KIND_TEXT: Record<StarterChartView['accounts'][number]['kind'], string> = { asset: 'Asset', liability: 'Liability', income: 'Income', expense: 'Expense' };

/**
 * The starter chart as a confirmation: each account with whether it exists in the ERP or will be created,
 * and what it will be mapped to; the user's own rules are named as kept. Confirmed, it is one step.
 */
export function StarterChartDialog({ connectionId, erpName, onClose }: { connectionId: string; erpName: string; onClose: () => void }) {
  const s = useStyles();
  const plan = useQuery({ queryKey: ['mappings', connectionId, 'starterChart'], queryFn: () => call('mappings.starterChart', { connectionId }) });
  const create = useLongCall((_: void, cid) => call('mappings.createStarterChart', { connectionId }, cid), [['mappings', connectionId], ['settlements'], ['review'], ['reports']]);
  const p = plan.data;
  const toCreate = p?.accounts.filter((a) => !a.existing) ?? [];
  const toMap = p?.rules.filter((r) => r.state === 'new') ?? [];
  const kept = p?.rules.filter((r) => r.state === 'kept') ?? [];
  const nothing = !!p && toCreate.length === 0 && toMap.length === 0;
  const blocked = !!p && !p.canCreate && toCreate.length > 0;
  const confirm = toCreate.length ? `Create ${toCreate.length} account${toCreate.length === 1 ? '' : 's'} and map ${toMap.length} rule${toMap.length === 1 ? '' : 's'}` : `Map ${toMap.length} rule${toMap.length === 1 ? '' : 's'}`;
  const done = create.data;

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !create.isPending && onClose()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Starter accounts for an Amazon seller in {erpName}</DialogTitle>
          <DialogContent>
            <ErrorBar error={plan.error} />
            {p && !p.available && <p>There is no starter chart for this ERP.</p>}
            {p?.available && (
              <>
                <p>
                  {nothing ? `Every account exists in ${erpName} and is mapped: there is nothing to do.` : <>
                  {toCreate.length
                    ? `${toCreate.length} account${toCreate.length === 1 ? ' is' : 's are'} created in ${erpName}; the others exist there already and are used as they are. `
                    : `Every account exists in ${erpName} already; none is created. `}
                  Rules are added only where no rule maps yet{kept.length ? `: your ${kept.length} own rule${kept.length === 1 ? '' : 's'} stay as they are` : ''}.
                  </>}
                  {kept.length > 0 && nothing && ` Your ${kept.length} own rule${kept.length === 1 ? '' : 's'} stay as they are.`}
                </p>
                {blocked && (
                  <MessageBar intent="warning"><MessageBarBody>The app cannot create accounts in {erpName}: create the accounts marked “to create” there, refresh the ERP data, then map them.</MessageBarBody></MessageBar>
                )}
                <Table size="small" className={s.table} aria-label="Starter accounts">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '17ch' }}>Account</TableHeaderCell>
                      <TableHeaderCell style={{ width: '26ch' }}>Name</TableHeaderCell>
                      <TableHeaderCell style={{ width: '15ch' }}>Kind</TableHeaderCell>
                      <TableHeaderCell style={{ width: '13ch' }} title={`In ${erpName}`}>In the ERP</TableHeaderCell>
                      <TableHeaderCell>What it is mapped to</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {p.accounts.map((a) => {
                      const uses = p.rules.filter((r) => r.account === a.number);
                      return (
                        <TableRow key={a.number}>
                          <TableCell className={s.number}>{a.number}</TableCell>
                          <TableCell>{a.existing ? a.existing.name : a.name}</TableCell>
                          <TableCell>{KIND_TEXT[a.kind]}</TableCell>
                          <TableCell>{a.existing ? (a.existing.postable ? 'exists' : 'exists, cannot be posted to') : <Text weight="semibold">to create</Text>}</TableCell>
                          <TableCell className={s.uses}>
                            {uses.map((r, i) => (
                              <span key={r.label}>
                                {i > 0 && ', '}
                                {r.state === 'kept' ? <span className={s.muted} title={`Your rule maps it to ${r.current}`}>{r.label} (kept: {r.current})</span> : r.label}
                              </span>
                            ))}
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </>
            )}
            {create.isPending && (
              <div className={s.progress}>
                <Text size={200}>{create.progress?.phase ?? `Creating in ${erpName}…`}</Text>
                <ProgressBar value={create.progress?.total ? create.progress.done / create.progress.total : undefined} />
              </div>
            )}
            <ErrorBar error={create.error} title="Not done" />
            {done && (
              <MessageBar intent="success">
                <MessageBarBody>
                  {done.created.length ? `Created ${done.created.join(', ')} in ${erpName}. ` : 'No account needed creating. '}
                  {done.mapped} rule{done.mapped === 1 ? '' : 's'} added{done.kept ? `, ${done.kept} of yours kept` : ''}.
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {!done && (
              <Button appearance="primary" disabled={!p?.available || nothing || blocked || create.isPending} onClick={() => create.mutate()}>
                {nothing ? 'Nothing to do' : confirm}
              </Button>
            )}
            <Button disabled={create.isPending} onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
