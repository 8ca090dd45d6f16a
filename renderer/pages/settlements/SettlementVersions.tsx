import {
  Badge, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, MessageBar, MessageBarBody,
  MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { SettlementListItem, VersionRef } from '../../../core/api/calls/settlements';
import { ErrorBar } from '../../components/ErrorBar';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { useMakeCurrent } from './settlement-hooks';
import { StatusBadge } from './StatusBadge';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', padding: '8px 12px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  shown: { background: tokens.colorNeutralBackground1Selected },
  list: { margin: '4px 0 8px', paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
  file: { display: 'block', width: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  show: { minWidth: 'auto', padding: '0 4px', height: '20px' },
  standing: { paddingLeft: '16px', whiteSpace: 'nowrap' },
});

/** A version as the list shows it, in the shape the make-current call answers with. */
export function versionRef(r: SettlementListItem): VersionRef {
  const difference = r.linesTotal.amount - r.total.amount;
  return {
    versionId: r.versionId, version: r.version, standing: r.status,
    tieOut: { currency: r.currency, declaredTotal: r.total.amount, linesTotal: r.linesTotal.amount, difference, tiesOut: r.tiesOut },
  };
}

const STANDING_TEXT: Record<VersionRef['standing'], string> = { current: 'current', superseded: 'superseded', 'incomplete-copy': 'incomplete copy' };

/** Where a version stands among its settlement's versions; an incomplete copy says so before anything else. */
export function VersionBadge({ row }: { row: SettlementListItem }) {
  const waiting = row.awaitingInErp;
  if (row.status !== 'incomplete-copy' && row.state === 'posting' && waiting) {
    // Created in the ERP, where a person has to post it: not "posting", which would suggest we are still at it.
    return (
      <span data-testid="awaiting-in-erp">
        <Badge appearance="tint" color="warning" data-status="awaiting" style={{ whiteSpace: 'nowrap' }} title={`${waiting.documents} ${waiting.documents === 1 ? 'document was' : 'documents were'} created in ${waiting.connectionName} and must be posted there by a person`}>
          awaiting posting
        </Badge>
        {/* The ERP's name below the badge, where it may wrap: in the badge it ran past a 1280-px list's edge. */}
        <Text size={200} block>in {waiting.connectionName} since <DateText iso={waiting.since} withTime /></Text>
      </span>
    );
  }
  if (row.status !== 'incomplete-copy') return <StatusBadge status={row.state} openBlocking={row.openBlocking} openWarnings={row.openWarnings} />;
  return (
    <Badge appearance="tint" color="danger" data-status="incomplete-copy" title="Its lines do not add up to its declared total (a download cut short?). The current version, whose lines do, stays in use until you choose.">
      incomplete copy
    </Badge>
  );
}

function TieOutText({ t }: { t: VersionRef['tieOut'] }) {
  return t.tiesOut ? (
    <>its lines add up to its declared total of <Amount minor={t.declaredTotal} currency={t.currency} /></>
  ) : (
    <>its lines add up to <Amount minor={t.linesTotal} currency={t.currency} />, not the declared total of <Amount minor={t.declaredTotal} currency={t.currency} /> (difference <Amount minor={t.difference} currency={t.currency} />)</>
  );
}

/**
 * The confirmation before a version becomes current: what will be reviewed and posted from now on, what
 * happens to the version it replaces (and its approval), and that the choice is audited under the user's name.
 */
export function MakeCurrentDialog({ settlementId, target, current, currentApproved, onClose, onDone }: {
  settlementId: string;
  target: VersionRef;
  current: VersionRef | null;
  currentApproved: boolean;
  onClose: () => void;
  onDone?: () => void;
}) {
  const s = useStyles();
  const make = useMakeCurrent();
  const [reason, setReason] = useState('');
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: '640px' }}>
        <DialogBody>
          <DialogTitle>Make version {target.version} of settlement {settlementId} current?</DialogTitle>
          <DialogContent>
            <ul className={s.list}>
              <li>Version {target.version} becomes the version that is reviewed, approved and posted: <TieOutText t={target.tieOut} />.</li>
              {!target.tieOut.tiesOut && <li><b>Approval stays blocked</b> until the difference is explained in the review queue or accepted as a variance.</li>}
              {current && (
                <li>
                  Version {current.version}, now current ({current.tieOut.tiesOut ? 'its lines add up' : 'its lines do not add up'}), is kept but no longer used; you can make it current again later.
                  {currentApproved && <b> Its approval is withdrawn.</b>}
                </li>
              )}
              <li>Your choice is recorded in the audit log under your name, with the reason below.</li>
            </ul>
            <Field label="Reason (kept in the audit log)">
              <Input value={reason} onChange={(_, d) => setReason(d.value)} placeholder={target.tieOut.tiesOut ? 'e.g. the complete file, downloaded again' : 'e.g. Amazon confirmed the rest follows in the next settlement'} />
            </Field>
            <ErrorBar error={make.error} title={`Version ${target.version} was not made current`} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>{current ? `Keep version ${current.version}` : 'Cancel'}</Button>
            <Button
              appearance="primary"
              disabled={make.isPending}
              onClick={() => make.mutate({ versionId: target.versionId, ...(reason.trim() ? { reason: reason.trim() } : {}) }, { onSuccess: () => { onDone?.(); onClose(); } })}
            >
              Make version {target.version} current
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * The versions of the settlement shown, side by side with their tie-outs, when there is more than one:
 * why the one shown is or is not current, and the choice to make another one current.
 */
export function SettlementVersions({ versionId, rows, onShow }: { versionId: number; rows: SettlementListItem[]; onShow: (versionId: number) => void }) {
  const s = useStyles();
  const [choosing, setChoosing] = useState<SettlementListItem | null>(null);
  const shown = rows.find((r) => r.versionId === versionId);
  if (!shown) return null;
  const versions = rows.filter((r) => r.settlementId === shown.settlementId).sort((a, b) => b.version - a.version);
  if (versions.length < 2) return null;
  const current = versions.find((r) => r.status === 'current') ?? null;
  const copies = versions.filter((r) => r.status === 'incomplete-copy');
  return (
    <section className={s.section} aria-label={`Versions of settlement ${shown.settlementId}`} data-testid="settlement-versions">
      {shown.status === 'incomplete-copy' && current && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Incomplete copy</MessageBarTitle>
            Version {shown.version} did not replace version {current.version}: <TieOutText t={versionRef(shown).tieOut} />, while version {current.version}'s lines do add up.
            Version {current.version} stays current unless you choose this one.
          </MessageBarBody>
        </MessageBar>
      )}
      {shown.status === 'current' && copies.length > 0 && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{copies.length === 1 ? 'An incomplete copy is kept beside this version' : `${copies.length} incomplete copies are kept beside this version`}</MessageBarTitle>
            {copies.map((c) => <span key={c.versionId}>Version {c.version}: <TieOutText t={versionRef(c).tieOut} />. </span>)}
            Version {shown.version}'s lines add up, so it stays current.
          </MessageBarBody>
        </MessageBar>
      )}
      {shown.status === 'superseded' && current && (
        <MessageBar intent="info">
          <MessageBarBody>Version {shown.version} is superseded: version {current.version} is current.</MessageBarBody>
        </MessageBar>
      )}
      <Text weight="semibold">Versions of settlement {shown.settlementId}</Text>
      <Table size="extra-small" aria-label={`Versions of settlement ${shown.settlementId}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '8%' }}>Version</TableHeaderCell>
            <TableHeaderCell style={{ width: '14%' }}>Imported</TableHeaderCell>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell style={{ width: '6%' }} className={s.numCell}>Lines</TableHeaderCell>
            <TableHeaderCell style={{ width: '11%' }} className={s.numCell}>Sum of lines</TableHeaderCell>
            <TableHeaderCell style={{ width: '11%' }} className={s.numCell}>Declared total</TableHeaderCell>
            <TableHeaderCell style={{ width: '9%' }} className={s.numCell}>Difference</TableHeaderCell>
            <TableHeaderCell style={{ width: '22%', paddingLeft: '16px' }}>Standing</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {versions.map((v) => (
            <TableRow key={v.versionId} data-version={v.version} className={v.versionId === versionId ? s.shown : ''}>
              <TableCell>
                {v.version}
                {v.versionId !== versionId && <Button size="small" appearance="transparent" className={s.show} onClick={() => onShow(v.versionId)}>show</Button>}
              </TableCell>
              <TableCell><DateText iso={v.importedAt} withTime /></TableCell>
              <TableCell><span className={s.file} title={v.fileName ?? undefined}>{v.fileName ?? '—'}</span></TableCell>
              <TableCell className={s.numCell}>{v.lineCount.toLocaleString()}</TableCell>
              <TableCell className={s.numCell}><Amount minor={v.linesTotal.amount} currency={v.currency} /></TableCell>
              <TableCell className={s.numCell}><Amount minor={v.total.amount} currency={v.currency} /></TableCell>
              <TableCell className={s.numCell}>{v.tiesOut ? '✓ ties out' : <Amount minor={v.linesTotal.amount - v.total.amount} currency={v.currency} />}</TableCell>
              <TableCell className={s.standing}>
                <span title={STANDING_TEXT[v.status]}><VersionBadge row={v} /></span>
                {v.status !== 'current' && (
                  <Button size="small" appearance="subtle" aria-label={`Make version ${v.version} current…`} onClick={() => setChoosing(v)}>Make current…</Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {choosing && (
        <MakeCurrentDialog
          settlementId={shown.settlementId}
          target={versionRef(choosing)}
          current={current ? versionRef(current) : null}
          currentApproved={current?.state === 'approved'}
          onClose={() => setChoosing(null)}
          onDone={() => onShow(choosing.versionId)}
        />
      )}
    </section>
  );
}
