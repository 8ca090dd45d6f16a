import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { VersionStatusView } from '../../../core/api/calls/review';
import { call } from '../../api/client';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '90vw' },
  table: { tableLayout: 'fixed', marginTop: '8px' },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  skip: { color: tokens.colorPaletteMarigoldForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  done: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  facts: { margin: '8px 0 0', paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
});

type Outcome = { ok: true } | { ok: false; message: string };

/** Why a settlement in the selection cannot be approved now, in the words of the approvals table. */
function cannotApprove(s: VersionStatusView): string | null {
  if (s.status === 'superseded') return 'a re-issued version replaces it';
  if (s.approval) return 'already approved';
  if (s.status !== 'ready') return `${s.openBlocking} blocking, ${s.openWarnings} warning${s.openWarnings === 1 ? '' : 's'} to resolve first`;
  return null;
}

/**
 * Approves several settlements after one confirmation that lists them. Each approval is its own call,
 * bound to the digest of the journal shown here and checked by the review policy on its own (separate
 * approver, open items); one that is refused is reported with the reason, the others go on.
 */
export function BulkApproveDialog({ settlements, osUser, connectionId, onClose }: {
  settlements: VersionStatusView[];
  osUser: string;
  connectionId: string | undefined;
  onClose: () => void;
}) {
  const c = useStyles();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [running, setRunning] = useState(false);
  const [outcomes, setOutcomes] = useState<Map<number, Outcome> | null>(null);
  const previews = useQueries({
    queries: settlements.map((s) => ({
      queryKey: ['review', 'status', s.settlementId, connectionId],
      queryFn: () => call('review.status', { settlementId: s.settlementId, ...(connectionId ? { connectionId } : {}) }),
      enabled: cannotApprove(s) === null,
      // As in the single approval: the journal as it stands when the confirmation opens.
      gcTime: 0,
      refetchOnMount: 'always' as const,
    })),
  });
  const rows = settlements.map((s, i) => ({ s, skip: cannotApprove(s), preview: previews[i]! }));
  const approvable = rows.filter((r) => r.skip === null);
  const loading = approvable.some((r) => r.preview.isLoading);

  const approveAll = async () => {
    setRunning(true);
    const result = new Map<number, Outcome>();
    for (const r of approvable) {
      const digest = r.preview.data?.digest;
      if (!digest) {
        result.set(r.s.versionId, { ok: false, message: r.preview.error instanceof Error ? r.preview.error.message : 'its journal could not be read' });
        continue;
      }
      try {
        await call('review.approve', { versionId: r.s.versionId, digest, ...(connectionId ? { connectionId } : {}), ...(note.trim() ? { note } : {}) });
        result.set(r.s.versionId, { ok: true });
      } catch (e) {
        result.set(r.s.versionId, { ok: false, message: e instanceof Error ? e.message : String(e) });
      }
      setOutcomes(new Map(result));
    }
    setOutcomes(result);
    setRunning(false);
    await Promise.all([qc.invalidateQueries({ queryKey: ['review'] }), qc.invalidateQueries({ queryKey: ['settlements'] })]);
  };

  const approved = outcomes ? [...outcomes.values()].filter((o) => o.ok).length : 0;
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !running && onClose()}>
      <DialogSurface aria-label="Approve the selected settlements" className={c.surface}>
        <DialogBody>
          <DialogTitle>Approve {approvable.length} settlement{approvable.length === 1 ? '' : 's'} for posting?</DialogTitle>
          <DialogContent>
            <Text block>Each settlement is approved on its own, bound to exactly the journal listed here. Open each one from Settlements to read its journal line by line.</Text>
            <Table size="extra-small" aria-label="Settlements in this approval" className={c.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '124px' }}>Settlement</TableHeaderCell>
                  <TableHeaderCell style={{ width: '190px' }}>Period</TableHeaderCell>
                  <TableHeaderCell style={{ width: '110px' }}>Documents</TableHeaderCell>
                  <TableHeaderCell style={{ width: '120px' }} className={c.numCell}>Deposit</TableHeaderCell>
                  <TableHeaderCell>Outcome</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map(({ s, skip, preview }) => {
                  const p = preview.data?.preview;
                  const outcome = outcomes?.get(s.versionId);
                  return (
                    <TableRow key={s.versionId} data-testid={`bulk-${s.settlementId}`}>
                      <TableCell className={c.mono}>{s.settlementId}{s.version > 1 ? ` v${s.version}` : ''}</TableCell>
                      <TableCell><DateText iso={s.startDate} /> – <DateText iso={s.endDate} /></TableCell>
                      <TableCell>{p ? `${p.documents} (${p.periods.join(', ')})` : skip ? '' : <Spinner size="extra-tiny" />}</TableCell>
                      <TableCell className={c.numCell}>{p ? <Amount minor={p.deposit} currency={s.currency} /> : <Amount minor={s.totalAmount} currency={s.currency} />}</TableCell>
                      <TableCell data-testid="bulk-outcome">
                        {skip ? <span className={c.skip}>Skipped: {skip}</span>
                          : outcome?.ok ? <span className={c.done}>Approved</span>
                            : outcome ? <span className={c.failed}>Not approved: {outcome.message}</span>
                              : preview.error ? <span className={c.failed}>Not approved: {preview.error instanceof Error ? preview.error.message : 'its journal could not be read'}</span>
                                : 'Will be approved'}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <ul className={c.facts}>
              <li>Each approval is recorded under your name, <b>{osUser}</b>, with the time, in the audit log, and the workspace's review controls apply to each one.</li>
              <li>An approval holds for its journal only: a later change to a rule, a review decision or the ERP data withdraws it with the reason.</li>
              <li>Posting is its own step; until then an approval can be revoked with a reason.</li>
            </ul>
            <Field label="Note for every approval (optional)" size="small" style={{ marginTop: 8 }}>
              <Input size="small" value={note} onChange={(_, d) => setNote(d.value)} aria-label="Approval note" disabled={running || outcomes !== null} />
            </Field>
            {outcomes && !running && (
              <Text block role="status" style={{ marginTop: 8 }} data-testid="bulk-summary">
                {approved} of {approvable.length} approved{rows.length > approvable.length ? `, ${rows.length - approvable.length} skipped` : ''}.
              </Text>
            )}
          </DialogContent>
          <DialogActions>
            {outcomes ? (
              <Button appearance="primary" disabled={running} onClick={onClose}>Close</Button>
            ) : (
              <>
                <Button appearance="secondary" onClick={onClose}>Cancel</Button>
                <Button appearance="primary" disabled={!approvable.length || loading || running} onClick={() => void approveAll()}>
                  {running ? 'Approving…' : `Approve ${approvable.length} for posting`}
                </Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
