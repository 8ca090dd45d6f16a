import {
  Badge, Button, Field, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Spinner, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../core/api';
import { call, onEvent } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { localDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { countsInWords, durationInWords, KIND_LABELS, TRIGGER_WORDS, type Run } from './run-words';

const useStyles = makeStyles({
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, padding: '2px 0' },
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, padding: '2px 0' },
  toolbar: { display: 'flex', alignItems: 'flex-end', gap: '12px', marginBottom: '8px' },
  actions: { display: 'flex', gap: '6px' },
  progress: { minWidth: '220px' },
  // A date and time read as one: never broken between the day and the hour.
  when: { whiteSpace: 'nowrap' },
});

const STATUS_COLOR: Record<Run['status'], 'success' | 'informative' | 'danger' | 'warning'> = { succeeded: 'success', running: 'informative', failed: 'danger', cancelled: 'warning' };

/**
 * The Jobs view: every run of every sync job, newest first, with when it started and ended, what it found and
 * did, its live progress, and why it failed in plain words; Cancel a running run, Run again a failed one.
 */
export function RunsPage() {
  const s = useStyles();
  const qc = useQueryClient();
  const [jobId, setJobId] = useState('');
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: () => call('jobs.list', {}) });
  const runs = useQuery({ queryKey: ['jobs', 'runs', jobId], queryFn: () => call('jobs.runs', { ...(jobId ? { jobId } : {}), limit: 100 }) });
  const [progress, setProgress] = useState<Record<number, ProgressEvent>>({});
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(
    () =>
      onEvent((e) => {
        const m = e.type === 'progress' ? /^sync-run:(\d+)$/.exec(e.callId) : null;
        if (m && e.type === 'progress') setProgress((p) => ({ ...p, [Number(m[1])]: e }));
      }),
    [],
  );
  const invalidate = () => qc.invalidateQueries({ queryKey: ['jobs'] });
  const rerun = useMutation({ mutationFn: (id: string) => call('jobs.runNow', { id }), onSettled: invalidate });
  const cancel = useMutation({
    mutationFn: (id: string) => call('jobs.cancel', { id }),
    onSuccess: (r) =>
      setNotice(r.cancelled ? 'Asked to stop: the run ends after its current step.' : 'That run is going on in another ml-connector on this workspace (for example ml-connector sync --watch); stop it there.'),
  });
  const names = new Map((jobs.data ?? []).map((j) => [j.id, j]));

  return (
    <>
      <PageHeader
        title="Jobs"
        hint="Every run of the sync jobs, newest first. Jobs run at their times while ml-connector is open; schedules are under Settings."
      />
      <div className={s.toolbar}>
        <Field label="Show runs of">
          <Select value={jobId} onChange={(_, d) => setJobId(d.value)} aria-label="Show runs of">
            <option value="">All jobs</option>
            {(jobs.data ?? []).map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
          </Select>
        </Field>
      </div>
      {runs.isLoading && <Spinner size="tiny" label="Loading" />}
      <ErrorBar error={runs.error ?? rerun.error ?? cancel.error} />
      {notice && (
        <MessageBar intent="info">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {runs.data && runs.data.length === 0 && (
        <MessageBar>
          <MessageBarBody>No runs yet. Add a schedule under Settings, or use Run now there.</MessageBarBody>
        </MessageBar>
      )}
      {runs.data && runs.data.length > 0 && (
        <Table size="small" aria-label="Sync runs">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '22%' }}>Job</TableHeaderCell>
              <TableHeaderCell style={{ width: '164px' }}>Started</TableHeaderCell>
              <TableHeaderCell style={{ width: '164px' }}>Ended</TableHeaderCell>
              <TableHeaderCell style={{ width: '96px' }}>Status</TableHeaderCell>
              <TableHeaderCell>What it did</TableHeaderCell>
              <TableHeaderCell style={{ width: '96px' }} />
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.data.map((r) => {
              const job = names.get(r.jobId);
              const p = progress[r.id];
              const started = localDateTime(r.startedAt);
              const ended = r.endedAt ? localDateTime(r.endedAt) : null;
              return (
                <TableRow key={r.id} aria-label={`Run ${r.id}`}>
                  <TableCell>
                    <div>{job?.name ?? 'Removed job'}</div>
                    <Text className={s.hint}>{job ? KIND_LABELS[job.kind] : r.jobId} · {TRIGGER_WORDS[r.trigger]}</Text>
                  </TableCell>
                  <TableCell className={s.when} title={started.title}>{started.text}</TableCell>
                  <TableCell className={s.when} title={ended?.title}>
                    {ended ? <>{ended.text}<div className={s.hint}>took {durationInWords(r.startedAt, r.endedAt!)}</div></> : '—'}
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={STATUS_COLOR[r.status]}>{r.status}</Badge>
                    {r.lives > 1 && <div className={s.hint}>resumed {r.lives - 1}×</div>}
                  </TableCell>
                  <TableCell>
                    {r.status === 'running' ? (
                      <Field className={s.progress} validationState="none" validationMessage={p ? `${p.phase}${p.current ? `: ${p.current}` : ''}${p.total ? ` (${p.done} of ${p.total})` : ''}` : r.phase ?? 'Starting'}>
                        <ProgressBar value={p?.total ? p.done / p.total : r.progressTotal ? r.progressDone / r.progressTotal : undefined} />
                      </Field>
                    ) : (
                      Object.keys(r.counts).length > 0 && <div>{countsInWords(r.counts)}</div>
                    )}
                    {r.error && <div className={r.status === 'succeeded' ? s.note : s.error}>{r.error}</div>}
                  </TableCell>
                  <TableCell>
                    <div className={s.actions}>
                      {r.status === 'running' && <Button size="small" onClick={() => cancel.mutate(r.jobId)}>Cancel</Button>}
                      {(r.status === 'failed' || r.status === 'cancelled') && job && (
                        <Button size="small" disabled={job.running || rerun.isPending} onClick={() => rerun.mutate(r.jobId)}>Run again</Button>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </>
  );
}
