import {
  Badge, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { SettlementStatus, VersionStatusView } from '../../../core/api/calls/review';
import { ErrorBar } from '../../components/ErrorBar';
import { dimensionsText } from '../../components/LedgerNames';
import { localDateTime } from '../../components/format';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { BulkApproveDialog } from './BulkApproveDialog';
import { useApprovalPreview, useApprove, useRevoke } from './review-hooks';

const useStyles = makeStyles({
  table: { tableLayout: 'fixed', marginBottom: '12px' },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  red: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  amber: { color: tokens.colorPaletteMarigoldForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  facts: { margin: '8px 0 0', paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
  surface: { maxWidth: '860px', width: '90vw' },
  journal: { maxHeight: '46vh', overflowY: 'auto', marginTop: '8px', display: 'flex', flexDirection: 'column', gap: '10px' },
  docHead: { display: 'flex', gap: '12px', alignItems: 'baseline', fontWeight: tokens.fontWeightSemibold },
  accountName: { color: tokens.colorNeutralForeground3, marginLeft: '6px' },
  unmapped: { color: tokens.colorPaletteRedForeground1, fontStyle: 'italic' },
  totals: { fontWeight: tokens.fontWeightSemibold, borderTop: `2px solid ${tokens.colorNeutralStroke1}` },
  bulkBar: { display: 'flex', gap: '8px', alignItems: 'center', marginBottom: '4px' },
  withdrawn: { color: tokens.colorPaletteMarigoldForeground1, fontSize: tokens.fontSizeBase200, whiteSpace: 'normal', display: 'block', padding: '2px 0 6px' },
});

const STATUS: Record<SettlementStatus, { label: string; color: 'danger' | 'warning' | 'success' | 'informative' | 'brand' | 'subtle' }> = {
  imported: { label: 'imported', color: 'informative' },
  'needs-review': { label: 'needs review', color: 'warning' },
  ready: { label: 'ready', color: 'success' },
  approved: { label: 'approved', color: 'brand' },
  posting: { label: 'posting', color: 'informative' },
  posted: { label: 'posted', color: 'success' },
  failed: { label: 'failed', color: 'danger' },
  superseded: { label: 'superseded', color: 'subtle' },
};

export function StatusBadge({ status }: { status: SettlementStatus }) {
  const st = STATUS[status];
  // The subtle tint is too pale to read: a superseded version shows an outline badge in the body colour.
  return status === 'superseded'
    ? <Badge appearance="outline" color="informative" data-testid="settlement-status" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{st.label}</Badge>
    : <Badge appearance="tint" color={st.color} data-testid="settlement-status" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{st.label}</Badge>;
}

type ApprovalPreview = NonNullable<ReturnType<typeof useApprovalPreview>['data']>['preview'];

/** The journal being approved, document by document: every account with its name in the ERP, and the amounts. */
function JournalBeingApproved({ p }: { p: ApprovalPreview }) {
  const c = useStyles();
  return (
    <div className={c.journal} data-testid="approval-journal">
      {p.journal.map((d) => {
        // Four amount columns when the journal is converted: narrower, so the description keeps its room.
        const amountWidth = d.conversion ? '96px' : '120px';
        return (
        <section key={`${d.period}-${d.currency}`} aria-label={`Journal for period ${d.period}`}>
          <div className={c.docHead}>
            <span>Period {d.period}</span>
            <span>{d.currency}</span>
            <span>posts on <DateText iso={`${d.postingDate.slice(0, 10)}T00:00:00Z`} /></span>
            {d.conversion && (
              <span data-testid="approval-conversion">
                posts in {d.conversion.currency} at the ERP's rate 1 {d.currency} = {d.conversion.rate} {d.conversion.currency} (starting <DateText iso={`${d.conversion.rateStartingDate}T00:00:00Z`} />)
              </span>
            )}
          </div>
          <Table size="extra-small" aria-label={`Journal lines for period ${d.period}`} className={c.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: d.conversion ? '27%' : '38%' }}>Account</TableHeaderCell>
                <TableHeaderCell>Description</TableHeaderCell>
                <TableHeaderCell style={{ width: amountWidth }} className={c.numCell}>Debit</TableHeaderCell>
                <TableHeaderCell style={{ width: amountWidth }} className={c.numCell}>Credit</TableHeaderCell>
                {d.conversion && <TableHeaderCell style={{ width: amountWidth }} className={c.numCell}>Debit {d.conversion.currency}</TableHeaderCell>}
                {d.conversion && <TableHeaderCell style={{ width: amountWidth }} className={c.numCell}>Credit {d.conversion.currency}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.lines.map((l, i) => (
                <TableRow key={i}>
                  <TableCell className={c.nowrap} title={dimensionsText(l.dimensions, p.names) || undefined}>
                    {l.account ? <><span className={c.mono}>{l.account}</span><span className={c.accountName}>{l.accountName ?? 'not in the chart of accounts'}</span></> : <span className={c.unmapped}>unmapped</span>}
                  </TableCell>
                  <TableCell className={c.nowrap}>{l.description}</TableCell>
                  <TableCell className={c.numCell}>{l.debit ? <Amount minor={l.debit} currency={d.currency} /> : null}</TableCell>
                  <TableCell className={c.numCell}>{l.credit ? <Amount minor={l.credit} currency={d.currency} /> : null}</TableCell>
                  {d.conversion && <TableCell className={c.numCell}>{l.converted?.debit ? <Amount minor={l.converted.debit} currency={d.conversion.currency} /> : null}</TableCell>}
                  {d.conversion && <TableCell className={c.numCell}>{l.converted?.credit ? <Amount minor={l.converted.credit} currency={d.conversion.currency} /> : null}</TableCell>}
                </TableRow>
              ))}
              <TableRow className={c.totals}>
                <TableCell />
                <TableCell>Total</TableCell>
                <TableCell className={c.numCell}><Amount minor={d.totalDebit} currency={d.currency} /></TableCell>
                <TableCell className={c.numCell}><Amount minor={d.totalCredit} currency={d.currency} /></TableCell>
                {d.conversion && <TableCell className={c.numCell}><Amount minor={d.conversion.totalDebit} currency={d.conversion.currency} /></TableCell>}
                {d.conversion && <TableCell className={c.numCell}><Amount minor={d.conversion.totalCredit} currency={d.conversion.currency} /></TableCell>}
              </TableRow>
            </TableBody>
          </Table>
        </section>
        );
      })}
    </div>
  );
}

function ApproveDialog({ s, osUser, connectionId, onClose }: { s: VersionStatusView; osUser: string; connectionId: string | undefined; onClose: () => void }) {
  const c = useStyles();
  const preview = useApprovalPreview(s.settlementId, connectionId);
  const approve = useApprove();
  const [note, setNote] = useState('');
  const p = preview.data?.preview;
  const digest = preview.data?.digest;
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-label={`Approve settlement ${s.settlementId}`} className={c.surface}>
        <DialogBody>
          <DialogTitle>Approve settlement {s.settlementId}{s.version > 1 ? ` version ${s.version}` : ''} for posting?</DialogTitle>
          <DialogContent>
            {preview.isLoading && <Spinner size="tiny" label="Reading the journal…" />}
            <ErrorBar error={preview.error} />
            {p && (
              <>
                <Text block>
                  You approve exactly this journal{p.connection ? <> for <b>{p.connection.name}</b></> : null}: {p.documents} document{p.documents === 1 ? '' : 's'} ({p.periods.join(', ')}) in {s.currency},
                  deposit <Amount minor={p.deposit} currency={s.currency} /> to clearing account {p.clearingAccount ?? '—'}.
                </Text>
                <JournalBeingApproved p={p} />
                <ul className={c.facts}>
                  {p.variance && <li>It includes an accepted variance of <Amount minor={p.variance.amount} currency={s.currency} /> to account {p.variance.account}.</li>}
                  {p.excludedLines > 0 && <li>{p.excludedLines} excluded line{p.excludedLines === 1 ? ' is' : 's are'} left out.</li>}
                  <li>The approval is recorded under your name, <b>{osUser}</b>, with the time, in the audit log.</li>
                  <li>It holds for this journal only: if a mapping rule, a review decision or the ERP data changes it, or a new item opens, the approval is withdrawn and the reason shown.</li>
                  <li>Only approved settlements post to the ERP; posting is its own step. Until then the approval can be revoked with a reason.</li>
                </ul>
              </>
            )}
            <Field label="Note (optional)" size="small" style={{ marginTop: 8 }}>
              <Input size="small" value={note} onChange={(_, d) => setNote(d.value)} aria-label="Approval note" />
            </Field>
            <ErrorBar error={approve.error} title="Not approved" />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={!p || !digest || approve.isPending || preview.isFetching}
              onClick={() => approve.mutate({ versionId: s.versionId, ...(connectionId ? { connectionId } : {}), ...(note.trim() ? { note } : {}), ...(digest ? { digest } : {}) }, { onSuccess: onClose })}
            >
              Approve for posting
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RevokeDialog({ s, onClose }: { s: VersionStatusView; onClose: () => void }) {
  const revoke = useRevoke();
  const [reason, setReason] = useState('');
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-label={`Revoke the approval of settlement ${s.settlementId}`}>
        <DialogBody>
          <DialogTitle>Revoke the approval of settlement {s.settlementId}?</DialogTitle>
          <DialogContent>
            <Text block>
              Approved by {s.approval?.approvedBy} at {s.approval ? localDateTime(s.approval.approvedAt).text : ''}. Revoking stops it from posting until it is
              approved again; the reason is kept in the audit log.
            </Text>
            <Field label="Reason" required size="small" style={{ marginTop: 8 }}>
              <Input size="small" value={reason} onChange={(_, d) => setReason(d.value)} aria-label="Reason for revoking" />
            </Field>
            <ErrorBar error={revoke.error} title="Not revoked" />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>Keep the approval</Button>
            <Button appearance="primary" disabled={!reason.trim() || revoke.isPending} onClick={() => revoke.mutate({ versionId: s.versionId, reason }, { onSuccess: onClose })}>
              Revoke approval
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** One row per settlement version: where it stands, what is still open, and its Approve (or Revoke) button. */
export function SettlementApprovals({ settlements, osUser, connectionId, filter, onFilter }: {
  settlements: VersionStatusView[];
  osUser: string;
  connectionId: string | undefined;
  filter: string | undefined;
  onFilter: (settlementId: string | undefined) => void;
}) {
  const c = useStyles();
  const [approving, setApproving] = useState<VersionStatusView | null>(null);
  const [revoking, setRevoking] = useState<VersionStatusView | null>(null);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [bulk, setBulk] = useState<VersionStatusView[] | null>(null);
  if (!settlements.length) return null;
  const pickable = settlements.filter((s) => s.status !== 'superseded' && !s.approval);
  const selected = pickable.filter((s) => picked.has(s.versionId));
  const toggle = (id: number, on: boolean) => setPicked((prev) => { const next = new Set(prev); if (on) next.add(id); else next.delete(id); return next; });
  const allReady = pickable.filter((s) => s.status === 'ready');
  return (
    <>
      {pickable.length > 1 && (
        <div className={c.bulkBar}>
          <Button size="small" appearance="primary" disabled={!selected.length} onClick={() => setBulk(selected)}>
            Approve selected ({selected.length})…
          </Button>
          <Button size="small" appearance="subtle" disabled={!allReady.length} onClick={() => setPicked(new Set(allReady.map((s) => s.versionId)))}>
            Select all ready ({allReady.length})
          </Button>
        </div>
      )}
      <Table size="extra-small" aria-label="Settlements to approve" className={c.table}>
        <TableHeader>
          <TableRow>
            {/* Each width is the content's; the cells' own padding comes on top, so at 1280 px the columns
                add up to less than the page and "Approved by" keeps room for a name. */}
            <TableHeaderCell style={{ width: '36px' }} aria-label="Select" />
            <TableHeaderCell style={{ width: '104px' }}>Settlement</TableHeaderCell>
            <TableHeaderCell style={{ width: '160px' }}>Period</TableHeaderCell>
            <TableHeaderCell style={{ width: '96px' }} className={c.numCell}>Declared total</TableHeaderCell>
            <TableHeaderCell style={{ width: '64px' }} className={c.numCell}>Blocking</TableHeaderCell>
            <TableHeaderCell style={{ width: '68px' }} className={c.numCell}>Warnings</TableHeaderCell>
            <TableHeaderCell style={{ width: '110px' }}>Status</TableHeaderCell>
            <TableHeaderCell className={c.nowrap}>Approved by</TableHeaderCell>
            <TableHeaderCell style={{ width: '150px' }} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {settlements.map((s) => {
            const blocked = s.openBlocking > 0 || s.openWarnings > 0;
            const why = s.status === 'superseded' ? 'A re-issued version replaces this one' : blocked ? `${s.openBlocking} blocking, ${s.openWarnings} warning${s.openWarnings === 1 ? '' : 's'} to resolve first` : 'Nothing blocks: ready to approve';
            return [
              <TableRow key={s.versionId} data-testid={`settlement-${s.settlementId}${s.current ? '' : `-v${s.version}`}`}>
                <TableCell>
                  {s.status !== 'superseded' && !s.approval && (
                    <Checkbox aria-label={`Select settlement ${s.settlementId}`} checked={picked.has(s.versionId)} onChange={(_, d) => toggle(s.versionId, d.checked === true)} />
                  )}
                </TableCell>
                <TableCell className={c.mono}>{s.settlementId}{s.version > 1 ? ` v${s.version}` : ''}</TableCell>
                <TableCell className={c.nowrap}><DateText iso={s.startDate} /> – <DateText iso={s.endDate} /></TableCell>
                <TableCell className={c.numCell}><Amount minor={s.totalAmount} currency={s.currency} /></TableCell>
                <TableCell className={c.numCell}><span className={s.openBlocking ? c.red : c.muted}>{s.openBlocking}</span></TableCell>
                <TableCell className={c.numCell}><span className={s.openWarnings ? c.amber : c.muted}>{s.openWarnings}</span></TableCell>
                <TableCell><StatusBadge status={s.status} /></TableCell>
                <TableCell className={c.nowrap}>
                  {s.approval ? (
                    <span title={`${s.approval.approvedBy}, ${localDateTime(s.approval.approvedAt).text} (${localDateTime(s.approval.approvedAt).title})`} data-testid="approved-by">{s.approval.approvedBy}, <DateText iso={s.approval.approvedAt} /></span>
                  ) : s.withdrawal ? <span className={c.amber} title="The approval was withdrawn; see why below">withdrawn</span> : <span className={c.muted}>—</span>}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {s.approval && s.status === 'approved' ? (
                    <Button size="small" onClick={() => setRevoking(s)}>Revoke…</Button>
                  ) : s.status !== 'superseded' && !s.approval ? (
                    <Button size="small" appearance="primary" disabled={s.status !== 'ready'} title={why} onClick={() => setApproving(s)}>Approve…</Button>
                  ) : null}
                  <Button size="small" appearance="subtle" aria-pressed={filter === s.settlementId} onClick={() => onFilter(filter === s.settlementId ? undefined : s.settlementId)}>
                    {filter === s.settlementId ? 'All items' : 'Its items'}
                  </Button>
                </TableCell>
              </TableRow>,
              s.withdrawal && (
                <TableRow key={`${s.versionId}-withdrawn`} data-testid={`withdrawn-${s.settlementId}`}>
                  <TableCell colSpan={9}>
                    <span className={c.withdrawn} data-testid="approval-withdrawn">
                      <b>Approval by {s.withdrawal.approvedBy} withdrawn</b> at <DateText iso={s.withdrawal.withdrawnAt} />: {s.withdrawal.reason}
                    </span>
                  </TableCell>
                </TableRow>
              ),
            ];
          })}
        </TableBody>
      </Table>
      {approving && <ApproveDialog s={approving} osUser={osUser} connectionId={connectionId} onClose={() => setApproving(null)} />}
      {bulk && <BulkApproveDialog settlements={bulk} osUser={osUser} connectionId={connectionId} onClose={() => { setBulk(null); setPicked(new Set()); }} />}
      {revoking && <RevokeDialog s={revoking} onClose={() => setRevoking(null)} />}
    </>
  );
}
