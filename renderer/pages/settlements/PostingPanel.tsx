import {
  Badge, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar, MessageBarBody, MessageBarTitle,
  ProgressBar, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import type { OutboxRow, PostingPlan, PostingRunView } from '../../../core/api/calls/posting';
import type { ConnectionView } from '../../../core/api/calls/connections';
import { ErrorBar } from '../../components/ErrorBar';
import { AccountName, dimensionsText, dimensionsTitle } from '../../components/LedgerNames';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { useCancelDocument, useCheckErp, useOutbox, usePostingPlan, usePostSettlement, useReplayDocument, useReverseSuperseded } from './posting-hooks';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', padding: '8px 12px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  progress: { display: 'flex', gap: '8px', alignItems: 'center' },
  progressBar: { flexGrow: 1, maxWidth: '480px' },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  erpNo: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  error: { color: tokens.colorPaletteRedForeground1, whiteSpace: 'pre-wrap' },
  errorRow: { background: tokens.colorPaletteRedBackground1 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content auto', columnGap: '16px', rowGap: '2px' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: '4px', justifyContent: 'flex-end' },
  nowrap: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  heading: { fontWeight: tokens.fontWeightSemibold, margin: '12px 0 2px' },
});

const STATE_COLOR: Record<OutboxRow['state'], 'success' | 'danger' | 'informative' | 'warning' | 'subtle'> = {
  posted: 'success', failed: 'danger', pending: 'informative', posting: 'warning', awaiting: 'warning', cancelled: 'subtle',
};

/** A document's state in the outbox table, short enough for its badge (the row under an awaiting one says the rest). */
const STATE_TEXT: Record<OutboxRow['state'], string> = {
  pending: 'pending', posting: 'posting', awaiting: 'awaiting ERP', posted: 'posted', failed: 'failed', cancelled: 'cancelled',
};

/** A day as the ERP posts it (YYYY-MM-DD), in the user's locale. */
const Day = ({ iso }: { iso: string }) => <DateText iso={`${iso.slice(0, 10)}T00:00:00Z`} />;

function runSummary(r: PostingRunView): string {
  const posted = r.posted.length;
  const parts = posted || !r.failed.length ? [`${posted} ${posted === 1 ? 'document' : 'documents'} posted`] : ['nothing posted'];
  if (r.posted.some((p) => p.alreadyInErp)) parts.push(`${r.posted.filter((p) => p.alreadyInErp).length} found already in the ERP and not posted again`);
  if (r.awaiting.length) parts.push(`${r.awaiting.length} created in the ERP and awaiting posting there`);
  if (r.failed.length) parts.push(`${r.failed.length} ${r.failed.length === 1 ? 'document' : 'documents'} failed (the ERP's error is shown below)`);
  if (r.notReached) parts.push(`${r.notReached} not reached, still waiting`);
  const how = r.outcome === 'cancelled' ? 'Cancelled: ' : r.outcome === 'stopped' ? 'Stopped: ' : '';
  const text = parts.join(', ');
  return `${how || text.charAt(0).toUpperCase()}${how ? text : text.slice(1)} (${(r.durationMs / 1000).toFixed(1)} s).`;
}

/** The outbox state of a document about to be posted, in words. */
function outboxStateText(state: PostingPlan['documents'][number]['outboxState']): string {
  if (state === null) return 'new';
  // Started, and the run never heard back: it may be in the ERP already, so its key is looked up first.
  if (state === 'posting') return 'interrupted, looked up first';
  if (state === 'awaiting') return 'awaiting posting in the ERP';
  return state;
}

interface Reversal { run: () => void; pending: boolean; error: unknown }

function ConfirmPosting({ plan, reversal, onPost, onClose }: { plan: PostingPlan; reversal: Reversal; onPost: () => void; onClose: () => void }) {
  const s = useStyles();
  const reversible = plan.reversible;
  const toPost = plan.documents.filter((d) => d.outboxState === null || d.outboxState === 'pending' || d.outboxState === 'posting');
  const refused = plan.refusals.length > 0;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: '1040px', width: '92vw' }}>
        <DialogBody>
          <DialogTitle>Post settlement {plan.settlementId}{plan.version > 1 ? ` version ${plan.version}` : ''} to {plan.connection.name}?</DialogTitle>
          <DialogContent>
            <div className={s.facts} style={{ marginBottom: 8 }}>
              <span className={s.muted}>ERP connection</span>
              <span data-testid="confirm-connection">{plan.connection.name} · company {plan.connection.company}{plan.connection.localCurrency ? ` · books in ${plan.connection.localCurrency}` : ''}</span>
              <span className={s.muted}>Approved</span>
              <span>{plan.approval ? <>by {plan.approval.approvedBy}, <DateText iso={plan.approval.approvedAt} withTime /></> : 'no'}</span>
            </div>
            {refused ? (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>
                  <MessageBarTitle>This settlement cannot be posted</MessageBarTitle>
                  <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>{plan.refusals.map((r) => <li key={r}>{r}</li>)}</ul>
                  {reversible.length > 0 && (
                    <div className={s.bar} style={{ marginTop: 8 }}>
                      <Button appearance="primary" disabled={reversal.pending} onClick={reversal.run} data-testid="reverse-superseded">
                        {reversal.pending ? 'Reversing…' : `Reverse ${reversible.map((r) => r.erpDocumentNumber).join(', ')} in ${plan.connection.name}`}
                      </Button>
                      <Text size={200}>{plan.connection.name} books a reversing entry for each; this version can be posted after.</Text>
                    </div>
                  )}
                  <ErrorBar error={reversal.error} title="The reversal did not go through" />
                </MessageBarBody>
              </MessageBar>
            ) : (
              <Text block>
                {toPost.length === 0
                  ? 'Every document of this settlement is already in the posting outbox; nothing new will be sent.'
                  : `${toPost.length} journal ${toPost.length === 1 ? 'document' : 'documents'} will be posted, each exactly once: ${plan.connection.name} is asked for the document's key first, so a document already there is recorded, not posted again.`}
              </Text>
            )}
            <Table size="extra-small" aria-label="Documents to post" style={{ marginTop: 8 }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '14%' }}>Document no.</TableHeaderCell>
                  <TableHeaderCell style={{ width: '21%' }}>External document no. (key)</TableHeaderCell>
                  <TableHeaderCell style={{ width: '11%' }}>Posting date</TableHeaderCell>
                  <TableHeaderCell style={{ width: '6%' }} className={s.numCell}>Lines</TableHeaderCell>
                  <TableHeaderCell style={{ width: '12%' }} className={s.numCell}>Debit</TableHeaderCell>
                  <TableHeaderCell style={{ width: '12%' }} className={s.numCell}>Credit</TableHeaderCell>
                  {/* The rest, at least room for "awaiting posting in the ERP as …" on two lines. */}
                  <TableHeaderCell style={{ minWidth: '180px' }}>Outbox</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {plan.documents.map((d) => (
                  <TableRow key={d.naturalKey} data-key={d.naturalKey}>
                    <TableCell className={s.mono}>{d.documentNumber}</TableCell>
                    <TableCell className={s.mono}>{d.naturalKey}</TableCell>
                    <TableCell><Day iso={d.postingDate} /></TableCell>
                    <TableCell className={s.numCell}>{d.lineCount}</TableCell>
                    <TableCell className={s.numCell}><Amount minor={d.totalDebit} currency={d.currency} /></TableCell>
                    <TableCell className={s.numCell}><Amount minor={d.totalCredit} currency={d.currency} /></TableCell>
                    <TableCell>{outboxStateText(d.outboxState)}{d.erpDocumentNumber ? ` as ${d.erpDocumentNumber}` : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {plan.accounts.length > 0 && (
              <>
                <Text block className={s.heading}>What the {plan.documents.length === 1 ? 'document posts' : 'documents post'}, by account</Text>
                <Table size="extra-small" aria-label="Accounts to post">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '38%' }}>Account</TableHeaderCell>
                      <TableHeaderCell>Dimensions</TableHeaderCell>
                      <TableHeaderCell style={{ width: '15%' }} className={s.numCell}>Debit</TableHeaderCell>
                      <TableHeaderCell style={{ width: '15%' }} className={s.numCell}>Credit</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {plan.accounts.map((a) => (
                      <TableRow key={`${a.currency}|${a.account}|${JSON.stringify(a.dimensions)}`} data-account={a.account}>
                        <TableCell className={s.nowrap}><AccountName code={a.account || null} names={plan.names} /></TableCell>
                        <TableCell className={`${s.nowrap} ${s.muted}`} title={dimensionsTitle(a.dimensions, plan.names)}>{dimensionsText(a.dimensions, plan.names) || '—'}</TableCell>
                        <TableCell className={s.numCell}>{a.debit ? <Amount minor={a.debit} currency={a.currency} /> : null}</TableCell>
                        <TableCell className={s.numCell}>{a.credit ? <Amount minor={a.credit} currency={a.currency} /> : null}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>Don't post</Button>
            <Button appearance="primary" disabled={refused || toPost.length === 0} onClick={onPost}>
              {refused ? 'Cannot post' : toPost.length === 0 ? 'Nothing to post' : `Post ${toPost.length} ${toPost.length === 1 ? 'document' : 'documents'}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function failureText(r: OutboxRow): string {
  const e = r.error;
  if (!e) return '';
  const from = [e.httpStatus !== null ? `HTTP ${e.httpStatus}` : null, e.erpCode, e.operation].filter(Boolean).join(' · ');
  const erp = e.erpMessage && e.erpMessage !== e.message ? `\nERP said: ${e.erpMessage}` : '';
  return `${e.message}${erp}${from ? `\n(${from})` : ''}`;
}

function OutboxTable({ rows, busy, erpNames, checking, onReplay, onCancel, onCheck }: {
  rows: OutboxRow[]; busy: boolean; erpNames: ReadonlyMap<string, string>; checking: boolean;
  onReplay: (key: string) => void; onCancel: (row: OutboxRow) => void; onCheck: (connectionId: string) => void;
}) {
  const s = useStyles();
  const erpOf = (r: OutboxRow) => (r.connectionId && erpNames.get(r.connectionId)) || 'the ERP';
  return (
    <Table size="extra-small" aria-label="Posted documents">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '24%' }}>External document no. (key)</TableHeaderCell>
          <TableHeaderCell style={{ width: '12%' }}>Posting date</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }} className={s.numCell} title="Debits equal credits in every document">Debit = credit</TableHeaderCell>
          <TableHeaderCell style={{ width: '12%' }}>State</TableHeaderCell>
          <TableHeaderCell style={{ width: '15%' }}>ERP document no.</TableHeaderCell>
          <TableHeaderCell style={{ width: '7%' }} className={s.numCell}>Attempts</TableHeaderCell>
          <TableHeaderCell />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <Fragment key={r.naturalKey}>
            <TableRow data-key={r.naturalKey} data-state={r.state}>
              <TableCell className={s.mono}>{r.naturalKey}</TableCell>
              <TableCell><Day iso={r.postingDate} /></TableCell>
              <TableCell className={s.numCell}><Amount minor={r.totalDebit} currency={r.currency} /></TableCell>
              <TableCell><Badge appearance="tint" color={STATE_COLOR[r.state]} style={{ whiteSpace: 'nowrap' }}>{STATE_TEXT[r.state]}</Badge></TableCell>
              <TableCell className={s.erpNo} data-testid="erp-document-number">{r.erpDocumentNumber ?? '—'}</TableCell>
              <TableCell className={s.numCell}>{r.attempts}</TableCell>
              <TableCell>
                <div className={s.actions}>
                  {r.state === 'failed' && (
                    <Button size="small" appearance="primary" disabled={busy} onClick={() => onReplay(r.naturalKey)} title="Rebuild this document from the current mappings and post it again">
                      Replay
                    </Button>
                  )}
                  {r.state === 'pending' && (
                    <Button size="small" disabled={busy} onClick={() => onCancel(r)} title="This document will not be posted">Cancel document</Button>
                  )}
                </div>
              </TableCell>
            </TableRow>
            {r.state === 'awaiting' && (
              <TableRow aria-label={`${r.naturalKey} awaits posting in ${erpOf(r)}`}>
                <TableCell colSpan={7}>
                  <div className={s.bar}>
                    <Text size={200} className={`${s.muted} ${s.grow}`} data-testid="awaiting-erp">
                      Awaiting posting in {erpOf(r)} since <DateText iso={r.updatedAt} withTime />: created there as {r.erpDocumentNumber ?? r.naturalKey} but not posted.
                      Post it in {erpOf(r)}; each run of this connection's auto-post job looks it up and records it as posted.
                    </Text>
                    {r.connectionId && (
                      <Button size="small" disabled={busy || checking} onClick={() => onCheck(r.connectionId!)} title={`Ask ${erpOf(r)} now whether it was posted`}>
                        {checking ? 'Checking…' : `Check ${erpOf(r)} now`}
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            )}
            {r.error && (
              <TableRow className={s.errorRow} aria-label={`ERP error of ${r.naturalKey}`}>
                <TableCell colSpan={7}>
                  <Text size={200} block className={s.error} data-testid="erp-error">{failureText(r)}</Text>
                  {r.state === 'failed' && !r.retryable && <Text size={200} block className={s.muted}>Fix the cause (for a mapping: under Mappings), then Replay.</Text>}
                  {r.state === 'failed' && r.retryable && <Text size={200} block className={s.muted}>The ERP could not be reached; Replay when it is back.</Text>}
                </TableCell>
              </TableRow>
            )}
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Posting of the settlement version shown in the preview: the button (only for an approved version),
 * a confirmation of exactly what will be sent, progress with Cancel, and the outbox with the ERP's
 * document numbers, its errors as received, and Replay.
 */
export function PostingPanel(props: {
  settlementId: string; versionId: number; connectionId: string | null; erpConnections: ConnectionView[]; onConnectionChange: (id: string) => void;
}) {
  const s = useStyles();
  const { settlementId, versionId, connectionId, erpConnections } = props;
  const outbox = useOutbox(settlementId, versionId);
  const plan = usePostingPlan();
  const post = usePostSettlement();
  const replay = useReplayDocument();
  const cancelDoc = useCancelDocument();
  const checkErp = useCheckErp();
  const reverse = useReverseSuperseded();
  const [confirming, setConfirming] = useState(false);
  const approval = outbox.data?.approval ?? null;
  const running = post.isPending || replay.isPending;
  const otherRun = !running ? outbox.data?.run ?? null : null;
  const live = post.isPending ? post : replay.isPending ? replay : null;
  const p = live?.progress ?? null;
  const last = replay.data && (!post.data || replay.submittedAt > post.submittedAt) ? replay.data : post.data;
  const connection = erpConnections.find((c) => c.id === connectionId);

  const openConfirm = () => {
    if (!connectionId) return;
    setConfirming(true);
    plan.mutate({ versionId, connectionId });
  };
  const rows = outbox.data?.documents ?? [];
  const unfinished = rows.filter((r) => r.state === 'pending' || r.state === 'posting');

  return (
    <section className={s.section} aria-label="Posting">
      <div className={s.bar}>
        <Text weight="semibold">Posting</Text>
        {erpConnections.length > 1 ? (
          <Select aria-label="ERP connection" size="small" value={connectionId ?? ''} onChange={(_, d) => props.onConnectionChange(d.value)}>
            {erpConnections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </Select>
        ) : (
          <Text>{connection?.name ?? 'no ERP connection'}</Text>
        )}
        <span data-testid="approval-state">
          {approval
            ? <Badge appearance="tint" color="success">approved by {approval.approvedBy}</Badge>
            : <Badge appearance="tint" color="warning">not approved</Badge>}
        </span>
        <span className={s.grow} />
        <Button
          appearance="primary"
          disabled={!approval || !connectionId || running || otherRun !== null}
          title={!approval ? 'Only an approved settlement version can be posted: approve it in the review queue first.' : undefined}
          onClick={openConfirm}
        >
          Post to ERP
        </Button>
      </div>
      {otherRun && (
        <MessageBar intent="info">
          <MessageBarBody>A posting run is working: {otherRun.holder} on {otherRun.host}, {otherRun.purpose}. Posting is possible again when it ends.</MessageBarBody>
        </MessageBar>
      )}
      {!running && !otherRun && unfinished.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="posting-unfinished">
          <MessageBarBody>
            <MessageBarTitle>Posting stopped before it finished</MessageBarTitle>
            {unfinished.length} {unfinished.length === 1 ? 'document is' : 'documents are'} still waiting
            {unfinished.some((r) => r.state === 'posting') ? ' (one was being sent when the run stopped and may already be in the ERP)' : ''}.
            Post to ERP finishes them: the ERP is asked for each document's key first, so none is posted twice.
          </MessageBarBody>
        </MessageBar>
      )}
      {running && (
        <div className={s.progress} role="status">
          <Text size={200}>{p?.phase ?? 'Starting…'}{p?.current ? ` · ${p.current}` : ''}{p?.total ? ` · ${p.done} of ${p.total}` : ''}</Text>
          <ProgressBar className={s.progressBar} aria-label="Posting progress" value={p?.total ? p.done / p.total : undefined} />
          <Button size="small" onClick={() => void live?.cancel()} title="Stops before the next document; a document already started finishes">Cancel</Button>
        </div>
      )}
      <ErrorBar error={post.error} title="Nothing was posted" />
      <ErrorBar error={replay.error} title="The document was not replayed" />
      <ErrorBar error={cancelDoc.error} title="The document was not cancelled" />
      <ErrorBar error={checkErp.error} title="The ERP could not be asked" />
      {checkErp.data && !checkErp.isPending && (
        <MessageBar intent={checkErp.data.posted.length ? 'success' : 'info'} role="status">
          <MessageBarBody data-testid="check-erp-result">
            {checkErp.data.posted.length
              ? `${checkErp.data.posted.length} ${checkErp.data.posted.length === 1 ? 'document was' : 'documents were'} posted there and ${checkErp.data.posted.length === 1 ? 'is' : 'are'} recorded as posted.`
              : 'Not posted there yet.'}
            {checkErp.data.stillAwaiting ? ` ${checkErp.data.stillAwaiting} still ${checkErp.data.stillAwaiting === 1 ? 'waits' : 'wait'} for a person to post ${checkErp.data.stillAwaiting === 1 ? 'it' : 'them'}.` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={outbox.error} />
      {last && !running && (
        <MessageBar intent={last.failed.length ? 'warning' : last.outcome === 'completed' ? 'success' : 'info'} role="status">
          <MessageBarBody data-testid="posting-result">{runSummary(last)}</MessageBarBody>
        </MessageBar>
      )}
      {rows.length > 0 ? (
        <OutboxTable
          rows={rows}
          busy={running}
          erpNames={new Map(erpConnections.map((c) => [c.id, c.name]))}
          checking={checkErp.isPending}
          onCheck={(id) => checkErp.mutate(id)}
          onReplay={(naturalKey) => connectionId && replay.mutate({ naturalKey, connectionId })}
          onCancel={(row) => cancelDoc.mutate({ naturalKey: row.naturalKey, connectionId: row.connectionId })}
        />
      ) : (
        <Text size={200} className={s.muted}>Nothing of this settlement has been posted yet.</Text>
      )}
      {confirming && (
        plan.isPending ? (
          <Dialog open onOpenChange={(_, d) => !d.open && setConfirming(false)}>
            <DialogSurface><DialogBody><DialogContent><Spinner label={`Asking ${connection?.name ?? 'the ERP'} for its company and currency…`} /></DialogContent></DialogBody></DialogSurface>
          </Dialog>
        ) : plan.data ? (
          <ConfirmPosting
            plan={plan.data}
            reversal={{
              pending: reverse.isPending,
              error: reverse.error,
              // Reversed, the plan is asked again: the refusal goes and the new version's documents can be posted.
              run: () => reverse.mutate({ versionId, connectionId: plan.data!.connection.id }, { onSuccess: () => plan.mutate({ versionId, connectionId: plan.data!.connection.id }) }),
            }}
            onClose={() => setConfirming(false)}
            onPost={() => {
              setConfirming(false);
              post.mutate({ versionId, connectionId: plan.data!.connection.id });
            }}
          />
        ) : (
          <Dialog open onOpenChange={(_, d) => !d.open && setConfirming(false)}>
            <DialogSurface>
              <DialogBody>
                <DialogTitle>Posting cannot start</DialogTitle>
                <DialogContent><ErrorBar error={plan.error} title="What posting would send could not be worked out" /></DialogContent>
                <DialogActions><Button onClick={() => setConfirming(false)}>Close</Button></DialogActions>
              </DialogBody>
            </DialogSurface>
          </Dialog>
        )
      )}
    </section>
  );
}
