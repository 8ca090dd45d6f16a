import { Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MappingView, ReferenceDataView } from '../../../core/api/calls/mappings';
import { ErrorBar } from '../../components/ErrorBar';
import { useCheck, useSaveMapping } from './mapping-hooks';
import { TargetPicker } from './TargetPicker';

const ROLES = [
  { role: 'clearing', label: 'Amazon clearing', hint: 'Where the net deposit lands before the bank receives it' },
  { role: 'bank', label: 'Bank', hint: 'Used for the deposit when no clearing account is set' },
  { role: 'reserve', label: 'Reserve', hint: 'Balance-sheet account for amounts Amazon holds back' },
  { role: 'carriedForward', label: 'Carried forward', hint: 'Balances a settlement split at a period end' },
] as const;

const useStyles = makeStyles({
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  refused: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, maxWidth: '420px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function RoleRow({ connectionId, role, label, hint, current, reference }: {
  connectionId: string; role: string; label: string; hint: string; current: MappingView | undefined; reference: ReferenceDataView;
}) {
  const s = useStyles();
  const [target, setTarget] = useState(current?.target ?? '');
  const save = useSaveMapping(connectionId);
  const check = useCheck(target && target !== current?.target ? { connectionId, entry: { kind: 'account', subject: role, target } } : null);
  const problems = check.data?.problems ?? [];
  return (
    <TableRow data-testid={`role-${role}`}>
      <TableCell><Text weight="semibold">{label}</Text><br /><span className={s.hint}>{hint}</span></TableCell>
      <TableCell className={s.mono}>{current ? `${current.target} · ${reference.accounts.find((a) => a.code === current.target)?.name ?? ''}` : '—'}</TableCell>
      <TableCell>
        <TargetPicker label={`${label} account`} records={reference.accounts} value={target} onChange={setTarget} />
        {problems.map((p) => <div key={p.message} className={s.refused} role="alert">{p.message}</div>)}
        <ErrorBar error={save.error} title="Not saved" />
      </TableCell>
      <TableCell>
        <Button size="small" appearance="primary" disabled={!target || target === current?.target || problems.length > 0 || save.isPending}
          onClick={() => save.mutate({ entry: { kind: 'account', subject: role, target }, source: 'editor' })}>
          Save
        </Button>
      </TableCell>
    </TableRow>
  );
}

export function AccountRoles({ connectionId, rules, reference }: { connectionId: string; rules: readonly MappingView[]; reference: ReferenceDataView }) {
  return (
    <Table size="extra-small" aria-label="Settlement accounts" style={{ tableLayout: 'auto', width: 'auto', minWidth: '720px' }}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Role</TableHeaderCell>
          <TableHeaderCell>Now</TableHeaderCell>
          <TableHeaderCell>Account</TableHeaderCell>
          <TableHeaderCell />
        </TableRow>
      </TableHeader>
      <TableBody>
        {ROLES.map((r) => (
          <RoleRow key={r.role} connectionId={connectionId} {...r} reference={reference} current={rules.find((x) => x.kind === 'account' && x.subject === r.role)} />
        ))}
      </TableBody>
    </Table>
  );
}
