import {
  makeStyles, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Field, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AuditEventView } from '../../core/api';
import { useAuditEvents } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: '12px', marginBottom: '8px' },
  nowrap: { whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  detail: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, maxWidth: '560px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

type Kind = AuditEventView['kind'];

/** One readable line from the stored JSON detail: key: value · key: value. */
function detailText(e: AuditEventView): string {
  if (!e.detail) return e.response ?? '';
  try {
    const d = JSON.parse(e.detail) as Record<string, unknown>;
    return Object.entries(d)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
  } catch {
    return e.detail;
  }
}

export function AuditPage() {
  const s = useStyles();
  const [kind, setKind] = useState<Kind | ''>('');
  const events = useAuditEvents(kind ? { kind, limit: 500 } : { limit: 500 });
  return (
    <>
      <PageHeader title="Audit log" hint="Every external call and every decision, newest first. Secrets and buyer details are removed before anything is stored." />
      <div className={s.filters}>
        <Field label="Kind" orientation="horizontal">
          <Select value={kind} onChange={(_, d) => setKind(d.value as Kind | '')}>
            <option value="">All</option>
            <option value="external_call">External calls</option>
            <option value="decision">Decisions</option>
            <option value="state_change">State changes</option>
          </Select>
        </Field>
      </div>
      <ErrorBar error={events.error} />
      {events.isLoading && <Spinner size="tiny" label="Loading" />}
      {events.data && events.data.length === 0 && <p>Nothing recorded yet. Adding or testing a connection is the first thing that appears here.</p>}
      {events.data && events.data.length > 0 && (
        <Table size="extra-small" aria-label="Audit events" style={{ tableLayout: "auto" }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 160 }}>When</TableHeaderCell>
              <TableHeaderCell style={{ width: 110 }}>Kind</TableHeaderCell>
              <TableHeaderCell style={{ width: 120 }}>System</TableHeaderCell>
              <TableHeaderCell style={{ width: 170 }}>Operation</TableHeaderCell>
              <TableHeaderCell style={{ width: 90 }}>Who</TableHeaderCell>
              <TableHeaderCell style={{ width: 120 }}>Status</TableHeaderCell>
              <TableHeaderCell style={{ width: 60 }} className={s.num}>ms</TableHeaderCell>
              <TableHeaderCell>Detail</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.data.map((e) => {
              const at = localDateTime(e.at);
              return (
                <TableRow key={e.id}>
                  <TableCell title={at.title} className={s.nowrap}>{at.text}</TableCell>
                  <TableCell className={s.nowrap}>{e.kind.replace('_', ' ')}</TableCell>
                  <TableCell>{e.system}</TableCell>
                  <TableCell className={s.mono}>{e.operation}</TableCell>
                  <TableCell>{e.actor ?? ''}</TableCell>
                  <TableCell>{e.status ?? ''}</TableCell>
                  <TableCell className={s.num}>{e.durationMs ?? ''}</TableCell>
                  <TableCell><div className={s.detail} title={detailText(e)}>{detailText(e)}</div></TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </>
  );
}
