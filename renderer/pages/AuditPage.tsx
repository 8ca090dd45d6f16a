import {
  Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, OverlayDrawer,
  Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { AuditEventView, AuditFilterInput } from '../../core/api';
import type { AuditVerificationView } from '../../core/api/calls/audit';
import { call } from '../api/client';
import { useAuditEvents } from '../api/hooks';
import { saveTextFile } from '../components/download';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime, moneyText, type NegativeStyle } from '../components/format';
import { useNegatives } from '../components/Amount';
import { PageHeader } from '../components/PageHeader';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: '12px', marginBottom: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  nowrap: { whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  row: { cursor: 'pointer' },
  detail: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, maxWidth: '560px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  pre: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, background: tokens.colorNeutralBackground3,
    padding: '8px', borderRadius: tokens.borderRadiusMedium, whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: '40vh', overflow: 'auto',
  },
  facts: { display: 'grid', gridTemplateColumns: '120px 1fr', rowGap: '4px', marginBottom: '12px', fontSize: tokens.fontSizeBase200 },
  verdict: { marginBottom: '8px' },
});

const rowsText = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'row' : 'rows'}`;

/** The verdict of audit.verify in plain words: intact, or which row was changed outside the app and how. */
function VerifyResult({ result }: { result: AuditVerificationView }) {
  const s = useStyles();
  if (result.intact) {
    return (
      <MessageBar intent="success" layout="multiline" className={s.verdict} role="status">
        <MessageBarBody>
          <MessageBarTitle>The audit log is intact.</MessageBarTitle>
          {result.rows === 0 ? 'Nothing is recorded yet.' : `All ${rowsText(result.rows)} are exactly as ml-connector wrote them: none was changed, removed or added by other means.`}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline" className={s.verdict} role="alert">
      <MessageBarBody>
        <MessageBarTitle>The audit log was changed outside ml-connector, at row {result.id}.</MessageBarTitle>
        {result.problem} {result.rows > 0 ? `The ${rowsText(result.rows)} before it are intact.` : ''} Keep a copy of the workspace folder as it is and find out who had access to the file.
      </MessageBarBody>
    </MessageBar>
  );
}

type Kind = AuditEventView['kind'];

/** Detail fields that hold minor units of the detail's `currency`: shown as money, never as a bare integer. */
const MONEY_FIELDS = new Set(['amount', 'difference', 'deposit', 'total', 'totalAmount']);

/** One readable line from the stored JSON detail: key: value · key: value, amounts as money. */
function detailText(e: AuditEventView, negatives: NegativeStyle): string {
  if (!e.detail) return e.response ?? '';
  try {
    const d = JSON.parse(e.detail) as Record<string, unknown>;
    const currency = typeof d.currency === 'string' ? d.currency : null;
    return Object.entries(d)
      .filter(([k]) => !(currency && k === 'currency'))
      .map(([k, v]) => `${k}: ${currency && MONEY_FIELDS.has(k) && Number.isInteger(v) ? moneyText(v as number, currency, negatives) : typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
  } catch {
    return e.detail;
  }
}

function pretty(text: string | null): string {
  if (!text) return '(nothing stored)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A date typed in the user's locale (yyyy-mm-dd from the date input) as a UTC instant at local midnight. */
const localDayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const localDayEnd = (day: string) => (day ? new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined);

export function AuditPage() {
  const s = useStyles();
  const negatives = useNegatives();
  const [kind, setKind] = useState<Kind | ''>('');
  const [system, setSystem] = useState('');
  const [status, setStatus] = useState('');
  const [subject, setSubject] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [open, setOpen] = useState<AuditEventView | null>(null);
  const filter: AuditFilterInput = useMemo(
    () => ({
      ...(kind ? { kind } : {}),
      ...(system ? { system } : {}),
      ...(status ? { status } : {}),
      ...(subject.trim() ? { subjectId: subject.trim() } : {}),
      ...(fromDay ? { from: localDayStart(fromDay) } : {}),
      ...(toDay ? { to: localDayEnd(toDay) } : {}),
    }),
    [kind, system, status, subject, fromDay, toDay],
  );
  const events = useAuditEvents({ ...filter, limit: 500 });
  const facets = useQuery({ queryKey: ['audit', 'facets'], queryFn: () => call('audit.facets', {}) });
  const exportCsv = useMutation({
    mutationFn: () => call('audit.exportCsv', filter),
    onSuccess: (r) => saveTextFile(r.fileName, r.csv),
  });
  const qc = useQueryClient();
  // The check itself is recorded, so the list shows it.
  const verify = useMutation({ mutationFn: () => call('audit.verify', {}), onSettled: () => qc.invalidateQueries({ queryKey: ['audit'] }) });

  return (
    <>
      <PageHeader
        title="Audit log"
        hint="Every external call and every decision, newest first. Secrets and buyer details are removed before anything is stored."
        actions={
          <>
            <Button onClick={() => verify.mutate()} disabled={verify.isPending}>{verify.isPending ? 'Verifying…' : 'Verify audit log'}</Button>
            <Button onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>{exportCsv.isPending ? 'Exporting…' : 'Export CSV'}</Button>
          </>
        }
      />
      {verify.data && <VerifyResult result={verify.data} />}
      <div className={s.filters}>
        <Field label="Kind">
          <Select value={kind} onChange={(_, d) => setKind(d.value as Kind | '')}>
            <option value="">All</option>
            <option value="external_call">External calls</option>
            <option value="decision">Decisions</option>
            <option value="state_change">State changes</option>
          </Select>
        </Field>
        <Field label="System">
          <Select value={system} onChange={(_, d) => setSystem(d.value)}>
            <option value="">All</option>
            {facets.data?.systems.map((x) => <option key={x} value={x}>{x}</option>)}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={status} onChange={(_, d) => setStatus(d.value)}>
            <option value="">All</option>
            {facets.data?.statuses.map((x) => <option key={x} value={x}>{x}</option>)}
          </Select>
        </Field>
        <Field label="About (settlement, connection, order id)">
          <Input value={subject} onChange={(_, d) => setSubject(d.value)} placeholder="any id" />
        </Field>
        <Field label="From">
          <Input type="date" value={fromDay} onChange={(_, d) => setFromDay(d.value)} />
        </Field>
        <Field label="To (inclusive)">
          <Input type="date" value={toDay} onChange={(_, d) => setToDay(d.value)} />
        </Field>
      </div>
      <ErrorBar error={events.error ?? exportCsv.error ?? verify.error} />
      {exportCsv.data && <Text size={200}>Exported {exportCsv.data.rows} events to {exportCsv.data.fileName}.</Text>}
      {events.isLoading && <Spinner size="tiny" label="Loading" />}
      {events.data && events.data.length === 0 && <p>Nothing recorded {Object.keys(filter).length ? 'that matches these filters' : 'yet. Adding or testing a connection is the first thing that appears here'}.</p>}
      {events.data && events.data.length > 0 && (
        <Table size="extra-small" aria-label="Audit events" style={{ tableLayout: 'auto' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>System</TableHeaderCell>
              <TableHeaderCell>Operation</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell className={s.num}>ms</TableHeaderCell>
              <TableHeaderCell>Detail</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.data.map((e) => {
              const at = localDateTime(e.at);
              return (
                <TableRow
                  key={e.id}
                  className={s.row}
                  tabIndex={0}
                  onClick={() => setOpen(e)}
                  onKeyDown={(k) => k.key === 'Enter' && setOpen(e)}
                  aria-label={`${e.operation} at ${at.text}`}
                >
                  <TableCell title={at.title} className={s.nowrap}>{at.text}</TableCell>
                  <TableCell className={s.nowrap}>{e.kind.replace('_', ' ')}</TableCell>
                  <TableCell>{e.system}</TableCell>
                  <TableCell className={s.mono}>{e.operation}</TableCell>
                  <TableCell>{e.actor ?? ''}</TableCell>
                  <TableCell>{e.status ?? ''}</TableCell>
                  <TableCell className={s.num}>{e.durationMs ?? ''}</TableCell>
                  <TableCell><div className={s.detail} title={detailText(e, negatives)}>{detailText(e, negatives)}</div></TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <OverlayDrawer open={open !== null} position="end" size="large" onOpenChange={(_, d) => !d.open && setOpen(null)}>
        {open && (
          <>
            <DrawerHeader>
              <DrawerHeaderTitle action={<Button appearance="subtle" onClick={() => setOpen(null)}>Close</Button>}>
                {open.system} · {open.operation}
              </DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>
              <div className={s.facts}>
                <span>When</span><span title={localDateTime(open.at).title}>{localDateTime(open.at).text} ({localDateTime(open.at).title})</span>
                <span>Status</span><span>{open.status ?? '—'}</span>
                <span>Duration</span><span>{open.durationMs === null ? '—' : `${open.durationMs} ms`}</span>
                <span>Who</span><span>{open.actor ?? '—'}</span>
                <span>About</span><span>{open.subjectType ? `${open.subjectType} ${open.subjectId ?? ''}` : '—'}</span>
                <span>Correlation</span><span>{open.correlationId ?? '—'}</span>
              </div>
              <Text weight="semibold">Request</Text>
              <pre className={s.pre}>{pretty(open.request)}</pre>
              <Text weight="semibold">Response as received</Text>
              <pre className={s.pre}>{pretty(open.response)}</pre>
              <Text weight="semibold">Detail</Text>
              <pre className={s.pre}>{pretty(open.detail)}</pre>
            </DrawerBody>
          </>
        )}
      </OverlayDrawer>
    </>
  );
}
