import {
  Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Spinner, Subtitle2, Switch, Table, TableBody,
  TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CallInput, ProgressEvent } from '../../core/api';
import { call, newCallId, onEvent } from '../api/client';
import { useConnections } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime, zonedDateTime } from '../components/format';
import { AutoPostSection } from './jobs/AutoPostSection';
import { DesktopSection } from './jobs/DesktopSection';
import { countsInWords, KIND_LABELS, type Job } from './jobs/run-words';
import { SettingsPage } from './SettingsPage';

type JobInput = CallInput<'jobs.save'>;
type Preset = JobInput['schedule']['preset'];

const useStyles = makeStyles({
  section: { marginTop: '28px', display: 'flex', flexDirection: 'column', gap: '10px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '12px' },
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'right' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: '6px' },
  preview: { flexBasis: '100%', display: 'flex', flexDirection: 'column', gap: '2px', fontSize: tokens.fontSizeBase300 },
});

/** The settings place: where the workspace lives, notifications and desktop, sync schedules, auto-post. Runs are under Jobs. */
export function SettingsAndJobsPage() {
  return (
    <>
      <SettingsPage />
      <DesktopSection />
      <JobsPage />
      <AutoPostSection />
    </>
  );
}

/** Sync jobs: what runs when, what the last run did, run now, pause, remove, add. */
export function JobsPage() {
  const s = useStyles();
  const qc = useQueryClient();
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: () => call('jobs.list', {}) });
  const [progress, setProgress] = useState<Record<string, ProgressEvent>>({});
  const [runCall, setRunCall] = useState<{ jobId: string; callId: string } | null>(null);
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'progress' && runCall && e.callId === runCall.callId) setProgress((p) => ({ ...p, [runCall.jobId]: e }));
      }),
    [runCall],
  );
  const invalidate = () => qc.invalidateQueries({ queryKey: ['jobs'] });
  const runNow = useMutation({
    mutationFn: async (jobId: string) => {
      const callId = newCallId();
      setRunCall({ jobId, callId });
      try {
        return await call('jobs.runNow', { id: jobId }, callId);
      } finally {
        setRunCall(null);
        setProgress((p) => {
          const { [jobId]: _done, ...rest } = p;
          return rest;
        });
      }
    },
    onSettled: invalidate,
  });
  const save = useMutation({ mutationFn: (input: JobInput) => call('jobs.save', input), onSuccess: invalidate });
  const remove = useMutation({ mutationFn: (id: string) => call('jobs.remove', { id }), onSuccess: invalidate });

  const toggle = (j: Job) =>
    save.mutate({ id: j.id, name: j.name, kind: j.kind, amazonConnectionId: j.amazonConnectionId, erpConnectionId: j.erpConnectionId, schedule: j.schedule, timeZone: j.timeZone, enabled: !j.enabled });

  return (
    <section className={s.section} aria-label="Sync schedules">
      <Subtitle2 as="h2">Sync schedules</Subtitle2>
      <Text className={s.hint}>
        Jobs run at their time while ml-connector is open on this workspace (the desktop app, also from the tray when that is on, or{' '}
        <code>ml-connector serve</code>) and under <code>ml-connector sync --watch</code>; two of them never run the same job at once. A time missed
        while nothing was running runs once, not once per missed time. Every run is listed under Jobs.
      </Text>
      {jobs.isLoading && <Spinner size="tiny" label="Loading" />}
      <ErrorBar error={jobs.error ?? runNow.error ?? save.error ?? remove.error} />
      {jobs.data && jobs.data.length === 0 && (
        <MessageBar>
          <MessageBarBody>No sync jobs yet. Add one below, for example settlement discovery daily at 06:00.</MessageBarBody>
        </MessageBar>
      )}
      {jobs.data && jobs.data.length > 0 && (
        <Table size="small" aria-label="Sync jobs">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Job</TableHeaderCell>
              <TableHeaderCell>Schedule</TableHeaderCell>
              <TableHeaderCell>Next run</TableHeaderCell>
              <TableHeaderCell>Last run</TableHeaderCell>
              <TableHeaderCell>Enabled</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.data.map((j) => {
              const p = progress[j.id];
              const running = j.running || runCall?.jobId === j.id;
              const next = j.nextRun ? zonedDateTime(j.nextRun, j.timeZone) : null;
              const last = j.lastRun;
              return (
                <TableRow key={j.id}>
                  <TableCell>
                    <div>{j.name}</div>
                    <Text className={s.hint}>{KIND_LABELS[j.kind]}</Text>
                  </TableCell>
                  <TableCell>{j.description}</TableCell>
                  <TableCell title={next?.title}>
                    <div>{next?.text ?? '—'}</div>
                    {j.schedule.preset === 'settlement' && <Text className={s.hint}>{settlementNote(j.expectedSettlementEnd, j.timeZone, j.schedule.time)}</Text>}
                  </TableCell>
                  <TableCell>
                    {running && p ? (
                      <Field validationMessage={`${p.phase}${p.current ? `: ${p.current}` : ''}`} validationState="none">
                        <ProgressBar value={p.total ? p.done / p.total : undefined} />
                      </Field>
                    ) : last ? (
                      <>
                        <Badge appearance="tint" color={last.status === 'succeeded' ? 'success' : last.status === 'running' ? 'informative' : 'danger'}>{last.status}</Badge>{' '}
                        <span title={localDateTime(last.startedAt).title}>{localDateTime(last.startedAt).text}</span>
                        {Object.keys(last.counts).length > 0 && (
                          <div className={s.hint}>{countsInWords(last.counts)}</div>
                        )}
                        {last.error && <div className={last.status === 'succeeded' ? s.hint : s.error}>{last.error}</div>}
                      </>
                    ) : (
                      'never'
                    )}
                  </TableCell>
                  <TableCell>
                    <Switch checked={j.enabled} onChange={() => toggle(j)} aria-label={`${j.name} enabled`} />
                  </TableCell>
                  <TableCell>
                    <div className={s.actions}>
                      <Button size="small" disabled={running} onClick={() => runNow.mutate(j.id)}>Run now</Button>
                      {running && runCall?.jobId === j.id && (
                        <Button size="small" onClick={() => void call('jobs.cancel', { id: j.id })}>Cancel</Button>
                      )}
                      <Button
                        size="small"
                        appearance="subtle"
                        disabled={running}
                        onClick={() => {
                          if (window.confirm(`Remove the job "${j.name}"? It is archived: it stops running, its run history is kept and it can be restored.`)) remove.mutate(j.id);
                        }}
                      >
                        Remove
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <NewJobForm onSave={(input) => save.mutateAsync(input)} saving={save.isPending} />
    </section>
  );
}

/** What the settlement calendar waits for, in the job's time zone. */
function settlementNote(expectedEnd: string | null, timeZone: string, time: string): string {
  return expectedEnd
    ? `Next settlement expected to end ${zonedDateTime(expectedEnd, timeZone).text}; looked for 2 h after, then every 3 h until it is in.`
    : `No settlement of this connection imported yet: daily at ${time} until the first one is in.`;
}

const DEFAULT_NAMES: Record<Job['kind'], string> = {
  'settlement-discovery': 'Settlement discovery',
  'reference-refresh': 'ERP reference refresh',
  'settlement-posting': 'Auto-post',
  'order-invoicing': 'Order invoicing',
  listings: 'Listings',
  'vendor-central': 'Vendor Central',
  'fba-returns': 'FBA returns',
  mcf: 'Multi-Channel Fulfillment',
};

/** Jobs that read from one Amazon connection; the others work with an ERP connection. */
const AMAZON_KINDS: ReadonlySet<Job['kind']> = new Set(['settlement-discovery', 'order-invoicing', 'listings', 'fba-returns']);
/** Jobs that work between an Amazon connection and an ERP connection: the form asks for both. */
const BOTH_KINDS: ReadonlySet<Job['kind']> = new Set(['vendor-central']);

function NewJobForm({ onSave, saving }: { onSave: (input: JobInput) => Promise<unknown>; saving: boolean }) {
  const s = useStyles();
  const connections = useConnections();
  const [kind, setKind] = useState<Job['kind']>('settlement-discovery');
  const [name, setName] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [amazonId, setAmazonId] = useState('');
  const [preset, setPreset] = useState<Preset>('daily');
  const [time, setTime] = useState('06:00');
  const [minute, setMinute] = useState('0');
  const [expression, setExpression] = useState('0 6 * * 1-5');
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const wanted = (connections.data ?? []).filter((c) => (AMAZON_KINDS.has(kind) ? c.kind === 'amazon' : c.kind !== 'amazon'));
  const schedule: JobInput['schedule'] =
    preset === 'hourly' ? { preset, minute: Number(minute) } : preset === 'cron' ? { preset, expression } : { preset, time };
  const chosenConnection = connectionId || wanted[0]?.id || '';
  const amazons = (connections.data ?? []).filter((c) => c.kind === 'amazon');
  const chosenAmazon = BOTH_KINDS.has(kind) ? amazonId || amazons[0]?.id || '' : '';
  const previewInput = {
    kind, schedule, timeZone,
    amazonConnectionId: AMAZON_KINDS.has(kind) ? chosenConnection || null : chosenAmazon || null,
    erpConnectionId: !AMAZON_KINDS.has(kind) ? chosenConnection || null : null,
  };
  // When the job would run, computed by the core (the settlement calendar needs the connection's settlements).
  const preview = useQuery({
    queryKey: ['jobs', 'preview', previewInput],
    queryFn: () => call('jobs.preview', previewInput),
    enabled: chosenConnection !== '' && timeZone.trim() !== '',
    retry: false,
  });

  const submit = async () => {
    const chosen = chosenConnection;
    await onSave({
      name: name.trim() || DEFAULT_NAMES[kind],
      kind,
      amazonConnectionId: AMAZON_KINDS.has(kind) ? chosen : chosenAmazon || null,
      // Order invoicing serves every ERP connection on "Orders as invoices".
      erpConnectionId: !AMAZON_KINDS.has(kind) ? chosen : null,
      schedule,
      timeZone,
    });
    setName('');
  };

  return (
    <form
      className={s.form}
      aria-label="New sync job"
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <Field label="Job">
        <Select
          value={kind}
          onChange={(_, d) => {
            setKind(d.value as Job['kind']);
            setConnectionId('');
            if ((d.value !== 'settlement-discovery' && preset === 'settlement') || (d.value !== 'listings' && preset === 'listings')) setPreset('daily');
            if (d.value === 'order-invoicing') setPreset('hourly');
          }}
        >
          <option value="settlement-discovery">Settlement discovery</option>
          <option value="reference-refresh">ERP reference refresh</option>
          <option value="settlement-posting">Auto-post approved settlements</option>
          <option value="order-invoicing">Invoice shipped orders (hourly)</option>
          <option value="listings">Listings: prices and stock to Amazon</option>
          <option value="fba-returns">FBA customer returns</option>
          {amazons.length > 0 && amazons.length < (connections.data ?? []).length && <option value="vendor-central">Vendor Central: purchase orders, invoices, remittances</option>}
        </Select>
      </Field>
      {BOTH_KINDS.has(kind) && (
        <Field label="Amazon (vendor) connection">
          <Select value={chosenAmazon} onChange={(_, d) => setAmazonId(d.value)}>
            {amazons.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </Select>
        </Field>
      )}
      <Field label="Name">
        <Input value={name} onChange={(_, d) => setName(d.value)} placeholder={DEFAULT_NAMES[kind]} />
      </Field>
      <Field label={BOTH_KINDS.has(kind) ? 'ERP connection' : 'Connection'}>
        <Select value={connectionId || wanted[0]?.id || ''} onChange={(_, d) => setConnectionId(d.value)}>
          {wanted.length === 0 && <option value="">Add a connection first</option>}
          {wanted.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </Select>
      </Field>
      <Field label="When">
        <Select value={preset} onChange={(_, d) => setPreset(d.value as Preset)}>
          <option value="hourly">Every hour</option>
          <option value="daily">Daily</option>
          <option value="weekdays">Weekdays</option>
          {kind === 'settlement-discovery' && <option value="settlement">On the settlement calendar</option>}
          {kind === 'listings' && <option value="listings">Quantities every 15 minutes, prices daily</option>}
          <option value="cron">Cron expression</option>
        </Select>
      </Field>
      {preset === 'hourly' && (
        <Field label="At minute">
          <Input type="number" min={0} max={59} value={minute} onChange={(_, d) => setMinute(d.value)} style={{ width: '80px' }} />
        </Field>
      )}
      {(preset === 'daily' || preset === 'weekdays') && (
        <Field label="At">
          <Input type="time" value={time} onChange={(_, d) => setTime(d.value)} />
        </Field>
      )}
      {preset === 'listings' && (
        <Field label="Prices daily from">
          <Input type="time" value={time} onChange={(_, d) => setTime(d.value)} />
        </Field>
      )}
      {preset === 'settlement' && (
        <Field label="Daily at, until a settlement is known">
          <Input type="time" value={time} onChange={(_, d) => setTime(d.value)} />
        </Field>
      )}
      {preset === 'cron' && (
        <Field label="Cron" hint="minute hour day month weekday">
          <Input value={expression} onChange={(_, d) => setExpression(d.value)} />
        </Field>
      )}
      <Field label="Time zone">
        <Input value={timeZone} onChange={(_, d) => setTimeZone(d.value)} />
      </Field>
      <Button type="submit" appearance="primary" disabled={saving || wanted.length === 0}>Add job</Button>
      <div className={s.preview} role="status" aria-label="Next run of the new job">
        {preview.data?.nextRun ? (
          <>
            <span>Next run: <strong title={zonedDateTime(preview.data.nextRun, timeZone).title}>{zonedDateTime(preview.data.nextRun, timeZone).text}</strong></span>
            {preset === 'settlement' && <Text className={s.hint}>{settlementNote(preview.data.expectedSettlementEnd, timeZone, time)}</Text>}
          </>
        ) : preview.error ? (
          <Text className={s.error}>{preview.error.message}</Text>
        ) : null}
      </div>
    </form>
  );
}
